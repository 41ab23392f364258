"""Graded activity, time-contingent: weekly quotas set in advance, never changed by pain.

Sources in CLINICAL.md ("Graded activity"). Arithmetic is exact (``Fraction``) so that a
quota never depends on float rounding (0.7 x 15 is 10.5 and rounds up to 11).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

UNITS = ("minutes", "reps", "hold")
MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 6, 12, 11  # e-Exercise LBP: 11 weeks; range 6-12
START_FRACTIONS = (0.7, 0.8)  # BMC Public Health 7:254 starts at 70%, pacing guideline at 80%
SESSION_MET = 0.9  # a session counts when it reached >= 90% of the quota
# Australian Therapeutic Guidelines on pacing: +10-20% of the baseline a week.
MAX_STEP_SHARE, MIN_STEP_SHARE = Fraction(1, 5), Fraction(1, 10)
NO_LOG_DAYS = 7  # escalate to the physio after 7 days without a log


class ProgressionError(ValueError):
    """A ramp, proposal or log value the graded-activity rules cannot use."""


class Decision(StrEnum):
    """How a ramp week closed."""

    ADVANCED = "advanced"
    HELD = "held"
    FLARE = "flare"


class Advice(StrEnum):
    """What to change when the proposed step is too steep or too flat."""

    MORE_WEEKS = "more_weeks"
    LOWER_GOAL = "lower_goal"
    FEWER_WEEKS = "fewer_weeks"


def _check_weeks(weeks: int) -> None:
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise ProgressionError(f"a ramp lasts {MIN_WEEKS} to {MAX_WEEKS} weeks, not {weeks}")


def round_half_up(value: Fraction | int) -> int:
    """Round a non-negative number to the nearest whole one, halves up (not to even)."""
    return math.floor(Fraction(value) + Fraction(1, 2))


@dataclass(frozen=True)
class RampParams:
    """A linear ramp from the start quota to the goal over a number of weekly levels."""

    q0: int
    goal: int
    weeks: int
    minimum: int = 1

    def __post_init__(self) -> None:
        for name in ("q0", "goal", "weeks", "minimum"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ProgressionError(f"{name} must be a whole number, not {value!r}")
        if not 1 <= self.minimum <= self.q0 <= self.goal:
            raise ProgressionError(
                f"need 1 <= minimum ({self.minimum}) <= start quota ({self.q0})"
                f" <= goal ({self.goal})"
            )
        _check_weeks(self.weeks)

    @property
    def step(self) -> Fraction:
        """The exact increase per level."""
        return Fraction(self.goal - self.q0, self.weeks - 1)

    @property
    def top_level(self) -> int:
        """The level whose quota is the goal."""
        return self.weeks - 1


def level_quota(params: RampParams, level: int) -> int:
    """The planned quota of a level; level -1 is a flare in the very first ramp week."""
    if level == -1:
        # "Step back one week" needs a week before the first: one step lower, but a real
        # step (at least 1) unless the quota already is the minimum.
        back = max(1, round_half_up(params.step)) if params.q0 > params.minimum else 0
        return max(params.minimum, params.q0 - back)
    if not 0 <= level <= params.top_level:
        raise ProgressionError(f"level {level} is not -1..{params.top_level}")
    return round_half_up(params.q0 + level * params.step)


def ramp(params: RampParams) -> list[int]:
    """The planned quotas of all levels, from the start quota to the goal."""
    return [level_quota(params, level) for level in range(params.weeks)]


def _decision(decisions: Sequence[Decision | None], week: int) -> Decision | None:
    """The decision of a week, None when it is open or beyond the sequence."""
    return decisions[week] if 0 <= week < len(decisions) else None


def level_for_week(params: RampParams, decisions: Sequence[Decision | None], week: int) -> int:
    """The ramp level of a week: one up after each advanced week, capped at the goal."""
    if week < 0:
        raise ProgressionError(f"week {week} is before the ramp started")
    level = 0
    for earlier in range(week):
        # Held and flare weeks keep the level: a flare never costs progress nor counts as it.
        if _decision(decisions, earlier) == Decision.ADVANCED:
            level = min(level + 1, params.top_level)
    return level


def quota_for_week(params: RampParams, decisions: Sequence[Decision | None], week: int) -> int:
    """The quota of a ramp week; a flare week does the previous level's quota."""
    level = level_for_week(params, decisions, week)
    if _decision(decisions, week) == Decision.FLARE:
        return level_quota(params, level - 1)
    return level_quota(params, level)


