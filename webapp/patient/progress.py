"""The patient's progress page, the printable plan and the personal calendar feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from babel.dates import get_day_names
from babel.lists import format_list
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.schedule import local_date, weekdays_from_mask
from webapp.i18n import dose_text, exercise_name
from webapp.models import Role, User
from webapp.patient import bp
from webapp.progress_charts import chart_context
from webapp.security import role_required
from webapp.services.care.progress import (
    PlannedSession,
    calendar_owner,
    calendar_sessions,
    progress_for,
    reset_calendar_token,
)
from webapp.services.care.today import refresh_plan, today_for
from webapp.services.library.videos import videos_for
from webapp.services.plans.graded import week_start
from webapp.services.plans.plans import active_plan, user_zone
from webapp.wiring import links

SESSION_MINUTES = 30


@bp.get("/progress")
@role_required(Role.PATIENT)
def progress():
    """The weeks so far, pain, streak and the build-up ahead, as charts with their numbers."""
    db = get_db()
    refresh_plan(db, current_user, utcnow())
    report = progress_for(db, current_user, utcnow())
    return render_template("patient/progress.html", **chart_context(report))


@bp.get("/plan/print")
@role_required(Role.PATIENT)
def print_plan():
    """The plan on paper: exercises with this week's amounts, days, time and a tick list."""
    db = get_db()
    refresh_plan(db, current_user, utcnow())
    today = today_for(db, current_user, utcnow())
    plan, locale = today.plan, str(get_locale() or "nl")
    days, weekdays_text = [], ""
    if plan is not None:
        names = get_day_names("wide", locale=locale)
        shown = plan.schedule_on(today.local_date)
        weekdays_text = format_list(
            [names[d] for d in weekdays_from_mask(shown.weekdays)], locale=locale
        )
        # The tick list follows the build-up week, so it matches this week's amounts.
        first = week_start(plan, today.week) if today.week is not None else today.local_date
        days = [
            day for day in (first + timedelta(days=i) for i in range(7)) if plan.planned_on(day)
        ]
    return render_template(
        "patient/print.html",
        today=today,
        weekdays_text=weekdays_text,
        tick_days=days,
        today_url=links().today(),
        locale=locale,
        videos=videos_for(db, [item.exercise for item in today.items], current_user),
        practice_contact=current_app.config["PRACTICE_CONTACT"],
    )


@bp.post("/calendar/reset")
@role_required(Role.PATIENT)
def reset_calendar():
    """Make the personal calendar address, or a new one; an old one stops working at once."""
    db = get_db()
    first = not current_user.calendar_token
    reset_calendar_token(db, current_user)
    db.commit()
    if first:
        flash(_("Your calendar address is ready."), "success")
    else:
        flash(_("Your new calendar address is ready. The old address no longer works."), "success")
    return redirect(url_for("reminders.settings", _anchor="calendar"))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str):
    """The planned sessions as an iCalendar feed; the secret address stands in for a login."""
    db = get_db()
    owner = calendar_owner(db, token)
    if owner is None:
        abort(404)
    now = utcnow()
    refresh_plan(db, owner, now)
    with force_locale(owner.locale):
        body = _calendar(db, owner, now)
    response = Response(
        body,
        content_type="text/calendar; charset=utf-8",
        # Kept only by the patient's own calendar app, which asks again with the ETag.
        headers={"Cache-Control": "private, no-cache", "X-Robots-Tag": "noindex"},
    )
    # Polled twice a day by every subscribed app: an unchanged feed costs a 304, no body.
    response.add_etag()
    return response.make_conditional(request)


def _calendar(db: Session, owner: User, now: datetime) -> bytes:
    """The feed: one 30-minute event per planned day, in the patient's zone and language."""
    zone = user_zone(owner)
    today = local_date(now, zone)
    calendar = Calendar()
    calendar.add("prodid", "-//Rugcoach//Rugcoach//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Rugcoach")
    calendar.add("x-wr-timezone", zone.key)
    # Calendar apps poll a feed; twice a day keeps the amounts current without hammering us.
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    plan = active_plan(db, owner)
    today_url = links().today()
    host = urlsplit(current_app.config["BASE_URL"]).hostname
    stamp = now.replace(hour=0, minute=0, second=0, microsecond=0)
    for planned in calendar_sessions(plan, zone, today) if plan else []:
        event = Event()
        # Unique across installations: this site's host names the events.
        event.add("uid", f"{plan.id}-{planned.day.isoformat()}@{host}")
        # The day's start, not this instant: an unchanged plan gives the same bytes (ETag).
        event.add("dtstamp", stamp)
        event.add("dtstart", planned.starts_at)
        event.add("duration", timedelta(minutes=SESSION_MINUTES))
        event.add("summary", _("Back exercises"))
        event.add("description", _describe(planned, today_url))
        event.add("url", today_url)
        calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=today - timedelta(days=60), last_date=today + timedelta(days=120)
    )
    return calendar.to_ical()


def _describe(planned: PlannedSession, today_url: str) -> str:
    """An event's text: each exercise with its amount, and the link to the today page."""
    lines = [_("Your exercises:")]
    for item, amount in planned.entries:
        exercise = item.exercise
        dose = (
            dose_text(exercise.unit, item.sets, amount, exercise.per_side)
            if amount is not None
            else _("the amount for that week is on your today page")
        )
        lines.append(f"- {exercise_name(exercise)}: {dose}")
    lines += ["", _("Open your today page: %(url)s", url=today_url)]
    return "\n".join(lines)
