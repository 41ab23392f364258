"""A change to a running ramp continues from this week's quota; it drops only when asked."""

import itertools

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from webapp.domain.progression import (
    Decision,
    Drop,
    RampParams,
    continued_ramp,
    first_drop,
    quota_for_week,
    ramp,
    weeks_left,
)

A, H, F = Decision.ADVANCED, Decision.HELD, Decision.FLARE
PROPERTY = settings(max_examples=300, deadline=None, database=None)
DAAN = RampParams(q0=10, goal=30, weeks=10)  # 10, 12, 14, 17, 19, ... 30 minutes


def _history(draw_decisions: list[Decision]) -> list[Decision]:
    """Decisions as the app stores them: never a flare right after a flare."""
    kept: list[Decision] = []
    for decision in draw_decisions:
        kept.append(H if decision == F and kept and kept[-1] == F else decision)
    return kept


ramps = st.builds(
    lambda q0, extra, weeks: RampParams(q0=q0, goal=q0 + extra, weeks=weeks),
    st.integers(1, 300),
    st.integers(0, 300),
    st.integers(6, 12),
)
histories = st.lists(st.sampled_from([A, H, F]), max_size=14).map(_history)


def test_changing_only_the_goal_keeps_daan_at_his_level():
    # Week 4 of his ramp (three advanced weeks): he walks 17 minutes this week.
    history = [A, A, A, None]
    this_week = quota_for_week(DAAN, history, 3)
    assert this_week == 17
    new = continued_ramp(this_week, RampParams(q0=10, goal=25, weeks=10))
    assert new == RampParams(q0=17, goal=25, weeks=10)
    assert ramp(new)[0] == 17


def test_a_lower_goal_than_this_week_holds_the_current_amount():
    new = continued_ramp(17, RampParams(q0=10, goal=15, weeks=6))
    assert ramp(new) == [17] * 6


def test_a_chosen_lower_amount_is_taken_as_asked_and_the_drop_is_named():
    asked = RampParams(q0=10, goal=25, weeks=10)
    new = continued_ramp(17, asked, lower=True)
    assert new == asked
    outlook = [10, 12, 14, 17, *ramp(new)]
    assert first_drop(outlook, 3) == Drop(week=4, before=17, after=10)


def test_a_start_above_this_week_is_kept():
    asked = RampParams(q0=20, goal=30, weeks=8)
    assert continued_ramp(17, asked) == asked


def test_no_drop_is_found_in_a_rising_outlook_nor_in_the_weeks_before_the_change():
    assert first_drop([10, 12, 8, 12, 14, 14, 16], 3) is None
    assert first_drop([10, 12, 8, 12], 1) == Drop(week=2, before=12, after=8)


def test_the_weeks_left_count_the_levels_still_to_climb_within_six_to_twelve():
    assert weeks_left(DAAN, [A, A, A, None], 3) == 7  # levels 3..9
    assert weeks_left(DAAN, [A] * 8 + [None], 8) == 6  # two levels left, at least 6 weeks
    assert weeks_left(RampParams(q0=5, goal=30, weeks=12), [None], 0) == 12


@PROPERTY
@given(
    old=ramps,
    history=histories,
    q0=st.integers(1, 600),
    extra=st.integers(0, 600),
    weeks=st.integers(6, 12),
)
def test_from_the_change_week_on_the_quotas_never_drop_unless_asked(old, history, q0, extra, weeks):
    current = len(history)
    this_week = quota_for_week(old, [*history, None], current)
    new = continued_ramp(this_week, RampParams(q0=q0, goal=q0 + extra, weeks=weeks))
    ahead = [this_week, *ramp(new)]
    assert all(later >= earlier for earlier, later in itertools.pairwise(ahead))
    assert first_drop(ahead, 0) is None
    # The goal the physio asked for is kept whenever it is not below this week.
    assert new.goal == max(q0 + extra, this_week)
    assert new.weeks == weeks


@PROPERTY
@given(old=ramps, history=histories, q0=st.integers(1, 600), weeks=st.integers(6, 12))
def test_a_chosen_lower_start_is_always_named_as_a_drop(old, history, q0, weeks):
    current = len(history)
    this_week = quota_for_week(old, [*history, None], current)
    assume(q0 < this_week)
    new = continued_ramp(this_week, RampParams(q0=q0, goal=q0, weeks=weeks), lower=True)
    ahead = [this_week, *ramp(new)]
    assert first_drop(ahead, 0) == Drop(week=1, before=this_week, after=q0)