def planned_quotas(
    params: RampParams, decisions: Sequence[Decision | None], weeks_ahead: int
) -> list[int]:
    """Quotas of the weeks so far (the last is the current one) and ``weeks_ahead`` more.

    Weeks without a decision are assumed to advance: the chart shows the ramp ahead.
    """
    if weeks_ahead < 0:
        raise ProgressionError(f"weeks ahead must be 0 or more, not {weeks_ahead}")
    known = list(decisions) or [None]
    assumed = [Decision.ADVANCED if d is None else d for d in known]
    assumed += [Decision.ADVANCED] * weeks_ahead
    # A week's quota depends only on the decisions before it and its own flare, so the
    # assumption never changes the quota of the current week itself.
    return [quota_for_week(params, assumed, week) for week in range(len(assumed))]


def decide_week(planned_sessions: int, session_fractions: Sequence[float]) -> Decision:
    """Advanced when at least 2/3 of the planned sessions reached 90% of the quota, else held."""
    # "not >= 0" also refuses NaN.
    if planned_sessions < 0 or any(not fraction >= 0 for fraction in session_fractions):
        raise ProgressionError("planned sessions and session fractions must be 0 or more")
    if planned_sessions == 0:
        return Decision.HELD
    met = sum(1 for fraction in session_fractions if fraction >= SESSION_MET)
    # Extra sessions count as met ones, but the bar stays 2/3 of the *planned* sessions.
    return Decision.ADVANCED if met * 3 >= planned_sessions * 2 else Decision.HELD


def cap_amount(done: int, quota: int) -> tuple[int, bool]:
    """The amount to record (never above the quota) and whether it was capped."""
    # Fixed schedule: do not exceed the quota on good days (Join2move: "neither more").
    if done < 0 or quota < 0:
        raise ProgressionError(f"amounts are 0 or more, not done={done}, quota={quota}")
    return min(done, quota), done > quota


def can_declare_flare(decisions: Sequence[Decision | None], current_week: int) -> bool:
    """A flare steps back for at most one week: never twice in a row."""
    return (
        _decision(decisions, current_week) != Decision.FLARE
        and _decision(decisions, current_week - 1) != Decision.FLARE
    )


def goal_reached(params: RampParams, decisions: Sequence[Decision | None]) -> bool:
    """True once a week at the goal level has been advanced (the goal held for a week)."""
    level = 0
    for decision in decisions:
        if decision == Decision.ADVANCED:
            if level == params.top_level:
                return True
            level += 1
    return False


@dataclass(frozen=True)
class Proposal:
    """A ramp proposed from the baseline week, with advice when the step is off."""

    unit: str
    baseline: float
    q0: int
    goal: int
    weeks: int
    step: float
    advice: Advice | None = None
    suggested_weeks: int | None = None
    suggested_goal: int | None = None

    def params(self) -> RampParams:
        """The ramp as proposed."""
        return RampParams(q0=self.q0, goal=self.goal, weeks=self.weeks)


def _exact(sample: float) -> Fraction:
    """A measured value as an exact fraction of what was typed (0.7 is 7/10, not a float)."""
    if isinstance(sample, bool) or not isinstance(sample, int | float):
        raise ProgressionError(f"{sample!r} is not a number")
    if not math.isfinite(sample):
        raise ProgressionError(f"{sample} is not a finite number")
    return Fraction(repr(sample)) if isinstance(sample, float) else Fraction(sample)


def _default_goal(unit: str, baseline: Fraction, q0: int) -> int:
    """The goal to propose when none was agreed, by unit; never below the start quota."""
    # Only the ~30 min walking target has a source (WalkBack trial, maintenance); the other
    # factors and caps are product defaults that the physio and patient replace by agreement.
    if unit == "minutes":
        if baseline >= 30:
            goal = min(round_half_up(Fraction(6, 5) * baseline), 90)
        else:
            goal = min(max(30, q0), 60)
    elif unit == "reps":
        goal = min(round_half_up(2 * baseline), q0 + 30)
    else:  # hold: seconds per repetition
        goal = min(round_half_up(2 * baseline), max(q0, 60))
    return max(goal, q0)


