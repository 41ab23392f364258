"""Views of the patient blueprint: today's plan, the log and the flare-up step back."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.schedule import local_date
from webapp.forms import attach_error
from webapp.models import Comparison, Feeling, Role, SessionStatus
from webapp.patient import bp
from webapp.patient.forms import amount_field_name, log_form_class
from webapp.patient.page_cache import holds_until, kept_pages, may_keep, page_key
from webapp.security import role_required
from webapp.services.care.logbook import MAX_DAYS_BACK, check_day, record_session
from webapp.services.care.outcomes import record_weekly_check
from webapp.services.care.receipts import AlreadyReceived, read_client_id, was_received
from webapp.services.care.timeline import timeline_for
from webapp.services.care.today import Today, refresh_plan, today_for
from webapp.services.core.errors import ServiceError
from webapp.services.library.videos import videos_for
from webapp.services.measures.extras import ldf_choice
from webapp.services.plans import flares
from webapp.services.plans.plans import user_zone
from webapp.wiring import mailroom


def log_form_for(today: Today, formdata=None):
    """The log form for a day, pre-filled with what was logged or else the quotas."""
    form_class = log_form_class(today.entries, today.weekly_check_week is not None)
    form = form_class(formdata=formdata, day=today.local_date)
    if formdata is None:
        log = today.log
        if log is not None:
            form.status.data, form.pain.data = log.status.value, log.pain
            form.feeling.data = log.feeling.value if log.feeling else None
            form.note.data = log.note
        for entry in today.entries:
            done = entry.done if entry.done is not None else entry.quota
            getattr(form, amount_field_name(entry.item.id)).data = done
    return form


def render_day(today: Today, form, status: int = 200):
    """The today page with each exercise's video for this patient."""
    videos = videos_for(get_db(), [item.exercise for item in today.items], current_user)
    earliest = today.local_date - timedelta(days=MAX_DAYS_BACK)
    timeline = timeline_for(get_db(), current_user, utcnow(), plan=today.plan)
    return render_template(
        "patient/today.html",
        today=today,
        form=form,
        videos=videos,
        earliest=earliest,
        timeline=timeline,
        ldf_unasked=ldf_choice(get_db(), current_user) is None,
    ), status


@bp.get("/today")
@role_required(Role.PATIENT)
def today():
    """Today's exercises with this week's quotas, their videos, and the log form."""
    db = get_db()
    now = utcnow()
    key = page_key("patient.today", local_date(now, user_zone(current_user)))
    if key is not None and (html := kept_pages().get(key, now)) is not None:
        return html
    plan = refresh_plan(db, current_user, now)
    day = today_for(db, current_user, now, plan=plan)
    html, status = render_day(day, log_form_for(day))
    if key is not None and status == 200 and may_keep():
        kept_pages().put(key, html, holds_until(day.plan, now))
    return html, status


@bp.post("/today/log")
@role_required(Role.PATIENT)
def log_today():
    """Record (or replace) a day's log, with the weekly check when it is due."""
    db = get_db()
    now = utcnow()
    chosen = _posted_day()
    if chosen is not None:
        try:
            check_day(current_user, chosen, now)
        except ServiceError as exc:
            # The date problem comes first, on today's page: a day that cannot be logged
            # must not title the page or ask that day's weekly questions.
            day = today_for(db, current_user, now)
            form = log_form_for(day, request.form)
            attach_error(form, exc, default="day")
            return render_day(day, form, 400)
    day = today_for(db, current_user, now, chosen)
    form = log_form_for(day, request.form)
    if day.plan is None:
        flash(_("You have no active plan to log."), "error")
        return render_day(day, form, 409)
    if not form.validate_on_submit():
        return render_day(day, form, 400)
    try:
        client_id = read_client_id(request.form.get("client_id"))
        if client_id and was_received(db, current_user, client_id):
            raise AlreadyReceived(_("This log was already saved."))
        result = record_session(
            db,
            patient=current_user,
            plan=day.plan,
            day=form.day.data,
            status=SessionStatus(form.status.data),
            pain=form.pain.data,
            feeling=Feeling(form.feeling.data) if form.feeling.data else None,
            note=form.note.data or "",
            now=now,
            amounts={
                e.item.id: value
                for e in day.entries
                if (value := getattr(form, amount_field_name(e.item.id)).data) is not None
            },
            client_id=client_id,
        )
        if day.weekly_check_week is not None:
            record_weekly_check(
                db,
                patient=current_user,
                plan=day.plan,
                week=day.weekly_check_week,
                pain=form.week_pain.data,
                comparison=Comparison(form.week_comparison.data),
                note=form.week_note.data or "",
                now=now,
            )
    except AlreadyReceived as exc:
        # A send from the phone's queue that came twice: the first one stands.
        db.rollback()
        flash(exc.message, "info")
        return redirect(url_for("patient.today", _anchor="log"))
    except ServiceError as exc:
        db.rollback()
        attach_error(form, exc, default="status")
        return render_day(day, form, 400)
    db.commit()
    if result.capped:
        flash(
            _(
                "Saved. You did more than today's amount: we noted the amount your plan "
                "asks for. More is not better here; your plan builds up on schedule."
            ),
            "info",
        )
    else:
        flash(_("Saved. Well done for keeping track."), "success")
    return redirect(url_for("patient.today", _anchor="log"))


# Farther from today than this, a posted day is not used to build the page.
POSTED_DAY_RANGE = timedelta(days=366)


def _posted_day():
    """The day the posted form is for (today when missing, unreadable or absurdly far off).

    The page is then built for today and the log service refuses the posted day with its
    message; a day such as 0001-01-01 would overflow the date arithmetic of the page.
    """
    try:
        chosen = date.fromisoformat(request.form.get("day", ""))
    except ValueError:
        return None
    if abs(chosen - utcnow().date()) > POSTED_DAY_RANGE:
        return None
    return chosen


@bp.post("/plan/flare")
@role_required(Role.PATIENT)
def flare():
    """Step back one week because of a flare-up (this week only)."""
    db = get_db()
    day = today_for(db, current_user, utcnow())
    if day.plan is None:
        abort(404)
    try:
        flares.declare(db, day.plan, day.local_date, utcnow(), mailroom())
    except ServiceError as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("patient.today"))
    db.commit()
    flash(
        _("This week your plan steps back one week. Next week it continues where it was."), "info"
    )
    return redirect(url_for("patient.today"))
