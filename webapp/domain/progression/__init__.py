"""Graded activity, time-contingent: weekly quotas set in advance, never changed by pain.

``ramp`` holds the quotas and levels, ``weeks`` the close of a week and its signals,
``proposal`` the ramp proposed from a baseline, ``changes`` how a physio's change continues.
"""

from webapp.domain.progression.changes import Drop, continued_ramp, first_drop, weeks_left
from webapp.domain.progression.proposal import (
    MAX_STEP_SHARE,
    MIN_STEP_SHARE,
    Advice,
    Proposal,
    propose,
)
from webapp.domain.progression.ramp import (
    DEFAULT_WEEKS,
    MAX_WEEKS,
    MIN_WEEKS,
    START_FRACTIONS,
    UNITS,
    Decision,
    ProgressionError,
    RampParams,
    goal_reached,
    level_for_week,
    level_quota,
    planned_quotas,
    quota_for_week,
    ramp,
    round_half_up,
)
from webapp.domain.progression.weeks import (
    FLARE_GAP,
    NO_LOG_DAYS,
    SESSION_MET,
    can_declare_flare,
    cap_amount,
    decide_week,
    escalation_flags,
    flare_within_limit,
)

__all__ = [
    "DEFAULT_WEEKS",
    "FLARE_GAP",
    "MAX_STEP_SHARE",
    "MAX_WEEKS",
    "MIN_STEP_SHARE",
    "MIN_WEEKS",
    "NO_LOG_DAYS",
    "SESSION_MET",
    "START_FRACTIONS",
    "UNITS",
    "Advice",
    "Decision",
    "Drop",
    "ProgressionError",
    "Proposal",
    "RampParams",
    "can_declare_flare",
    "cap_amount",
    "continued_ramp",
    "decide_week",
    "escalation_flags",
    "first_drop",
    "flare_within_limit",
    "goal_reached",
    "level_for_week",
    "level_quota",
    "planned_quotas",
    "propose",
    "quota_for_week",
    "ramp",
    "round_half_up",
    "weeks_left",
]
