"""The weekly summary: on the first day of each plan week, how last week went and what's next."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.domain.schedule import local_date, local_instant
from webapp.models import Plan, PlanStatus, ReminderSettings, SessionLog, SessionStatus
from webapp.services.care.graded import close_due_weeks, planned_sessions, week_index
from webapp.services.care.plans import user_zone
from webapp.services.care.reminder_settings import drain_due
from webapp.services.care.timeline import NOTICES, record_mentions, unmentioned_checkpoints
from webapp.services.mail.outbox import enqueue
from webapp.services.mail.render import Mailroom
from webapp.services.reminders.content import WeekSummary, reminder_lines, weekly_email


def _anchor(plan: Plan) -> date:
    """The first day of the plan's week numbering: the ramp's start, else the plan's."""
    return plan.ramp_start or plan.start_date


def next_weekly_instant(plan: Plan, now: datetime, zone: ZoneInfo) -> datetime:
    """The reminder time on the first day of the next plan week."""
    today = local_date(now, zone)
    anchor = _anchor(plan)
    weeks = max(0, (today - anchor).days // 7 + 1)
    start = anchor + timedelta(days=7 * weeks)
    return local_instant(start, plan.reminder_time, zone)


def week_summary(
    session: Session, plan: Plan, day: date, weekly_only: bool, checkpoints: tuple = ()
) -> WeekSummary:
    """Last plan week (the 7 days before ``day``) in numbers, this week's amounts, checkpoints."""
    first, last = day - timedelta(days=7), day - timedelta(days=1)
    done = session.scalar(
        select(func.count())
        .select_from(SessionLog)
        .where(
            SessionLog.plan_id == plan.id,
            SessionLog.baseline.is_(False),
            SessionLog.status != SessionStatus.SKIPPED,
            SessionLog.local_date.between(first, last),
        )
    )
    week = week_index(plan, first)
    row = next((w for w in plan.weeks if w.week == week), None) if week is not None else None
    return WeekSummary(
        planned=planned_sessions(plan, first, last),
        done=done,
        decision=row.decision if row is not None else None,
        lines=reminder_lines(plan, day),
        weekly_only=weekly_only,
        notices=tuple(NOTICES[c] for c in checkpoints),
    )


def plan_due_summaries(
    session: Session, now: datetime, batch: int, *, mailroom: Mailroom, secret: str
) -> int:
    """Queue every due weekly summary and schedule the next one; returns how many queued."""
    return drain_due(
        session,
        ReminderSettings.next_weekly_at,
        now,
        batch,
        lambda session, settings, now: _summary_one(session, settings, now, mailroom, secret),
    )


def _summary_one(
    session: Session, settings: ReminderSettings, now: datetime, mailroom: Mailroom, secret: str
) -> int:
    """Close last week if needed, queue its summary, and move on to the next week."""
    instant, settings.next_weekly_at = settings.next_weekly_at, None
    plan = session.scalar(
        select(Plan).where(Plan.patient_id == settings.user_id, Plan.status == PlanStatus.ACTIVE)
    )
    if plan is None or not settings.weekly_enabled:
        return 0
    zone = user_zone(plan.patient)
    settings.next_weekly_at = next_weekly_instant(plan, max(now, instant), zone)
    day = local_date(instant, zone)
    paused = settings.paused_until is not None and day <= settings.paused_until
    if day - timedelta(days=7) < plan.start_date or paused or now.date() > day + timedelta(days=1):
        return 0  # no full week yet, on a break, or the scheduler was down for days
    close_due_weeks(session, plan, day, now)
    # Each checkpoint is told once: noted in the same transaction as the queued email.
    new = tuple(unmentioned_checkpoints(session, plan.patient, plan, day))
    summary = week_summary(session, plan, day, settings.weekly_only, new)
    queued = enqueue(
        session,
        key=f"weekly:{plan.patient_id}:{day.isoformat()}",
        kind="weekly",
        user_id=plan.patient_id,
        email=weekly_email(mailroom, secret, plan.patient, plan, summary),
        mail_from=mailroom.mail_from,
        now=now,
        not_after=local_instant(day, settings.quiet_start, zone),
    )
    if queued and new:
        record_mentions(session, plan.patient, list(new), now)
    return int(queued)
