"""The intake screen a patient answers before the first plan."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.measures import INTAKE_SCREEN
from webapp.domain.schedule import local_date
from webapp.forms import attach_error
from webapp.models import Role
from webapp.patient import bp
from webapp.patient.measure_forms import POSITIONS, IntakeForm
from webapp.security import role_required
from webapp.services.core.errors import ServiceError
from webapp.services.measures.episodes import intake_due, save_intake
from webapp.services.plans.plans import user_zone


@bp.route("/intake", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def intake():
    """A few questions about your back, your health and your work, before the first plan."""
    db = get_db()
    if not intake_due(db, current_user):
        flash(_("You already answered these questions."), "info")
        return redirect(url_for("patient.today"))
    form = IntakeForm()
    if form.validate_on_submit():
        now = utcnow()
        try:
            save_intake(
                db,
                patient=current_user,
                answers=form.answers(),
                pain=form.pain.data,
                psk_names=form.psk_names(),
                psk_scores=form.psk_scores(),
                today=local_date(now, user_zone(current_user)),
                now=now,
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="psk_name_1")
        else:
            db.commit()
            flash(_("Thank you. Your physiotherapist will look at your answers."), "success")
            return redirect(url_for("patient.today"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "measures/intake.html", form=form, questions=INTAKE_SCREEN, positions=POSITIONS
    ), status
