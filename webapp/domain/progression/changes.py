"""A physio's change to a running ramp continues from where the patient is.

A new goal or length is not a new start: the week after the change is never below this
week's quota unless the physio explicitly chooses a lower amount (CLINICAL.md, graded
activity: quotas rise step by step and do not fall back because the plan was edited).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from webapp.domain.progression.ramp import (
    MAX_WEEKS,
    MIN_WEEKS,
    Decision,
    RampParams,
    level_for_week,
)


@dataclass(frozen=True)
class Drop:
    """A week whose quota is below the week before it (weeks counted from 0)."""

    week: int
    before: int
    after: int


def continued_ramp(current_quota: int, asked: RampParams, lower: bool = False) -> RampParams:
    """The ramp from next week on: the asked one, raised so it never starts below this week.

    With ``lower`` the physio chose a lower amount on purpose and gets exactly what was asked.
    """
    if lower or asked.q0 >= current_quota:
        return asked
    return RampParams(
        q0=current_quota,
        goal=max(asked.goal, current_quota),
        weeks=asked.weeks,
        minimum=asked.minimum,
    )


def weeks_left(params: RampParams, decisions: Sequence[Decision | None], week: int) -> int:
    """How many weeks a ramp continued from ``week`` takes to the goal (6 to 12)."""
    levels = params.top_level - level_for_week(params, decisions, week) + 1
    return min(max(levels, MIN_WEEKS), MAX_WEEKS)


def first_drop(quotas: Sequence[int], from_week: int) -> Drop | None:
    """The first week after ``from_week`` whose quota falls below the week before it."""
    for week in range(max(from_week, 0) + 1, len(quotas)):
        if quotas[week] < quotas[week - 1]:
            return Drop(week=week, before=quotas[week - 1], after=quotas[week])
    return None
