"""Planning reminders: due plans and settings become outbox emails, once per patient and day.

Three passes, each reading only rows whose indexed instant has passed, so a pass costs what
is due, not what exists: the daily reminder (``Plan.next_reminder_at``), the optional
follow-up two hours later (``ReminderSettings.next_followup_at``) and the weekly summary
(``ReminderSettings.next_weekly_at``). Each row's next instant is advanced in the same
transaction as its email's insert; a second scheduler process skips locked rows
(PostgreSQL) or waits for the write lock (SQLite), and the idempotency key turns any
leftover race into a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from webapp.db import begin_write, in_ids
from webapp.domain.schedule import (
    in_quiet_hours,
    is_chosen_day,
    local_date,
    local_instant,
    next_reminder,
    send_deadline,
)
from webapp.models import Plan, PlanStatus, ReminderSettings, SessionLog
from webapp.services.care.plans import user_zone
from webapp.services.care.reminder_settings import IGNORED_LIMIT, drain_due
from webapp.services.mail.outbox import Outgoing, enqueue, enqueue_many
from webapp.services.mail.render import Mailroom
from webapp.services.reminders.content import daily_email
from webapp.services.reminders.snapshot import (
    PlanRow,
    SettingsCopy,
    load_settings,
    lock_due_plans,
    store,
)
from webapp.services.reminders.weekly import next_weekly_instant, plan_due_summaries

BATCH = 500
FOLLOWUP_AFTER = timedelta(hours=2)


def daily_key(user_id: int, day: date) -> str:
    """The idempotency key of a patient's daily reminder."""
    return f"daily:{user_id}:{day.isoformat()}"


def plan_due_reminders(
    session: Session, now: datetime, *, mailroom: Mailroom, secret: str, batch: int = BATCH
) -> int:
    """Run the daily, follow-up and weekly passes; returns how many emails were queued.

    ``mailroom`` writes the emails; ``secret`` signs their "log it" and unsubscribe links.
    """
    if not _anything_due(session, now):
        return 0
    writer = _Writer(mailroom, secret)
    return (
        _daily_pass(session, now, batch, writer)
        + _followup_pass(session, now, batch, writer)
        + plan_due_summaries(session, now, batch, mailroom=mailroom, secret=secret)
    )


@dataclass(frozen=True)
class _Writer:
    """The mailroom and the link secret of one planning pass."""

    mailroom: Mailroom
    secret: str


def _anything_due(session: Session, now: datetime) -> bool:
    """Whether any pass has work: one read, so an idle minute never takes the write lock."""
    due = session.scalar(
        select(
            or_(
                exists().where(Plan.status == PlanStatus.ACTIVE, Plan.next_reminder_at <= now),
                exists().where(ReminderSettings.next_followup_at <= now),
                exists().where(ReminderSettings.next_weekly_at <= now),
            )
        )
    )
    session.commit()  # end the read; each pass begins its own writing transaction
    return bool(due)


def _daily_pass(session: Session, now: datetime, batch: int, writer: _Writer) -> int:
    """Queue each due daily reminder that is still worth sending; always advance the plan."""
    queued, mail_from = 0, writer.mailroom.mail_from
    memo: dict = {}  # reminders that read the same are rendered once per pass
    exercises: dict = {}  # the catalogue rows the pass has read, by id
    while True:
        begin_write(session)
        plans = lock_due_plans(session, now, batch, exercises)
        if not plans:  # the usual minute: nothing due, no more queries
            session.commit()
            return queued
        settings = load_settings(session, [plan.patient_id for plan in plans])
        days = {
            plan.id: local_date(plan.next_reminder_at, user_zone(plan.patient)) for plan in plans
        }
        logged = _logged(session, plans, settings, days)
        outgoing, advances = [], {}
        for plan in plans:
            email, advances[plan.id] = _daily_one(
                plan, settings[plan.patient_id], days[plan.id], logged, now, memo, writer
            )
            if email is not None:
                outgoing.append(email)
        # One insert for the batch, in the same transaction as the plans' advance.
        store(session, advances, list(settings.values()))
        queued += len(enqueue_many(session, outgoing, mail_from=mail_from, now=now))
        session.commit()
        if len(plans) < batch:
            return queued


def _logged(session, plans, settings, days) -> set[tuple[int, date]]:
    """Which (plan, day) pairs of this batch have a log: today's and the last reminder's."""
    pairs = {(p.id, days[p.id]) for p in plans}
    pairs |= {
        (p.id, settings[p.patient_id].last_daily_on)
        for p in plans
        if settings[p.patient_id].last_daily_on
    }
    if not pairs:
        return set()
    # Plans IN (...) AND days IN (...), then the pairs: a batch has one or two distinct
    # days, and a long IN list of row values costs PostgreSQL more to plan than to run.
    rows = session.execute(
        select(SessionLog.plan_id, SessionLog.local_date).where(
            in_ids(session, SessionLog.plan_id, sorted({plan_id for plan_id, _day in pairs})),
            SessionLog.local_date.in_(sorted({day for _plan_id, day in pairs})),
        )
    )
    return {(plan_id, day) for plan_id, day in rows if (plan_id, day) in pairs}


