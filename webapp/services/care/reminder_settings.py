"""A patient's reminder settings: reading, changing, unsubscribing, and the ignored count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.domain.schedule import in_quiet_hours, zone_or_none
from webapp.models import Plan, ReminderSettings, User
from webapp.services.core.errors import ServiceError
from webapp.services.plans import schedules

# After this many daily reminders in a row without a log, only the weekly summary remains.
IGNORED_LIMIT = 3
MAX_PAUSE_DAYS = 92


def settings_for(session: Session, user: User) -> ReminderSettings:
    """The user's settings row, created with the defaults on first use."""
    settings = session.get(ReminderSettings, user.id)
    if settings is None:
        settings = ReminderSettings(user_id=user.id)
        session.add(settings)
        session.flush()
    return settings


@dataclass(frozen=True)
class SettingsChange:
    """Everything the settings page can change."""

    reminder_time: time
    weekdays: int
    daily_enabled: bool
    followup_enabled: bool
    weekly_enabled: bool
    quiet_start: time
    quiet_end: time
    paused_until: date | None
    locale: str
    timezone: str


def change_settings(
    session: Session,
    *,
    user: User,
    plan: Plan | None,
    change: SettingsChange,
    today: date,
    now: datetime,
) -> ReminderSettings:
    """Apply the settings page, checking each value; the next reminder is rescheduled."""
    zone = zone_or_none(change.timezone)
    if zone is None:
        raise ServiceError(_l("Choose a time zone from the list."), field="timezone")
    if change.locale not in ("nl", "en"):
        raise ServiceError(_l("Choose Dutch or English."), field="locale")
    if change.quiet_start == change.quiet_end:
        raise ServiceError(_l("Quiet hours need a different start and end."), field="quiet_end")
    if in_quiet_hours(change.reminder_time, change.quiet_start, change.quiet_end):
        raise ServiceError(
            _l("Choose a reminder time outside your quiet hours."), field="reminder_time"
        )
    if not 0 < change.weekdays < 128:
        raise ServiceError(_l("Choose at least one day of the week."), field="weekdays")
    if change.paused_until is not None and not (
        today <= change.paused_until <= today + timedelta(days=MAX_PAUSE_DAYS)
    ):
        raise ServiceError(_l("Pause until a date in the next three months."), field="paused_until")
    settings = settings_for(session, user)
    settings.daily_enabled = change.daily_enabled
    settings.followup_enabled = change.followup_enabled
    settings.weekly_enabled = change.weekly_enabled
    settings.quiet_start, settings.quiet_end = change.quiet_start, change.quiet_end
    settings.paused_until = change.paused_until
    user.locale, user.timezone = change.locale, change.timezone
    if plan is not None:
        # From today on; the days before keep the schedule they were counted by.
        schedules.patient_choice(plan, today, change.weekdays, change.reminder_time)
        session.flush()
        plan.next_reminder_at = plan.timetable.next_reminder(
            now, zone, earliest_day=plan.start_date
        )
    settings.next_weekly_at = None  # recomputed by the next planning pass
    session.flush()
    return settings


def unsubscribe(session: Session, user: User, kind: str) -> None:
    """Stop one kind of email at once ("daily", "followup" or "weekly")."""
    settings = settings_for(session, user)
    if kind == "daily":
        settings.daily_enabled = False
        settings.followup_enabled = False  # a follow-up without the daily makes no sense
    elif kind == "followup":
        settings.followup_enabled = False
    elif kind == "weekly":
        settings.weekly_enabled = False
    else:
        raise ServiceError(_l("This link is not valid."))
    session.flush()


def note_log(session: Session, user: User) -> None:
    """A log came in: the patient is not ignoring reminders, so daily ones start again."""
    settings = session.get(ReminderSettings, user.id)
    if settings is not None and (settings.ignored_in_row or settings.weekly_only):
        settings.ignored_in_row = 0
        settings.weekly_only = False
        session.flush()
