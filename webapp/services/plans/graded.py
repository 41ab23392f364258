"""Graded activity over the database: quotas per day, the baseline week, the weekly close.

The rules live in ``webapp.domain.progression``; this module feeds them the stored
parameters, decisions and logs, and stores what they decide. Week close runs from the
scheduler and, so a page is never out of date, whenever a page needs the current week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.adherence import Share, session_share
from webapp.domain.progression import (
    DEFAULT_WEEKS,
    Decision,
    ProgressionError,
    Proposal,
    RampParams,
    can_declare_flare,
    decide_week,
    goal_reached,
    propose,
    quota_for_week,
)
from webapp.models import Plan, PlanItem, PlanWeek, SessionLog, SessionStatus
from webapp.services.core.errors import ServiceError

BASELINE_SESSIONS = 3


def week_index(plan: Plan, day: date) -> int | None:
    """The ramp week a local day falls in (0-based), or None before the ramp."""
    if plan.ramp_start is None or day < plan.ramp_start:
        return None
    return (day - plan.ramp_start).days // 7


def week_start(plan: Plan, week: int) -> date:
    """The first day of a ramp week."""
    return plan.ramp_start + timedelta(days=7 * week)


def decisions(plan: Plan) -> list[Decision | None]:
    """The stored decision of every ramp week so far, indexed by week (None = open)."""
    found: list[Decision | None] = []
    for row in sorted(plan.weeks, key=lambda w: w.week):
        found.extend([None] * (row.week - len(found)))
        found.append(Decision(row.decision) if row.decision else None)
    return found


def item_params(item: PlanItem) -> RampParams:
    """A graded item's ramp as the domain rules see it."""
    return RampParams(q0=item.start_quota, goal=item.goal, weeks=item.ramp_weeks)


def quota(plan: Plan, item: PlanItem, day: date) -> int | None:
    """The amount per set an item asks for on a day (None in the baseline week: measure)."""
    if not item.graded:
        return item.amount
    week = week_index(plan, day)
    if week is None or not item.has_ramp:
        return None
    stored = next((w for w in plan.weeks if w.week == week), None)
    # A closed week, or the open week a physio's change starts after, keeps its quota.
    kept = stored is not None and (stored.closed_at or week < item.params_from_week)
    if kept and str(item.id) in stored.quotas:
        return stored.quotas[str(item.id)]  # history is never recomputed
    if week < item.params_from_week:
        return None  # an item added from a later week: its ramp has not started
    own = decisions(plan)[item.params_from_week :]
    return quota_for_week(item_params(item), own, week - item.params_from_week)


def planned_sessions(plan: Plan, first: date, last: date) -> int:
    """How many training days lie between two dates (inclusive), each by its own schedule."""
    count, day = 0, max(first, plan.start_date)
    while day <= last:
        count += plan.planned_on(day)
        day += timedelta(days=1)
    return count


def baseline_logs(session: Session, plan: Plan) -> list[SessionLog]:
    """The measured baseline sessions, oldest first (skipped ones measure nothing)."""
    return list(
        session.scalars(
            select(SessionLog)
            .where(
                SessionLog.plan_id == plan.id,
                SessionLog.baseline.is_(True),
                SessionLog.status != SessionStatus.SKIPPED,
            )
            .order_by(SessionLog.local_date)
        )
    )


def proposals(session: Session, plan: Plan) -> dict[int, Proposal] | None:
    """The proposed ramp per graded item once three baseline sessions are measured."""
    logs = baseline_logs(session, plan)
    if len(logs) < BASELINE_SESSIONS:
        return None
    found = {}
    for item in plan.graded_items:
        samples = [a for log in logs if (a := log.amount_for(item.id))]
        if not samples:
            return None
        found[item.id] = propose(samples[-BASELINE_SESSIONS:], item.exercise.unit.value)
    return found


