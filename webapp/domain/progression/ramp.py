"""The ramp: weekly quotas from a start quota to a goal, advanced by the weeks' decisions.

Sources in CLINICAL.md ("Graded activity"). Arithmetic is exact (``Fraction``) so that a
quota never depends on float rounding (0.7 x 15 is 10.5 and rounds up to 11).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

UNITS = ("minutes", "reps", "hold")
MIN_WEEKS, MAX_WEEKS, DEFAULT_WEEKS = 6, 12, 11  # e-Exercise LBP: 11 weeks; range 6-12
START_FRACTIONS = (0.7, 0.8)  # BMC Public Health 7:254 starts at 70%, pacing guideline at 80%


class ProgressionError(ValueError):
    """A ramp, proposal or log value the graded-activity rules cannot use."""


class Decision(StrEnum):
    """How a ramp week closed."""

    ADVANCED = "advanced"
    HELD = "held"
    FLARE = "flare"


def check_weeks(weeks: int) -> None:
    """Refuse a ramp length outside 6-12 weeks."""
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
        check_weeks(self.weeks)

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


def decision_of(decisions: Sequence[Decision | None], week: int) -> Decision | None:
    """The decision of a week, None when it is open or beyond the sequence."""
    return decisions[week] if 0 <= week < len(decisions) else None


def level_for_week(params: RampParams, decisions: Sequence[Decision | None], week: int) -> int:
    """The ramp level of a week: one up after each advanced week, capped at the goal."""
    if week < 0:
        raise ProgressionError(f"week {week} is before the ramp started")
    level = 0
    for earlier in range(week):
        # Held and flare weeks keep the level: a flare never costs progress nor counts as it.
        if decision_of(decisions, earlier) == Decision.ADVANCED:
            level = min(level + 1, params.top_level)
    return level


def quota_for_week(params: RampParams, decisions: Sequence[Decision | None], week: int) -> int:
    """The quota of a ramp week; a flare week does the previous level's quota."""
    level = level_for_week(params, decisions, week)
    if decision_of(decisions, week) == Decision.FLARE:
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


def goal_reached(params: RampParams, decisions: Sequence[Decision | None]) -> bool:
    """True once a week at the goal level has been advanced (the goal held for a week)."""
    level = 0
    for decision in decisions:
        if decision == Decision.ADVANCED:
            if level == params.top_level:
                return True
            level += 1
    return False
