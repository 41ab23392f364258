"""The urgent page: whom to call (112 first, or the GP today) and, later, who saw the patient."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.phone import EMERGENCY
from webapp.domain.resume import SeenBy, Statement
from webapp.domain.schedule import local_date
from webapp.forms import attach_error
from webapp.models import Role
from webapp.safety import bp
from webapp.safety.forms import SeenForm
from webapp.security import role_required
from webapp.services.core.errors import ServiceError
from webapp.services.plans.plans import current_plan, user_zone
from webapp.services.safety import screening as screenings
from webapp.services.safety import urgent as urgent_checks
from webapp.wiring import mailroom


@bp.route("/urgent", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def urgent():
    """Call now; the exercises wait until a doctor has seen the patient (domain.resume)."""
    db = get_db()
    found = screenings.open_urgent(db, current_user)
    if found is None:
        return redirect(url_for("patient.today"))
    form = SeenForm()
    if form.validate_on_submit():
        statement = Statement(
            seen_by=SeenBy(form.seen_by.data),
            seen_on=form.seen_on.data,
            may_exercise=form.may_exercise.data,
        )
        try:
            resumed = urgent_checks.state_seen(
                db, patient=current_user, statement=statement, now=utcnow(), mailroom=mailroom()
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="seen_on")
        else:
            db.commit()
            if resumed is not None:
                flash(_("Thank you. Your exercise plan continues."), "success")
            else:
                flash(_("Thank you. You can use your exercises again."), "success")
            return redirect(url_for("patient.today"))
    status = 400 if request.method == "POST" else 200
    zone = user_zone(current_user)
    return render_template(
        "safety/urgent.html",
        screening=found,
        form=form,
        plan=current_plan(db, current_user),
        has_physio=current_user.physio_id is not None,
        emergency=EMERGENCY,
        check_day=local_date(found.created_at, zone),
        today=local_date(utcnow(), zone),
    ), status
