"""Weeks since the back pain started, and the checkpoints the app shows along the way.

Weeks are data, not a hard rule (the NHG 2017 guideline no longer treats by acute, subacute
or chronic). From CLINICAL.md:
- after 3 weeks without a clear rise in activity: delayed recovery, ask the physio to review
  the plan (KNGF 2013);
- after 3-4 weeks without real improvement: talk to the GP, who asks about risk factors and
  may start the step plan (NHG);
- after 12 weeks: information on behavioural and multidisciplinary care.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

PHYSIO_REVIEW_WEEKS = 3
GP_STEP_PLAN_WEEKS = 4
CHRONIC_WEEKS = 12


class Checkpoint(StrEnum):
    """A moment to suggest a next step."""

    PHYSIO_REVIEW = "physio_review"
    GP_STEP_PLAN = "gp_step_plan"
    CHRONIC_CARE = "chronic_care"


def weeks_since(onset: date, today: date) -> int:
    """Whole weeks since the onset (0 in the first week; never negative)."""
    return max(0, (today - onset).days // 7)


def checkpoints(
    onset: date | None, today: date, activity_rising: bool, improving: bool
) -> list[Checkpoint]:
    """The checkpoints that apply today, most pressing first."""
    if onset is None or onset > today:
        return []
    weeks = weeks_since(onset, today)
    found = []
    if weeks >= CHRONIC_WEEKS:
        found.append(Checkpoint.CHRONIC_CARE)
    if weeks >= GP_STEP_PLAN_WEEKS and not improving:
        found.append(Checkpoint.GP_STEP_PLAN)
    if weeks >= PHYSIO_REVIEW_WEEKS and not activity_rising:
        found.append(Checkpoint.PHYSIO_REVIEW)
    return found
