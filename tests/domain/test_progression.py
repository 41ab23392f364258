"""Graded activity: a fixed ramp of quotas, advanced by sessions done, never cut by pain."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.domain.progression import (
    Advice,
    Decision,
    ProgressionError,
    RampParams,
    can_declare_flare,
    cap_amount,
    decide_week,
    escalation_flags,
    goal_reached,
    level_for_week,
    level_quota,
    planned_quotas,
    propose,
    quota_for_week,
    ramp,
)

A, H, F = Decision.ADVANCED, Decision.HELD, Decision.FLARE
WALK = RampParams(q0=8, goal=30, weeks=11)  # B = 10 min walking, 80% start, 30 min goal
START = date(2026, 11, 30)
PROPERTY = settings(max_examples=200, deadline=None, database=None)


# Rule 1: the ramp


def test_the_ramp_runs_from_the_start_quota_to_exactly_the_goal():
    assert ramp(WALK) == [8, 10, 12, 15, 17, 19, 21, 23, 26, 28, 30]


def test_half_steps_round_up():
    assert ramp(RampParams(q0=8, goal=12, weeks=9)) == [8, 9, 9, 10, 10, 11, 11, 12, 12]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"q0": 8, "goal": 6, "weeks": 11}, "start quota (8) <= goal (6)"),
        ({"q0": 8, "goal": 30, "weeks": 5}, "6 to 12 weeks, not 5"),
        ({"q0": 8, "goal": 30, "weeks": 13}, "6 to 12 weeks, not 13"),
        ({"q0": 8, "goal": 30, "weeks": 11, "minimum": 0}, "1 <= minimum (0)"),
        ({"q0": 8, "goal": 30, "weeks": 11, "minimum": 9}, "minimum (9) <= start quota (8)"),
        ({"q0": 7.5, "goal": 30, "weeks": 11}, "q0 must be a whole number"),
    ],
)
def test_a_ramp_that_makes_no_sense_is_refused_with_a_reason(fields, message):
    with pytest.raises(ProgressionError, match=re.escape(message)):
        RampParams(**fields)


def test_a_flare_in_the_first_week_steps_back_one_step_below_the_start():
    assert level_quota(WALK, -1) == 6  # 8 - round(2.2)


def test_the_step_back_before_the_start_is_at_least_one_and_never_below_the_minimum():
    assert level_quota(RampParams(q0=5, goal=5, weeks=6), -1) == 4
    assert level_quota(RampParams(q0=2, goal=30, weeks=6), -1) == 1
    assert level_quota(RampParams(q0=3, goal=30, weeks=6, minimum=3), -1) == 3


# Rule 2: the quota of a week follows from the decisions before it


def test_advance_moves_up_a_level_held_and_flare_keep_it():
    decisions = [A, A, H, F, A, None]
    assert [level_for_week(WALK, decisions, w) for w in range(6)] == [0, 1, 2, 2, 2, 3]
    assert [quota_for_week(WALK, decisions, w) for w in range(6)] == [8, 10, 12, 10, 12, 15]


def test_a_flare_is_for_this_week_only_then_the_plan_continues():
    assert quota_for_week(WALK, [F], 0) == 6
    assert quota_for_week(WALK, [F, None], 1) == 8


def test_after_the_goal_the_quota_stays_at_the_goal():
    assert quota_for_week(WALK, [A] * 20, 20) == 30


def test_weeks_beyond_the_decisions_are_undecided():
    assert quota_for_week(WALK, [A], 5) == 10


def test_the_ramp_ahead_assumes_every_coming_week_advances():
    assert planned_quotas(WALK, [A, H, None], weeks_ahead=3) == [8, 10, 10, 12, 15, 17]
    assert planned_quotas(WALK, [], weeks_ahead=10) == ramp(WALK)
    assert planned_quotas(WALK, [A, F], weeks_ahead=2) == [8, 8, 10, 12]


# Rule 3: closing a week


def test_two_of_three_sessions_at_ninety_percent_advance_the_week():
    assert decide_week(3, [1.0, 0.9, 0.4]) == A
    assert decide_week(3, [1.0, 0.89, 0.4]) == H


def test_two_thirds_of_the_planned_days_advance():
    assert decide_week(5, [1.0] * 4) == A
    assert decide_week(5, [1.0] * 3) == H


def test_extra_sessions_count_but_never_lower_the_bar():
    assert decide_week(3, [1.0, 1.0, 1.0, 1.0]) == A
    assert decide_week(3, [0.5, 0.5, 1.0, 1.0]) == A
    assert decide_week(3, [0.5, 0.5, 0.5, 1.0]) == H


def test_no_planned_sessions_or_no_logs_hold():
    assert decide_week(0, [1.0, 1.0]) == H
    assert decide_week(3, []) == H


def test_a_negative_session_fraction_is_refused():
    with pytest.raises(ProgressionError):
        decide_week(3, [-0.1])


# Rule 4: neither less nor more than agreed


def test_the_log_caps_at_the_quota_and_says_so():
    assert cap_amount(12, 10) == (10, True)
    assert cap_amount(10, 10) == (10, False)
    assert cap_amount(4, 10) == (4, False)
    with pytest.raises(ProgressionError):
        cap_amount(-1, 10)


# Rule 5: a flare for at most one week


def test_a_flare_can_be_declared_but_not_twice_in_a_row():
    assert can_declare_flare([], 0)
    assert can_declare_flare([A, None], 1)
    assert not can_declare_flare([F], 0)
    assert not can_declare_flare([F, None], 1)
    assert can_declare_flare([F, A, None], 2)


# Rule 6: the goal


def test_the_goal_is_reached_once_a_week_at_the_goal_advanced():
    params = RampParams(q0=8, goal=18, weeks=6)
    assert not goal_reached(params, [A] * 5)
    assert not goal_reached(params, [A] * 5 + [H, F])
    assert goal_reached(params, [A] * 5 + [H, A])


# Rule 7: the proposal after the baseline week


def test_ten_minutes_of_walking_needs_twelve_weeks_to_reach_thirty():
    proposal = propose([9, 10, 11], "minutes")
    assert (proposal.baseline, proposal.q0, proposal.goal, proposal.weeks) == (10.0, 8, 30, 11)
    assert proposal.step == pytest.approx(2.2)  # above 20% of the baseline (2)
    assert proposal.advice == Advice.MORE_WEEKS == "more_weeks"
    assert proposal.suggested_weeks == 12  # 22 / 11 = 2
    assert proposal.params() == WALK


def test_when_even_twelve_weeks_are_too_steep_a_lower_goal_is_proposed():
    proposal = propose([5], "minutes")  # q0 4, goal 30: 26 / 11 > 1 still
    assert proposal.advice == Advice.LOWER_GOAL
    assert proposal.suggested_goal == 14  # 4 + 20% of 5 x 10 steps


def test_a_flat_ramp_is_proposed_in_fewer_weeks():
    proposal = propose([20], "minutes")  # q0 16, goal 30: 1.4 a week, below 10% (2)
    assert proposal.advice == Advice.FEWER_WEEKS
    assert proposal.suggested_weeks == 8  # 14 / 7 = 2


def test_a_step_within_ten_to_twenty_percent_needs_no_advice():
    proposal = propose([10, 10, 10], "reps")  # q0 8, goal 20: 1.2 a week
    assert (proposal.goal, proposal.advice) == (20, None)


def test_the_physio_may_start_at_seventy_percent_rounded_half_up():
    assert propose([15], "minutes", start_fraction=0.7).q0 == 11  # 10.5, not 10


def test_default_goals_by_unit():
    assert propose([35], "minutes").goal == 42  # 1.2 x B
    assert propose([100], "minutes").goal == 90  # capped
    assert propose([120], "minutes").goal == 96  # never below q0
    assert propose([25], "reps").goal == 50  # 2 x B, below q0 + 30
    assert propose([40], "reps").goal == 62  # q0 32 + 30
    assert propose([20], "hold").goal == 40
    assert propose([50], "hold").goal == 60


def test_the_baseline_is_shown_with_one_decimal():
    proposal = propose([10, 10, 11], "minutes")
    assert (proposal.baseline, proposal.q0) == (10.3, 8)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (([], "minutes"), {}),
        (([5, 5, 5, 5], "minutes"), {}),
        (([5, 0], "minutes"), {}),
        (([5], "km"), {}),
        (([10], "minutes"), {"start_fraction": 0.75}),
        (([10], "minutes"), {"weeks": 13}),
        (([10], "minutes"), {"goal": 7}),
        (([float("nan")], "minutes"), {}),
    ],
)
def test_a_proposal_from_unusable_input_is_refused(args, kwargs):
    with pytest.raises(ProgressionError):
        propose(*args, **kwargs)


# Rule 8: when to tell the physio


def test_two_held_weeks_in_a_row_escalate():
    assert escalation_flags([A, H, H], START, START, START) == {"two_held"}
    assert escalation_flags([H, A, H], START, START, START) == set()


def test_three_weeks_without_an_advance_escalate():
    assert escalation_flags([H, F, H], START, START, START) == {"no_increase_3_weeks"}
    assert escalation_flags([H, H], START, START, START) == {"two_held"}


def test_seven_days_without_a_log_escalate():
    week_later = START + timedelta(days=7)
    assert escalation_flags([], START, week_later, START) == {"no_log_7_days"}
    assert escalation_flags([], START, week_later - timedelta(days=1), START) == set()


def test_without_any_log_the_seven_days_count_from_the_start():
    assert escalation_flags([], None, START + timedelta(days=7), START) == {"no_log_7_days"}
    assert escalation_flags([], None, START + timedelta(days=6), START) == set()
    assert escalation_flags([], None, START, None) == set()


def test_a_log_from_before_the_start_does_not_shorten_the_grace():
    baseline_log = START - timedelta(days=5)
    assert escalation_flags([], baseline_log, START + timedelta(days=3), START) == set()


# Properties over random ramps and random weeks


@st.composite
def ramp_params(draw):
    minimum = draw(st.integers(1, 20))
    q0 = draw(st.integers(minimum, minimum + 60))
    goal = draw(st.integers(q0, q0 + 150))
    return RampParams(q0=q0, goal=goal, weeks=draw(st.integers(6, 12)), minimum=minimum)


decision_lists = st.lists(st.sampled_from(Decision), max_size=30)


def quotas(params, decisions):
    return [quota_for_week(params, decisions, w) for w in range(len(decisions) + 2)]


@PROPERTY
@given(ramp_params(), decision_lists)
def test_the_quota_stays_between_start_and_goal_except_a_flare_dips(params, decisions):
    for week, quota in enumerate(quotas(params, decisions)):
        assert params.minimum <= quota <= params.goal
        if week >= len(decisions) or decisions[week] != F:
            assert quota >= params.q0


@PROPERTY
@given(ramp_params(), decision_lists)
def test_the_level_never_goes_down(params, decisions):
    levels = [level_for_week(params, decisions, w) for w in range(len(decisions) + 2)]
    assert levels == sorted(levels)


@PROPERTY
@given(ramp_params(), decision_lists)
def test_a_held_week_keeps_the_next_quota(params, decisions):
    quota = quotas(params, decisions)
    for week, decision in enumerate(decisions):
        following = decisions[week + 1] if week + 1 < len(decisions) else None
        if decision == H and following != F:
            assert quota[week + 1] == quota[week]


@PROPERTY
@given(ramp_params(), decision_lists)
def test_a_flare_lowers_only_its_own_week(params, decisions):
    quota = quotas(params, decisions)
    for week, decision in enumerate(decisions):
        if decision != F:
            continue
        as_held = [*decisions[:week], H, *decisions[week + 1 :]]
        unflared = quotas(params, as_held)
        assert quota[week] <= unflared[week]
        assert [q for w, q in enumerate(quota) if w != week] == [
            q for w, q in enumerate(unflared) if w != week
        ]
        following = decisions[week + 1] if week + 1 < len(decisions) else None
        if week >= 1 and decisions[week - 1] == H and following != F:
            assert quota[week + 1] == quota[week - 1]


@PROPERTY
@given(ramp_params())
def test_the_ramp_ends_exactly_at_the_goal_and_a_first_week_flare_steps_below_it(params):
    planned = ramp(params)
    assert (len(planned), planned[0], planned[-1]) == (params.weeks, params.q0, params.goal)
    assert planned == sorted(planned)
    assert level_quota(params, -1) < params.q0 or params.q0 == params.minimum


@PROPERTY
@given(ramp_params(), decision_lists, st.integers(0, 15))
def test_the_ramp_ahead_matches_the_weeks_so_far_and_reaches_the_goal(params, decisions, ahead):
    chart = planned_quotas(params, decisions, ahead)
    assert len(chart) == max(len(decisions), 1) + ahead
    decided = [w for w, d in enumerate(decisions) if d is not None]
    assert all(chart[w] == quota_for_week(params, decisions, w) for w in decided)
    if ahead >= params.weeks:
        assert chart[-1] == params.goal


@PROPERTY
@given(
    st.integers(0, 10),
    st.lists(st.sampled_from([0.0, 0.89, 0.9, 1.0]) | st.floats(0, 1), max_size=12),
    st.data(),
)
def test_meeting_more_sessions_never_turns_advance_into_hold(planned, fractions, data):
    before = decide_week(planned, fractions)
    better = list(fractions)
    if better and data.draw(st.booleans()):
        better[data.draw(st.integers(0, len(better) - 1))] = 1.0
    else:
        better.append(1.0)
    assert before != F
    assert not (before == A and decide_week(planned, better) == H)
