"""A patient's progress, read from the stored plan and logs: weeks, pain, streak, ramp ahead.

Pure reads: nothing here writes, so a page can show it without taking the write lock. The
weekly numbers compare what was done with what the plan asked, per *planned* session, so a
missed session counts as nothing done rather than disappearing from the average.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.domain.adherence import Share, session_share
from webapp.domain.progression import ProgressionError, planned_quotas
from webapp.domain.schedule import local_date, local_instant
from webapp.models import Plan, PlanItem, Role, SessionLog, SessionStatus, User
from webapp.services.plans.graded import decisions, item_params, planned_sessions, quota, week_index
from webapp.services.plans.plans import active_plan, user_zone

PAIN_WEEKS = 8
STREAK_STATUSES = (SessionStatus.DONE, SessionStatus.PARTIAL)
CALENDAR_DAYS_BACK, CALENDAR_DAYS_AHEAD = 14, 56
# secrets.token_urlsafe(32) gives 43 URL-safe characters; anything else is not a token.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")


@dataclass(frozen=True)
class WeekProgress:
    """One week of one exercise: what was asked, planned, logged and done.

    ``full`` and ``partial`` count the sessions by the one definition of adherence; ``done``
    adds up the amounts that are known (a partial session without amounts adds nothing).
    """

    week: int
    starts_on: date
    quota: int | None
    planned: int
    logged: int
    done: int
    full: int = 0
    partial: int = 0

    @property
    def per_planned(self) -> float | None:
        """Amount done per planned session (missed ones count as 0); None before any is due."""
        return self.done / self.planned if self.planned else None


@dataclass(frozen=True)
class RampAhead:
    """A graded exercise's quotas: past weeks, the current one and the weeks to the goal."""

    first_week: int
    quotas: list[int]
    current: int
    goal: int


@dataclass(frozen=True)
class ItemProgress:
    """One exercise's weeks so far and, when it builds up, its ramp ahead."""

    item: PlanItem
    weeks: list[WeekProgress]
    ramp: RampAhead | None = None


@dataclass(frozen=True)
class PainPoint:
    """The pain score (0-10) logged on a day."""

    day: date
    pain: int


@dataclass(frozen=True)
class Progress:
    """Everything the progress page shows for the patient's active plan."""

    today: date
    plan: Plan | None
    phase: str = "none"  # none | baseline | ramp | fixed
    week: int | None = None
    items: list[ItemProgress] | None = None
    pain: list[PainPoint] | None = None
    streak: int = 0


@dataclass(frozen=True)
class PlannedSession:
    """A planned exercise day for the calendar: its start and each exercise's amount."""

    day: date
    starts_at: datetime
    entries: list[tuple[PlanItem, int | None]]


def progress_for(session: Session, patient: User, now: datetime) -> Progress:
    """The patient's progress on their active plan as of their local today."""
    today = local_date(now, user_zone(patient))
    plan = active_plan(session, patient)
    if plan is None:
        return Progress(today=today, plan=None)
    logs = _logs(session, plan, today)
    pain = [
        PainPoint(log.local_date, log.pain)
        for log in logs
        if log.local_date > today - timedelta(weeks=PAIN_WEEKS)
    ]
    streak = current_streak(plan, {log.local_date: log.status for log in logs}, today)
    ramp_logs = [log for log in logs if not log.baseline]
    if plan.graded_items:
        week = week_index(plan, today)
        phase = "baseline" if week is None else "ramp"
        items = [
            ItemProgress(
                item,
                weekly(plan, item, ramp_logs, plan.ramp_start, today),
                ramp_ahead(plan, item, week),
            )
            for item in (plan.graded_items if week is not None else [])
        ]
    else:
        phase = "fixed"
        week = (today - plan.start_date).days // 7 if today >= plan.start_date else None
        items = [
            ItemProgress(item, weekly(plan, item, ramp_logs, plan.start_date, today))
            for item in (plan.items if week is not None else [])
        ]
    return Progress(today, plan, phase, week, items, pain, streak)


def _logs(session: Session, plan: Plan, today: date) -> list[SessionLog]:
    """Every log of the plan up to today, oldest first, with the amounts loaded."""
    return list(
        session.scalars(
            select(SessionLog)
            .where(
                SessionLog.plan_id == plan.id,
                SessionLog.patient_id == plan.patient_id,
                SessionLog.local_date <= today,
            )
            .order_by(SessionLog.local_date)
            .options(selectinload(SessionLog.items))
        )
    )


