"""The patient-specific functioning list: three hard activities, scored at 0, 6 and 12 weeks."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.schedule import local_date
from webapp.forms import attach_error
from webapp.models import Role
from webapp.patient import bp
from webapp.patient.forms import FunctioningForm
from webapp.security import role_required
from webapp.services.care.outcomes import functioning, save_functioning
from webapp.services.core.errors import ServiceError
from webapp.services.plans.plans import active_plan, user_zone


@bp.route("/functioning", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def functioning_list():
    """Name the activities you find hard and score how well you can do them now."""
    db = get_db()
    today = local_date(utcnow(), user_zone(current_user))
    plan = active_plan(db, current_user)
    state = functioning(db, current_user, plan, today)
    week = state.due_week if state.due_week is not None else (0 if not state.activities else None)
    form = FunctioningForm()
    if request.method == "GET":
        for activity in state.activities:
            form[f"name_{activity.position}"].data = activity.name
    elif week is None:
        flash(_("Your next scores are asked for in week 6 and week 12."), "info")
        return redirect(url_for("patient.functioning_list"))
    elif form.validate_on_submit():
        try:
            save_functioning(
                db,
                patient=current_user,
                week=week,
                today=today,
                now=utcnow(),
                names=[form[f"name_{n}"].data for n in (1, 2, 3)],
                scores=[form[f"score_{n}"].data for n in (1, 2, 3)],
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="score_1")
        else:
            db.commit()
            flash(_("Saved. Thank you."), "success")
            return redirect(url_for("patient.functioning_list"))
    status = 400 if request.method == "POST" else 200
    return render_template("patient/functioning.html", state=state, week=week, form=form), status
