"""The weekly summary: on the first day of each plan week, how last week went and what's next.

Planned like the daily reminder (planning.py): a batch of due settings rows
(``ReminderSettings.next_weekly_at``) read with their plans as snapshot records, decided,
rendered, inserted once per key, and each row's next instant stored. One step is the care
room's: a week that ended is decided by ``graded.close_due_weeks`` on ORM objects - only
for plans that still have such a week open, before the batch is read again - so the
summary reports the decision the week close stores.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.db import in_ids
from webapp.domain.schedule import local_date, local_instant
from webapp.models import Plan, ReminderSettings, SessionLog, SessionStatus
from webapp.services.care.timeline import NOTICES, record_mentions, unmentioned_checkpoints
from webapp.services.mail.outbox import Outgoing, enqueue_many
from webapp.services.plans.graded import (
    close_due_weeks,
    planned_sessions,
    week_index,
    weeks_to_close,
)
from webapp.services.plans.plans import user_zone
from webapp.services.reminders.content import WeekSummary, Writer, reminder_lines, weekly_email
from webapp.services.reminders.snapshot import (
    Due,
    PlanRow,
    active_plans,
    in_batches,
    lock_due_settings,
    store,
)


def _anchor(plan: PlanRow) -> date:
    """The first day of the plan's week numbering: the ramp's start, else the plan's."""
    return plan.ramp_start or plan.start_date


def next_weekly_instant(plan: PlanRow, now: datetime, zone: ZoneInfo) -> datetime:
    """The reminder time on the first day of the next plan week."""
    today = local_date(now, zone)
    anchor = _anchor(plan)
    weeks = max(0, (today - anchor).days // 7 + 1)
    start = anchor + timedelta(days=7 * weeks)
    return local_instant(start, plan.schedule_on(start).reminder_time, zone)


def plan_due_summaries(
    session: Session, now: datetime, batch: int, writer: Writer, exercises: dict
) -> int:
    """Queue every due weekly summary and schedule the next one; returns how many queued."""
    column = ReminderSettings.next_weekly_at
    return in_batches(
        session,
        batch,
        lambda limit: lock_due_settings(session, column, now, limit, exercises),
        lambda due: _summaries(session, due, now, writer, exercises),
    )


def _summaries(
    session: Session, due: list[Due], now: datetime, writer: Writer, exercises: dict
) -> int:
    """Decide, render and queue one batch of due summaries; returns how many were queued."""
    # Every row moves on to its next week; the summaries still worth sending have a day.
    days = {d.plan.id: day for d in due if (day := _summary_day(d, now)) is not None}
    going = [d for d in due if d.plan is not None and d.plan.id in days]
    if _close_ended_weeks(session, [d.plan for d in going], days, now):
        # Read the plans again: the summaries tell the decisions just stored.
        plans = active_plans(session, [d.settings.user_id for d in going], exercises)
        going = [Due(plans[d.settings.user_id], d.settings) for d in going]
    done = _sessions_done(session, days)
    emails, told = [], {}
    for plan, settings in ((d.plan, d.settings) for d in going):
        day = days[plan.id]
        # Each checkpoint is told once: noted in the same transaction as the queued email.
        new = tuple(unmentioned_checkpoints(session, plan.patient, plan, day))
        summary = WeekSummary(
            planned=planned_sessions(plan, day - timedelta(days=7), day - timedelta(days=1)),
            done=done.get(plan.id, 0),
            decision=_decision(plan, day),
            lines=reminder_lines(plan, day),
            weekly_only=settings.weekly_only,
            notices=tuple(NOTICES[c] for c in new),
        )
        key = f"weekly:{plan.patient_id}:{day.isoformat()}"
        not_after = local_instant(day, settings.quiet_start, user_zone(plan.patient))
        email = weekly_email(writer, plan, summary)
        emails.append(Outgoing(key, "weekly", plan.patient_id, email, not_after))
        told[key] = (plan.patient, new)
    queued = enqueue_many(session, emails, mail_from=writer.mailroom.mail_from, now=now)
    for key in queued:
        patient, new = told[key]
        if new:
            record_mentions(session, patient, list(new), now)
    store(session, due)
    return len(queued)


def _summary_day(due: Due, now: datetime) -> date | None:
    """Move the row on to the next plan week; the local day of the summary due now, if it goes."""
    settings, plan = due.settings, due.plan
    instant, settings.next_weekly_at = settings.next_weekly_at, None
    if plan is None or not settings.weekly_enabled:
        return None
    zone = user_zone(plan.patient)
    settings.next_weekly_at = next_weekly_instant(plan, max(now, instant), zone)
    day = local_date(instant, zone)
    paused = settings.paused_until is not None and day <= settings.paused_until
    if day - timedelta(days=7) < plan.start_date or paused or now.date() > day + timedelta(days=1):
        return None  # no full week yet, on a break, or the scheduler was down for days
    return day


def _close_ended_weeks(
    session: Session, plans: list[PlanRow], days: dict[int, date], now: datetime
) -> bool:
    """Close the ramp weeks that ended before each plan's summary day; True if any was open."""
    stale = [plan.id for plan in plans if weeks_to_close(plan, days[plan.id])]
    if not stale:
        return False  # the usual case: the nightly week close got there first
    for plan in session.scalars(
        select(Plan)
        .where(in_ids(session, Plan.id, stale))
        .options(selectinload(Plan.weeks), selectinload(Plan.items))
    ):
        close_due_weeks(session, plan, days[plan.id], now)
    return True


def _decision(plan: PlanRow, day: date) -> str | None:
    """What was decided about the plan week before ``day`` (None without a build-up)."""
    week = week_index(plan, day - timedelta(days=7))
    row = next((w for w in plan.weeks if w.week == week), None) if week is not None else None
    return row.decision if row is not None else None


def _sessions_done(session: Session, days: dict[int, date]) -> dict[int, int]:
    """Per plan, the sessions done (not skipped, not baseline) in the 7 days before its day."""
    if not days:
        return {}
    first = min(days.values()) - timedelta(days=7)
    rows = session.execute(
        select(SessionLog.plan_id, SessionLog.local_date).where(
            in_ids(session, SessionLog.plan_id, list(days)),
            SessionLog.baseline.is_(False),
            SessionLog.status != SessionStatus.SKIPPED,
            SessionLog.local_date.between(first, max(days.values()) - timedelta(days=1)),
        )
    )
    done: dict[int, int] = {}
    for plan_id, day in rows:
        if days[plan_id] - timedelta(days=7) <= day < days[plan_id]:
            done[plan_id] = done.get(plan_id, 0) + 1
    return done