def _step(q0: int, goal: int, weeks: int) -> Fraction:
    return Fraction(goal - q0, weeks - 1)


def _advise(
    q0: int, goal: int, weeks: int, baseline: Fraction
) -> tuple[Advice | None, int | None, int | None]:
    """Advice, suggested weeks and suggested goal when the step is off the 10-20% band."""
    steepest, flattest = MAX_STEP_SHARE * baseline, MIN_STEP_SHARE * baseline
    if _step(q0, goal, weeks) > steepest:
        longer = [n for n in range(weeks, MAX_WEEKS + 1) if _step(q0, goal, n) <= steepest]
        if longer:
            return Advice.MORE_WEEKS, longer[0], None
        return Advice.LOWER_GOAL, None, q0 + math.floor(steepest * (weeks - 1))
    if _step(q0, goal, weeks) < flattest and weeks > MIN_WEEKS:
        shorter = [n for n in range(MIN_WEEKS, weeks + 1) if _step(q0, goal, n) >= flattest]
        return Advice.FEWER_WEEKS, max(shorter, default=MIN_WEEKS), None
    return None, None, None


def propose(
    samples: Sequence[float],
    unit: str,
    weeks: int = DEFAULT_WEEKS,
    start_fraction: float = 0.8,
    goal: int | None = None,
) -> Proposal:
    """Propose a ramp from 1-3 baseline measurements (the patient's own limit each time)."""
    if unit not in UNITS:
        raise ProgressionError(f"unknown unit {unit!r}: use minutes, reps or hold")
    if not 1 <= len(samples) <= 3:
        raise ProgressionError(f"the baseline needs 1 to 3 measurements, not {len(samples)}")
    values = [_exact(sample) for sample in samples]
    if any(value <= 0 for value in values):
        raise ProgressionError("every baseline measurement must be more than 0")
    if start_fraction not in START_FRACTIONS:
        raise ProgressionError(f"the start is 70% or 80% of the baseline, not {start_fraction}")
    _check_weeks(weeks)
    baseline = sum(values) / len(values)
    q0 = max(1, round_half_up(_exact(start_fraction) * baseline))
    if goal is None:
        goal = _default_goal(unit, baseline, q0)
    elif isinstance(goal, bool) or not isinstance(goal, int):
        raise ProgressionError(f"the goal must be a whole number, not {goal!r}")
    elif goal < q0:
        raise ProgressionError(f"the goal ({goal}) is below the start quota ({q0})")
    advice, suggested_weeks, suggested_goal = _advise(q0, goal, weeks, baseline)
    return Proposal(
        unit=unit,
        baseline=float(Fraction(round_half_up(baseline * 10), 10)),
        q0=q0,
        goal=goal,
        weeks=weeks,
        step=float(_step(q0, goal, weeks)),
        advice=advice,
        suggested_weeks=suggested_weeks,
        suggested_goal=suggested_goal,
    )


def escalation_flags(
    decisions_closed: Sequence[Decision],
    last_log: date | None,
    today: date,
    ramp_started: date | None,
) -> set[str]:
    """Reasons to tell the physio: held twice in a row, no rise in 3 weeks, 7 days unlogged."""
    flags: set[str] = set()
    if len(decisions_closed) >= 2 and all(d == Decision.HELD for d in decisions_closed[-2:]):
        flags.add("two_held")
    # KNGF 2013: three weeks without a clear rise in activity is delayed recovery.
    if len(decisions_closed) >= 3 and Decision.ADVANCED not in decisions_closed[-3:]:
        flags.add("no_increase_3_weeks")
    # A log from before the plan started (the baseline week) does not shorten its grace.
    known = [day for day in (last_log, ramp_started) if day is not None]
    if known and (today - max(known)).days >= NO_LOG_DAYS:
        flags.add("no_log_7_days")
    return flags
