"""Planning reminders: due rows become outbox emails, once per patient, day and kind.

Three kinds, one path. Each pass reads only rows whose indexed instant has passed, so it
costs what is due, not what exists: the daily reminder (``Plan.next_reminder_at``), the
optional follow-up two hours later (``ReminderSettings.next_followup_at``) and the weekly
summary (``ReminderSettings.next_weekly_at``, weekly.py). Batch by batch, one transaction
each:

1. find what is due: lock the rows and read them with their plans and settings
   (snapshot.py, where the batch reading and writing lives);
2. decide whether each reminder still goes (the rules below);
3. render it (content.py: one function per kind);
4. insert it once per idempotency key (``enqueue_many``: a key that exists is a no-op);
5. advance each row's next instant (``snapshot.store``).

A second scheduler process skips locked rows (PostgreSQL) or waits for the write lock
(SQLite), and the idempotency key turns any leftover race into a no-op.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from webapp.db import in_ids
from webapp.domain.schedule import (
    in_quiet_hours,
    local_date,
    local_instant,
    send_deadline,
)
from webapp.models import Plan, PlanStatus, ReminderSettings, SessionLog
from webapp.services.care.reminder_settings import IGNORED_LIMIT
from webapp.services.mail.outbox import Outgoing, enqueue_many
from webapp.services.mail.render import Mailroom
from webapp.services.plans.plans import user_zone
from webapp.services.reminders.content import Writer, daily_email
from webapp.services.reminders.push import daily_push, subscribed_users
from webapp.services.reminders.snapshot import (
    Due,
    PlanRow,
    SettingsCopy,
    in_batches,
    lock_due_plans,
    lock_due_settings,
    store,
)
from webapp.services.reminders.weekly import next_weekly_instant, plan_due_summaries

BATCH = 500
FOLLOWUP_AFTER = timedelta(hours=2)


def plan_due_reminders(
    session: Session, now: datetime, *, mailroom: Mailroom, secret: str, batch: int = BATCH
) -> int:
    """Run the daily, follow-up and weekly passes; returns how many rows were queued.

    A daily reminder also goes as a push to a patient with a subscribed browser (push.py).

    ``mailroom`` writes the emails; ``secret`` signs their "log it" and unsubscribe links.
    """
    if not _anything_due(session, now):
        return 0
    writer = Writer(mailroom, secret)  # reminders that read the same are rendered once
    exercises: dict = {}  # the catalogue rows the passes have read, by id
    followup_at = ReminderSettings.next_followup_at
    daily = in_batches(
        session,
        batch,
        lambda limit: lock_due_plans(session, now, limit, exercises),
        lambda due: _daily(session, due, now, writer),
    )
    followups = in_batches(
        session,
        batch,
        lambda limit: lock_due_settings(session, followup_at, now, limit, exercises),
        lambda due: _followups(session, due, now, writer),
    )
    return daily + followups + plan_due_summaries(session, now, batch, writer, exercises)


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


def daily_key(user_id: int, day: date) -> str:
    """The idempotency key of a patient's daily reminder."""
    return f"daily:{user_id}:{day.isoformat()}"


def _daily(session: Session, due: list[Due], now: datetime, writer: Writer) -> int:
    """Queue each due daily reminder that is still worth sending; always advance the plan."""
    days = {d.plan.id: local_date(d.plan.next_reminder_at, user_zone(d.plan.patient)) for d in due}
    # Today's log, and the last reminder's (was it ignored?), for the whole batch at once.
    asked = {(d.plan.id, days[d.plan.id]) for d in due}
    asked |= {(d.plan.id, d.settings.last_daily_on) for d in due if d.settings.last_daily_on}
    logged = _logged_days(session, asked)
    # Decide and render each; then one insert for the batch, and every plan moves on.
    emails, advances, reminded = [], {}, []
    for d in due:
        email, advances[d.plan.id] = _daily_one(d, days[d.plan.id], logged, now, writer)
        if email is not None:
            emails.append(email)
            reminded.append((d.plan, days[d.plan.id], email.not_after))
    emails += _pushes(session, reminded, now, writer)
    queued = enqueue_many(session, emails, mail_from=writer.mailroom.mail_from, now=now)
    store(session, due, advances)
    return len(queued)


def _pushes(session: Session, reminded: list, now: datetime, writer: Writer) -> list[Outgoing]:
    """The push beside each daily email, for patients with a browser that takes pushes."""
    subscribed = subscribed_users(session, [plan.patient_id for plan, _day, _end in reminded])
    return [
        daily_push(writer, plan, day, now, deadline)
        for plan, day, deadline in reminded
        if plan.patient_id in subscribed
    ]


