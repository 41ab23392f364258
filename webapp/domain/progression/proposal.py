"""Proposing a ramp from the baseline week, with advice when the weekly step is off."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from webapp.domain.progression.ramp import (
    DEFAULT_WEEKS,
    MAX_WEEKS,
    MIN_WEEKS,
    START_FRACTIONS,
    UNITS,
    ProgressionError,
    RampParams,
    check_weeks,
    round_half_up,
)

# Australian Therapeutic Guidelines on pacing: +10-20% of the baseline a week.
MAX_STEP_SHARE, MIN_STEP_SHARE = Fraction(1, 5), Fraction(1, 10)


class Advice(StrEnum):
    """What to change when the proposed step is too steep or too flat."""

    MORE_WEEKS = "more_weeks"
    LOWER_GOAL = "lower_goal"
    FEWER_WEEKS = "fewer_weeks"


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
    check_weeks(weeks)
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
