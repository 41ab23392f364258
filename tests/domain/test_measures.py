"""Outcome measures and the treatment profile, as CLINICAL.md states them."""

from datetime import date, timedelta
from fractions import Fraction

import pytest

from webapp.domain.measures import (
    GPE,
    INTAKE_SCREEN,
    FactorGroup,
    Moment,
    Profile,
    check_score,
    external_score_problem,
    is_responder,
    moment_due,
    propose_profile,
    psk_change,
    psk_mean_change,
    screen_errors,
    suggested_template,
)

START = date(2026, 1, 5)
NO_FACTORS = {q.key: ("no" if q.factor_when == "yes" else "yes") for q in INTAKE_SCREEN}


def answers(**factors: bool) -> dict[str, str]:
    """A screen with no factors present except the ones named."""
    result = dict(NO_FACTORS)
    for key in factors:
        question = next(q for q in INTAKE_SCREEN if q.key == key)
        result[key] = question.factor_when
    return result


# PSK: difficulty 0 = none .. 10 = impossible; change = intake minus now.


def test_a_psk_activity_that_got_easier_has_a_positive_change():
    assert psk_change(at_intake=8, now=3) == 5


def test_a_psk_activity_that_got_harder_has_a_negative_change():
    assert psk_change(at_intake=4, now=6) == -2


def test_the_mean_psk_change_counts_only_activities_scored_at_both_moments():
    assert psk_mean_change([(8, 3), (6, 5), (7, None)]) == Fraction(6, 2)


def test_without_a_pair_there_is_no_mean_change():
    assert psk_mean_change([(None, 3)]) is None


@pytest.mark.parametrize("score", [-1, 11, None, True, 2.5])
def test_a_score_outside_0_to_10_is_refused(score):
    assert not check_score(score)


@pytest.mark.parametrize("score", [0, 10])
def test_the_ends_of_the_scale_are_scores(score):
    assert check_score(score)


# GPE: 7 steps; responder = completely recovered or much improved.


def test_gpe_has_seven_steps_from_recovered_to_worse_than_ever():
    assert [g.step for g in GPE] == [1, 2, 3, 4, 5, 6, 7]
    assert GPE.RECOVERED.step == 1 and GPE.WORSE_THAN_EVER.step == 7


def test_recovered_or_much_improved_is_a_responder_and_nothing_else_is():
    assert {g for g in GPE if is_responder(g)} == {GPE.RECOVERED, GPE.MUCH_IMPROVED}


# Moments: intake, week 6, week 12, close.


def test_intake_is_asked_first():
    assert moment_due(START, START, set()) == Moment.INTAKE


def test_nothing_is_asked_between_intake_and_week_6():
    assert moment_due(START, START + timedelta(days=41), {Moment.INTAKE}) is None


def test_week_6_is_asked_from_day_42():
    assert moment_due(START, START + timedelta(days=42), {Moment.INTAKE}) == Moment.WEEK_6


def test_week_12_supersedes_a_missed_week_6():
    assert moment_due(START, START + timedelta(days=84), {Moment.INTAKE}) == Moment.WEEK_12


def test_a_moment_answered_is_not_asked_again():
    done = {Moment.INTAKE, Moment.WEEK_6}
    assert moment_due(START, START + timedelta(days=50), done) is None


def test_when_the_physio_closes_the_close_moment_is_asked_once():
    assert moment_due(START, START + timedelta(days=20), {Moment.INTAKE}, closing=True) == (
        Moment.CLOSE
    )
    assert moment_due(START, START, {Moment.INTAKE, Moment.CLOSE}, closing=True) is None


# Treatment profile: the screen proposes, the physio decides.


def test_the_screen_asks_about_all_four_groups_in_8_to_12_questions():
    assert 8 <= len(INTAKE_SCREEN) <= 12
    assert {q.group for q in INTAKE_SCREEN} == set(FactorGroup)


def test_no_factors_propose_a_low_risk_and_the_stay_active_template():
    proposal = propose_profile(NO_FACTORS, pain=4)
    assert proposal.profile == Profile.LOW
    assert proposal.template == "stay_active"


def test_two_psychosocial_factors_propose_a_raised_risk():
    proposal = propose_profile(answers(stress=True, fear_of_moving=True), pain=3)
    assert proposal.profile == Profile.RAISED
    assert proposal.factors[FactorGroup.PSYCHOSOCIAL] == ("stress", "fear_of_moving")


def test_not_expecting_to_recover_counts_as_a_psychosocial_factor():
    proposal = propose_profile(answers(expects_recovery=True, low_mood=True), pain=3)
    assert proposal.profile == Profile.RAISED


def test_one_psychosocial_factor_alone_stays_low():
    assert propose_profile(answers(stress=True), pain=3).profile == Profile.LOW


def test_four_factors_from_any_group_propose_a_raised_risk():
    chosen = answers(earlier_episodes=True, leg_pain=True, poor_health=True, heavy_work=True)
    assert propose_profile(chosen, pain=3).profile == Profile.RAISED


def test_high_pain_counts_as_a_back_related_factor():
    chosen = answers(earlier_episodes=True, leg_pain=True, heavy_work=True)
    assert propose_profile(chosen, pain=6).profile == Profile.LOW
    assert propose_profile(chosen, pain=7).profile == Profile.RAISED


def test_three_psychosocial_factors_dominate():
    chosen = answers(stress=True, low_mood=True, fears_the_worst=True)
    assert propose_profile(chosen, pain=2).psychosocial_dominant
    assert not propose_profile(answers(stress=True, low_mood=True), pain=2).psychosocial_dominant


def test_raised_risk_suggests_graded_activity():
    assert suggested_template(Profile.RAISED) == "build_up"


def test_not_working_is_an_answer_only_to_the_work_questions():
    chosen = dict(NO_FACTORS, heavy_work="not_working")
    assert screen_errors(chosen) == []
    assert screen_errors(dict(NO_FACTORS, stress="not_working")) == ["stress"]


def test_an_unanswered_question_is_named():
    chosen = dict(NO_FACTORS)
    del chosen["leg_pain"]
    assert screen_errors(chosen) == ["leg_pain"]


# Scores measured elsewhere: the total in the instrument's own range, never its items.


@pytest.mark.parametrize(
    ("key", "total", "subscale", "problem"),
    [
        ("start_back", 6, 3, None),
        ("start_back", 10, 3, "total"),
        ("start_back", 6, None, "subscale"),  # STarT Back has a psychosocial subscale
        ("start_back", 2, 4, "subscale"),  # part of the total, so never above it
        ("start_back", 6, 6, "subscale"),
        ("qbpds", 100, None, None),
        ("qbpds", 101, None, "total"),
        ("odi", 40, None, None),
        ("odi", 40, 3, "subscale"),  # only STarT Back has one
        ("rmdq", 24, None, None),
        ("rmdq", 25, None, "total"),
        ("rmdq", -1, None, "total"),
        ("sf36", 50, None, "instrument"),
    ],
)
def test_a_score_measured_elsewhere_fits_its_instrument(key, total, subscale, problem):
    assert external_score_problem(key, total, subscale) == problem
