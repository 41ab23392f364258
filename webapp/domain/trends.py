"""Is it getting better? The two signals the timeline checkpoints ask about.

A "real" improvement in pain is taken as a drop of at least 2 points or 30 percent on the
0-10 scale, the change patients with back pain tend to notice (IMMPACT recommendations).
A rise in activity, in a time-contingent plan, shows as weeks in which the amounts went up.
"""

from __future__ import annotations

from statistics import mean

IMPROVEMENT_POINTS = 2
IMPROVEMENT_FRACTION = 0.3
LOW_PAIN = 2  # an average this low counts as better whatever it started at
ACTIVITY_WINDOW_WEEKS = 3


def pain_improved(first_week: list[int], last_week: list[int]) -> bool:
    """True when the latest pain scores are clearly lower than the first ones, or low."""
    if not first_week or not last_week:
        return False
    before, now = mean(first_week), mean(last_week)
    if now <= LOW_PAIN:
        return True
    drop = before - now
    return drop >= IMPROVEMENT_POINTS or (before > 0 and drop / before >= IMPROVEMENT_FRACTION)


def activity_rose(closed_decisions: list[str | None], goal_reached: bool) -> bool:
    """True when the amounts went up in one of the last three closed weeks, or the goal is met."""
    if goal_reached:
        return True
    return "advanced" in closed_decisions[-ACTIVITY_WINDOW_WEEKS:]
