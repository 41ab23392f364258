"""The follow-along session player: today's exercises one after another, then the log."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.models import Role
from webapp.patient import bp
from webapp.patient.forms import amount_field_name
from webapp.patient.routes import log_form_for
from webapp.security import role_required
from webapp.services.care.logbook import MAX_DAYS_BACK
from webapp.services.care.today import refresh_plan, today_for
from webapp.services.library.videos import videos_for


@bp.get("/session")
@role_required(Role.PATIENT)
def session_player():
    """Today's exercises as a list to follow (a step-by-step player with JavaScript)."""
    db = get_db()
    plan = refresh_plan(db, current_user, utcnow())
    today = today_for(db, current_user, utcnow(), plan=plan)
    if today.plan is None:
        flash(_("You have no exercise plan yet, so there is no session to follow."), "info")
        return redirect(url_for("patient.today"))
    return render_template(
        "patient/session.html",
        today=today,
        form=log_form_for(today),
        videos=videos_for(db, [item.exercise for item in today.items], current_user),
        earliest=today.local_date - timedelta(days=MAX_DAYS_BACK),
        amount_field_name=amount_field_name,
    )