def _logged_days(session: Session, pairs: set[tuple[int, date]]) -> set[tuple[int, date]]:
    """Which of these (plan id, local day) pairs have a session log."""
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


def _daily_one(
    due: Due, day: date, logged: set, now: datetime, writer: Writer
) -> tuple[Outgoing | None, datetime]:
    """This plan's due reminder if it should go, and its next instant (the caller stores both)."""
    plan, settings = due.plan, due.settings
    zone = user_zone(plan.patient)
    at = plan.schedule_on(day).reminder_time  # the day's own schedule, changed or not
    deadline = send_deadline(day, at, zone, settings.quiet_start)
    _count_ignored(settings, plan, logged)
    if settings.next_weekly_at is None and settings.weekly_enabled:
        settings.next_weekly_at = next_weekly_instant(plan, now, zone)
    weekly_today = _weekly_due_on(settings, day, zone)
    email = None
    if (
        settings.daily_enabled
        and not settings.weekly_only
        and not (settings.paused_until and day <= settings.paused_until)
        and not in_quiet_hours(at, settings.quiet_start, settings.quiet_end)
        and not weekly_today  # the weekly summary that morning says it all
        and now <= deadline
        and (plan.id, day) not in logged
    ):
        key = daily_key(plan.patient_id, day)
        rendered = daily_email(writer, plan, day, now)
        email = Outgoing(key, "daily", plan.patient_id, rendered, not_after=deadline)
        settings.last_daily_on = day
        followup = local_instant(day, at, zone) + FOLLOWUP_AFTER
        if settings.followup_enabled and followup < deadline:
            settings.next_followup_at = followup
    advance = _catch_up(plan, settings, day, now, zone) or plan.timetable.next_reminder(
        now, zone, after_day=day, earliest_day=plan.start_date
    )
    return email, advance


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


def _catch_up(plan: PlanRow, settings: SettingsCopy, day: date, now: datetime, zone):
    """Today's reminder instant when it passed while the scheduler was down but is still in time.

    After downtime the due instant may be days old; the days in between are skipped, but
    today's reminder is still worth sending until the evening.
    """
    today = local_date(now, zone)
    if today <= day or not plan.planned_on(today):
        return None
    at = plan.schedule_on(today).reminder_time
    instant = local_instant(today, at, zone)
    deadline = send_deadline(today, at, zone, settings.quiet_start)
    return instant if instant <= now <= deadline else None


def _weekly_due_on(settings: SettingsCopy, day: date, zone) -> bool:
    """True when the weekly summary falls on this local day."""
    upcoming = settings.next_weekly_at
    return settings.weekly_enabled and upcoming is not None and local_date(upcoming, zone) == day


def _followups(session: Session, due: list[Due], now: datetime, writer: Writer) -> int:
    """Queue due follow-ups: two hours after the reminder, only when nothing was logged."""
    wanted = {}
    for d in due:
        instant, d.settings.next_followup_at = d.settings.next_followup_at, None
        found = _followup_day(d, instant, now)
        if found is not None:
            wanted[d.plan.id] = (d.plan, *found)
    logged = _logged_days(session, {(plan_id, day) for plan_id, (_, day, _) in wanted.items()})
    emails = [
        Outgoing(
            f"followup:{plan.patient_id}:{day.isoformat()}",
            "followup",
            plan.patient_id,
            daily_email(writer, plan, day, now, followup=True),
            not_after=deadline,
        )
        for plan, day, deadline in wanted.values()
        if (plan.id, day) not in logged
    ]
    queued = enqueue_many(session, emails, mail_from=writer.mailroom.mail_from, now=now)
    store(session, due)
    return len(queued)


def _followup_day(due: Due, instant: datetime, now: datetime) -> tuple[date, datetime] | None:
    """The local day and deadline of a follow-up still wanted and in time, else None."""
    plan, settings = due.plan, due.settings
    if plan is None or not (settings.followup_enabled and settings.daily_enabled):
        return None
    zone = user_zone(plan.patient)
    day = local_date(instant, zone)
    deadline = send_deadline(day, plan.schedule_on(day).reminder_time, zone, settings.quiet_start)
    local_time = instant.astimezone(zone).time()
    if now > deadline or in_quiet_hours(local_time, settings.quiet_start, settings.quiet_end):
        return None
    return day, deadline
