"""Views of the patient blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.models import Role, SessionStatus
from webapp.patient import bp
from webapp.patient.forms import SessionLogForm
from webapp.security import role_required
from webapp.services.errors import ServiceError
from webapp.services.logbook import record_session
from webapp.services.today import today_for
from webapp.services.videos import videos_for


@bp.get("/today")
@role_required(Role.PATIENT)
def today():
    """Today's exercises with their doses and videos, and the log form."""
    today = today_for(get_db(), current_user, utcnow())
    form = SessionLogForm(obj=today.log) if today.log else SessionLogForm()
    return _render_today(today, form)


@bp.post("/today/log")
@role_required(Role.PATIENT)
def log_today():
    """Record (or replace) today's session log."""
    db = get_db()
    now = utcnow()
    today = today_for(db, current_user, now)
    form = SessionLogForm()
    if today.plan is None:
        flash(_("You have no active plan to log."), "error")
        return _render_today(today, form), 409
    if form.validate_on_submit():
        try:
            record_session(
                db,
                patient=current_user,
                plan=today.plan,
                day=today.local_date,
                status=SessionStatus(form.status.data),
                pain=form.pain.data,
                note=form.note.data or "",
                now=now,
            )
        except ServiceError as exc:
            getattr(form, exc.field or "status", form.status).errors.append(exc.message)
        else:
            db.commit()
            flash(_("Saved. Well done for keeping track."), "success")
            return redirect(url_for("patient.today", _anchor="log"))
    return _render_today(today, form), 400


def _render_today(today, form):
    """The today page with each exercise's video for this patient."""
    videos = videos_for(get_db(), [item.exercise for item in today.items], current_user)
    return render_template("patient/today.html", today=today, form=form, videos=videos)