def _count_ignored(settings: SettingsCopy, plan: PlanRow, logged: set) -> None:
    """Count the last daily reminder as ignored when its day got no log; 3 in a row: weekly."""
    previous, settings.last_daily_on = settings.last_daily_on, None
    if previous is None:
        return
    if (plan.id, previous) in logged:
        settings.ignored_in_row = 0
        return
    settings.ignored_in_row = (settings.ignored_in_row or 0) + 1
    if settings.ignored_in_row >= IGNORED_LIMIT:
        settings.weekly_only = True


def _daily_one(
    plan: PlanRow,
    settings: SettingsCopy,
    day: date,
    logged: set,
    now: datetime,
    memo: dict,
    writer: _Writer,
) -> tuple[Outgoing | None, datetime]:
    """This plan's due reminder if it should go, and its next instant (the caller stores both)."""
    patient = plan.patient
    zone = user_zone(patient)
    deadline = send_deadline(day, plan.reminder_time, zone, settings.quiet_start)
    _count_ignored(settings, plan, logged)
    if settings.next_weekly_at is None and settings.weekly_enabled:
        settings.next_weekly_at = next_weekly_instant(plan, now, zone)
    weekly_today = _weekly_due_on(settings, day, zone)
    email = None
    if (
        settings.daily_enabled
        and not settings.weekly_only
        and not (settings.paused_until and day <= settings.paused_until)
        and not in_quiet_hours(plan.reminder_time, settings.quiet_start, settings.quiet_end)
        and not weekly_today  # the weekly summary that morning says it all
        and now <= deadline
        and (plan.id, day) not in logged
    ):
        email = Outgoing(
            key=daily_key(patient.id, day),
            kind="daily",
            user_id=patient.id,
            email=daily_email(writer.mailroom, writer.secret, patient, plan, day, now, memo=memo),
            not_after=deadline,
        )
        settings.last_daily_on = day
        followup = local_instant(day, plan.reminder_time, zone) + FOLLOWUP_AFTER
        if settings.followup_enabled and followup < deadline:
            settings.next_followup_at = followup
    advance = _catch_up(plan, settings, day, now, zone) or next_reminder(
        now, plan.weekdays, plan.reminder_time, zone, after_day=day, earliest_day=plan.start_date
    )
    return email, advance


def _catch_up(plan: PlanRow, settings: SettingsCopy, day: date, now: datetime, zone):
    """Today's reminder instant when it passed while the scheduler was down but is still in time.

    After downtime the due instant may be days old; the days in between are skipped, but
    today's reminder is still worth sending until the evening.
    """
    today = local_date(now, zone)
    if today <= day or today < plan.start_date or not is_chosen_day(plan.weekdays, today):
        return None
    instant = local_instant(today, plan.reminder_time, zone)
    deadline = send_deadline(today, plan.reminder_time, zone, settings.quiet_start)
    return instant if instant <= now <= deadline else None


def _weekly_due_on(settings: SettingsCopy, day: date, zone) -> bool:
    """True when the weekly summary falls on this local day."""
    upcoming = settings.next_weekly_at
    return settings.weekly_enabled and upcoming is not None and local_date(upcoming, zone) == day


def _followup_pass(session: Session, now: datetime, batch: int, writer: _Writer) -> int:
    """Queue due follow-ups: two hours after the reminder, only when nothing was logged."""
    return drain_due(
        session,
        ReminderSettings.next_followup_at,
        now,
        batch,
        lambda session, settings, now: _followup_one(session, settings, now, writer),
    )


def _followup_one(
    session: Session, settings: ReminderSettings, now: datetime, writer: _Writer
) -> int:
    """Send one follow-up if it is still wanted and the day is still open."""
    instant, settings.next_followup_at = settings.next_followup_at, None
    plan = session.scalar(
        select(Plan).where(Plan.patient_id == settings.user_id, Plan.status == PlanStatus.ACTIVE)
    )
    if plan is None or not (settings.followup_enabled and settings.daily_enabled):
        return 0
    zone = user_zone(plan.patient)
    day = local_date(instant, zone)
    deadline = send_deadline(day, plan.reminder_time, zone, settings.quiet_start)
    local_time = instant.astimezone(zone).time()
    if now > deadline or in_quiet_hours(local_time, settings.quiet_start, settings.quiet_end):
        return 0
    if session.scalar(
        select(SessionLog.id).where(SessionLog.plan_id == plan.id, SessionLog.local_date == day)
    ):
        return 0
    return int(
        enqueue(
            session,
            key=f"followup:{plan.patient_id}:{day.isoformat()}",
            kind="followup",
            user_id=plan.patient_id,
            email=daily_email(
                writer.mailroom, writer.secret, plan.patient, plan, day, now, followup=True
            ),
            mail_from=writer.mailroom.mail_from,
            now=now,
            not_after=deadline,
        )
    )
