"""The patient's progress page, the printable plan and the personal calendar feed."""

from __future__ import annotations

from datetime import datetime, timedelta

from babel.dates import get_day_names
from babel.lists import format_list
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import force_locale, format_date, format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from webapp.charts import bars_with_line, line_chart, ramp_chart
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.schedule import is_chosen_day, local_date, weekdays_from_mask
from webapp.i18n import dose_text, exercise_name
from webapp.models import Role, User
from webapp.patient import bp
from webapp.security import role_required
from webapp.services.care.graded import week_start
from webapp.services.care.plans import active_plan, user_zone
from webapp.services.care.progress import (
    PAIN_WEEKS,
    ItemProgress,
    PlannedSession,
    Progress,
    calendar_owner,
    calendar_sessions,
    progress_for,
    reset_calendar_token,
)
from webapp.services.care.today import refresh_plan, today_for
from webapp.wiring import links

SESSION_MINUTES = 30
CHART_WEEKS = 16  # more bars than this get too thin to read on a phone


def _number(value: float) -> str:
    """A chart or table number in the page's language (at most one decimal)."""
    return format_decimal(value, format="#,##0.#")


@bp.get("/progress")
@role_required(Role.PATIENT)
def progress():
    """The weeks so far, pain, streak and the build-up ahead, as charts with their numbers."""
    db = get_db()
    refresh_plan(db, current_user, utcnow())
    report = progress_for(db, current_user, utcnow())
    return render_template(
        "patient/progress.html", feed_url=_feed_url(current_user), **chart_context(report)
    )


def chart_context(report: Progress) -> dict:
    """What templates/patient/_progress_charts.html needs; the physio's patient page uses it too."""
    return {
        "report": report,
        "charts": {ip.item.id: _item_charts(ip) for ip in report.items or []},
        "pain_chart": _pain_chart(report) if report.pain else None,
        "pain_weeks": PAIN_WEEKS,
        "number": _number,
    }


def _weeks_summary(weeks: list) -> str:
    """The chart's description: the latest week in words, then where the rest is."""
    parts = []
    if weeks and weeks[-1].quota is not None:
        last = weeks[-1]
        parts.append(
            _("In week %(week)d your plan asks %(quota)d.", week=last.week + 1, quota=last.quota)
        )
        if last.per_planned is not None:
            parts.append(
                _("So far you did %(done)s per planned session.", done=_number(last.per_planned))
            )
    parts.append(_("The table below has the numbers of every week."))
    return " ".join(parts)


def _item_charts(ip: ItemProgress) -> dict:
    """The weeks-so-far chart and, for a build-up, the ramp-ahead chart of one exercise."""
    name = exercise_name(ip.item.exercise)
    weeks = ip.weeks[-CHART_WEEKS:]  # the table below keeps every week
    found = {
        "weeks": bars_with_line(
            f"weeks-{ip.item.id}",
            _("%(name)s: what your plan asked and what you did", name=name),
            _weeks_summary(ip.weeks),
            [str(w.week + 1) for w in weeks],
            [w.per_planned for w in weeks],
            [w.quota for w in weeks],
            number=_number,
            x_title=_("Week"),
        )
    }
    if ip.ramp is not None:
        ramp = ip.ramp
        found["ramp"] = ramp_chart(
            f"ramp-{ip.item.id}",
            _("%(name)s: your build-up week by week", name=name),
            _(
                "This week your plan asks %(now)d. If every week goes as planned, you reach "
                "your goal of %(goal)d in week %(week)d.",
                now=ramp.quotas[ramp.current],
                goal=ramp.goal,
                week=ramp.first_week + len(ramp.quotas),
            ),
            [str(ramp.first_week + i + 1) for i in range(len(ramp.quotas))],
            ramp.quotas,
            ramp.current,
            number=_number,
            x_title=_("Week"),
            now_label=_("Now"),
        )
    return found


def _pain_chart(report: Progress):
    """The pain scores of the last weeks, one slot per day, labelled on each Monday."""
    first = report.today - timedelta(weeks=PAIN_WEEKS) + timedelta(days=1)
    days = [first + timedelta(days=i) for i in range(PAIN_WEEKS * 7)]
    scores = {point.day: point.pain for point in report.pain}
    latest = report.pain[-1]
    return line_chart(
        "pain",
        _("Your pain over the last %(weeks)d weeks", weeks=PAIN_WEEKS),
        _(
            "Pain from 0 (none) to 10 (worst) on the days you logged. The latest score is "
            "%(pain)d, on %(date)s.",
            pain=latest.pain,
            date=format_date(latest.day, "d MMMM"),
        ),
        [format_date(d, "d MMM") if d.weekday() == 0 else "" for d in days],
        [scores.get(d) for d in days],
        top=10,
        ticks=[0, 2, 4, 6, 8, 10],
        number=_number,
    )


def _feed_url(user: User) -> str | None:
    """The absolute address of the user's calendar feed, once they have made one."""
    if not user.calendar_token:
        return None
    return links().calendar_feed(user.calendar_token)


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
        weekdays_text = format_list(
            [names[d] for d in weekdays_from_mask(plan.weekdays)], locale=locale
        )
        # The tick list follows the build-up week, so it matches this week's amounts.
        first = week_start(plan, today.week) if today.week is not None else today.local_date
        days = [
            day
            for day in (first + timedelta(days=i) for i in range(7))
            if day >= plan.start_date and is_chosen_day(plan.weekdays, day)
        ]
    return render_template(
        "patient/print.html",
        today=today,
        weekdays_text=weekdays_text,
        tick_days=days,
        today_url=links().today(),
        locale=locale,
    )


@bp.post("/calendar/reset")
@role_required(Role.PATIENT)
def reset_calendar():
    """Make a new personal calendar address; the old one stops working at once."""
    db = get_db()
    reset_calendar_token(db, current_user)
    db.commit()
    flash(_("Your new calendar address is ready. The old address no longer works."), "success")
    return redirect(url_for("patient.progress", _anchor="calendar"))


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
    return Response(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
    )


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
    for planned in calendar_sessions(plan, zone, today) if plan else []:
        event = Event()
        event.add("uid", f"{plan.id}-{planned.day.isoformat()}@rugcoach")
        event.add("dtstamp", now)
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
