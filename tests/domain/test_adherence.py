"""Adherence, defined once: a session is done in full, in part, or not at all."""

from webapp.domain.adherence import Adherence, Share, count_shares, session_share


def test_a_session_logged_as_done_without_amounts_counts_in_full():
    assert session_share("done", []) is Share.FULL


def test_part_of_it_without_amounts_is_partial_not_full_and_not_nothing():
    assert session_share("partial", []) is Share.PARTIAL
    assert session_share("partial", [(None, 10), (None, 8)]) is Share.PARTIAL


def test_part_of_it_is_never_a_full_session_whatever_the_amounts():
    assert session_share("partial", [(10, 10), (8, 8)]) is Share.PARTIAL


def test_done_counts_in_full_only_when_every_amount_reached_90_percent_of_the_quota():
    assert session_share("done", [(9, 10), (20, 20)]) is Share.FULL
    assert session_share("done", [(8, 10), (20, 20)]) is Share.PARTIAL


def test_an_unknown_quota_or_amount_says_nothing_about_the_session():
    assert session_share("done", [(4, None), (None, 10)]) is Share.FULL


def test_skipped_or_not_logged_is_nothing():
    assert session_share("skipped", [(10, 10)]) is Share.NONE
    assert session_share(None, []) is Share.NONE


def test_the_percentage_counts_full_sessions_per_planned_session():
    found = count_shares(4, [Share.FULL, Share.PARTIAL, Share.NONE, Share.FULL])
    assert found == Adherence(planned=4, full=2, partial=1)
    assert found.percent == 50
    assert Adherence(planned=0, full=0).percent == 0