def weekly(
    plan: Plan, item: PlanItem, logs: list[SessionLog], origin: date | None, today: date
) -> list[WeekProgress]:
    """One row per week from ``origin`` (ramp start, or plan start) up to the current week."""
    if origin is None or today < origin:
        return []
    by_week: dict[int, list[SessionLog]] = defaultdict(list)
    for log in logs:
        if log.local_date >= origin:
            by_week[(log.local_date - origin).days // 7].append(log)
    logged_today = any(log.local_date == today for log in logs)
    rows = []
    for week in range((today - origin).days // 7 + 1):
        first = origin + timedelta(days=7 * week)
        found = by_week.get(week, [])
        shares = [item_share(log, item) for log in found]
        rows.append(
            WeekProgress(
                week=week,
                starts_on=first,
                quota=_week_quota(plan, item, first),
                planned=_planned_so_far(plan, first, today, logged_today),
                logged=len(found),
                done=sum(log.amount_for(item.id) or 0 for log in found),
                full=shares.count(Share.FULL),
                partial=shares.count(Share.PARTIAL),
            )
        )
    return rows


def item_share(log: SessionLog, item: PlanItem) -> Share:
    """How much of one exercise a logged session shows (the shared definition)."""
    pairs = [(entry.amount, entry.quota) for entry in log.items if entry.plan_item_id == item.id]
    return session_share(log.status, pairs)


def _week_quota(plan: Plan, item: PlanItem, first: date) -> int | None:
    """The amount a week asked; None when the item's current ramp does not reach back that far."""
    try:
        return quota(plan, item, first)
    except ProgressionError:
        return None


def _planned_so_far(plan: Plan, first: date, today: date, logged_today: bool) -> int:
    """Planned sessions of a week up to today; today counts only once it is logged."""
    last = min(first + timedelta(days=6), today - timedelta(days=1))
    count = planned_sessions(plan, first, last)
    if logged_today and first <= today <= first + timedelta(days=6):
        count += plan.planned_on(today)
    return count


def current_streak(plan: Plan, statuses: dict[date, SessionStatus], today: date) -> int:
    """Planned days in a row, back from the latest one due, that were done or partly done."""
    day = today if today in statuses else today - timedelta(days=1)
    count = 0
    while day >= plan.start_date:
        if plan.planned_on(day):
            if statuses.get(day) not in STREAK_STATUSES:
                break
            count += 1
        day -= timedelta(days=1)
    return count


def ramp_ahead(plan: Plan, item: PlanItem, week: int | None) -> RampAhead | None:
    """The item's planned quotas from its ramp's first week to the goal, assuming advances."""
    if week is None or not item.has_ramp or week < item.params_from_week:
        return None
    params, current = item_params(item), week - item.params_from_week
    own = decisions(plan)[item.params_from_week :][: current + 1]
    own += [None] * (current + 1 - len(own))
    for ahead in range(params.weeks + 1):
        quotas = planned_quotas(params, own, ahead)
        if quotas[-1] >= params.goal:
            break
    return RampAhead(item.params_from_week, quotas, current, params.goal)


def calendar_owner(session: Session, token: str) -> User | None:
    """The patient whose calendar feed a token opens (None for unknown or malformed tokens)."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    user = session.scalar(select(User).where(User.calendar_token == token))
    return user if user is not None and user.role == Role.PATIENT else None


def reset_calendar_token(session: Session, user: User) -> str:
    """Give the user a new calendar feed secret; the old address stops working."""
    user.calendar_token = secrets.token_urlsafe(32)
    session.flush()
    return user.calendar_token


def calendar_sessions(plan: Plan, zone: ZoneInfo, today: date) -> list[PlannedSession]:
    """The planned days from two weeks back to eight weeks ahead, at the reminder time."""
    current = week_index(plan, today)
    first = max(plan.start_date, today - timedelta(days=CALENDAR_DAYS_BACK))
    found, day = [], first
    while day <= today + timedelta(days=CALENDAR_DAYS_AHEAD):
        if plan.planned_on(day):
            # local_instant moves a time in the spring gap forward, as the reminders do.
            at = plan.schedule_on(day).reminder_time
            starts_at = local_instant(day, at, zone).astimezone(zone)
            week = week_index(plan, day)
            known = current is not None and week is not None and week <= current
            entries = [
                (item, _week_quota(plan, item, day) if known or not item.graded else None)
                for item in plan.items_on(day)
            ]
            found.append(PlannedSession(day, starts_at, entries))
        day += timedelta(days=1)
    return found