def confirm_ramp(
    session: Session,
    plan: Plan,
    choices: dict[int, tuple[int, int]],
    today: date,
    now: datetime,
) -> None:
    """Fix each graded item's ramp (goal, weeks as agreed) and start week 0 today."""
    if not plan.in_baseline:
        raise ServiceError(_l("This plan has already started building up."))
    logs = baseline_logs(session, plan)
    if len(logs) < BASELINE_SESSIONS:
        raise ServiceError(_l("First do the three measured sessions of the baseline week."))
    for item in plan.graded_items:
        goal, weeks = choices.get(item.id, (None, None))  # None: keep the proposal's
        samples = [a for log in logs if (a := log.amount_for(item.id))]
        try:
            proposal = propose(
                samples[-BASELINE_SESSIONS:],
                item.exercise.unit.value,
                weeks=weeks or DEFAULT_WEEKS,
                goal=goal,
            )
        except ProgressionError:
            raise ServiceError(
                _l("Choose a goal at or above the start amount and 6 to 12 weeks."), field="goal"
            ) from None
        item.baseline = proposal.baseline
        item.start_quota, item.goal, item.ramp_weeks = proposal.q0, proposal.goal, proposal.weeks
        item.params_from_week = 0
    plan.ramp_start = today
    plan.weeks.append(PlanWeek(week=0, starts_on=today, quotas={}))
    session.flush()


def _open_week(plan: Plan, week: int) -> PlanWeek:
    """The row of a ramp week, created when missing."""
    row = next((w for w in plan.weeks if w.week == week), None)
    if row is None:
        row = PlanWeek(week=week, starts_on=week_start(plan, week), quotas={})
        plan.weeks.append(row)
    return row


def declare_flare(session: Session, plan: Plan, today: date, now: datetime) -> None:
    """Step back one week for this week only; refused right after another flare."""
    week = week_index(plan, today)
    if week is None:
        raise ServiceError(_l("A flare-up step back applies once your build-up has started."))
    close_due_weeks(session, plan, today, now)
    if not can_declare_flare(decisions(plan), week):
        raise ServiceError(
            _l("You stepped back last week already. Please contact your physiotherapist.")
        )
    row = _open_week(plan, week)
    row.decision = Decision.FLARE.value
    row.flare_declared_at = now
    session.flush()


def _session_share(plan: Plan, log: SessionLog, day: date) -> Share:
    """How much of the session a log shows for the build-up items (one definition, shared)."""
    pairs = [(log.amount_for(item.id), quota(plan, item, day)) for item in plan.graded_items]
    return session_share(log.status, pairs)


def weeks_to_close(plan: Plan, today: date) -> bool:
    """Whether ``close_due_weeks`` has anything to write as of ``today``.

    It has when a ramp week that ended is not closed (or has no row), or the current week
    has no row yet; otherwise it would only read.
    """
    current = week_index(plan, today)
    if current is None:
        return False
    closed = {w.week for w in plan.weeks if w.closed_at is not None}
    return not closed.issuperset(range(current)) or all(w.week != current for w in plan.weeks)


def close_due_weeks(session: Session, plan: Plan, today: date, now: datetime) -> list[PlanWeek]:
    """Decide every ramp week that ended before today, in order; returns the weeks closed."""
    current = week_index(plan, today)
    if current is None:
        return []
    closed = []
    for week in range(current):
        row = _open_week(plan, week)
        if row.closed_at is not None:
            continue
        first, last = week_start(plan, week), week_start(plan, week) + timedelta(days=6)
        logs = session.scalars(
            select(SessionLog).where(
                SessionLog.plan_id == plan.id,
                SessionLog.baseline.is_(False),
                SessionLog.local_date.between(first, last),
            )
        ).all()
        planned = planned_sessions(plan, first, last)
        shares = [_session_share(plan, log, log.local_date) for log in logs]
        row.quotas = {str(i.id): quota(plan, i, first) for i in plan.graded_items}
        row.planned_sessions = planned
        row.met_sessions = shares.count(Share.FULL)
        if row.decision != Decision.FLARE.value:
            # A full session reached the quota; the rule counts the sessions that did.
            met = [1.0 if share is Share.FULL else 0.0 for share in shares]
            row.decision = decide_week(planned, met).value
        row.closed_at = now
        closed.append(row)
    _open_week(plan, current)
    if closed and plan.goal_reached_on is None and _all_goals_reached(plan):
        plan.goal_reached_on = today
    session.flush()
    return closed


def _all_goals_reached(plan: Plan) -> bool:
    """True when every graded item has held its goal for a successful week."""
    own = decisions(plan)
    return bool(plan.graded_items) and all(
        goal_reached(item_params(item), own[item.params_from_week :])
        for item in plan.graded_items
        if item.has_ramp
    )
