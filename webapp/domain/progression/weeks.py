"""The end of a ramp week and the signals around it: decided, capped, flare, escalation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from webapp.domain.progression.ramp import Decision, ProgressionError, decision_of

SESSION_MET = 0.9  # a session counts when it reached >= 90% of the quota
NO_LOG_DAYS = 7  # escalate to the physio after 7 days without a log
# A flare-up steps back for a week (CLINICAL.md); more than one in 3 weeks is not a bad
# week but a pattern the physio has to look at, so another one needs their agreement.
FLARE_GAP = timedelta(weeks=3)


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
        decision_of(decisions, current_week) != Decision.FLARE
        and decision_of(decisions, current_week - 1) != Decision.FLARE
    )


def flare_within_limit(last_flare: datetime | None, now: datetime, agreed: bool) -> bool:
    """At most one flare-up step back in 3 weeks, unless the physio agreed to another."""
    return last_flare is None or agreed or now - last_flare >= FLARE_GAP


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
