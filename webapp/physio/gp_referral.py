"""Sending a patient to the GP ("niet-pluis") from the patient page, with a note.

The plan pauses and the patient reads why and whom to call; only the physio resumes it.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.models import Role
from webapp.physio import bp
from webapp.physio.access import own
from webapp.security import role_required
from webapp.services.core.access import patient_for
from webapp.services.core.errors import ServiceError
from webapp.services.plans.plan_checks import MAX_NOTE
from webapp.services.safety import referral


class ReferralForm(FlaskForm):
    """Why the physio asks the patient to see their GP; the patient reads the note."""

    note = TextAreaField(_l("Note to the patient"), validators=[Length(max=MAX_NOTE)])
    confirm = BooleanField(_l("Yes, pause the plan and ask the patient to see their GP"))


@bp.route("/patients/<id:patient_id>/send-to-gp", methods=["GET", "POST"])
@role_required(Role.PHYSIO)
def send_to_gp(patient_id: int):
    """Ask the patient to see their GP: the plan pauses until the physio resumes it."""
    db, patient = get_db(), own(patient_for, patient_id)
    form, general = ReferralForm(), []
    if request.method == "POST" and form.validate_on_submit():
        if not form.confirm.data:
            form.confirm.errors = [_("Tick the box to confirm.")]
        else:
            try:
                referral.send_to_gp(
                    db,
                    physio=current_user,
                    patient=patient,
                    note=form.note.data,
                    now=utcnow(),
                    ip=request.remote_addr or "",
                )
            except ServiceError as exc:
                db.rollback()
                attach_error(form, exc, general=general)
            else:
                db.commit()
                flash(
                    _("%(name)s is asked to see their GP. The plan is paused.", name=patient.name),
                    "success",
                )
                return redirect(url_for("physio.patient", patient_id=patient.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "physio/send_to_gp.html",
        patient=patient,
        form=form,
        general=general,
        open_referral=referral.open_referral(db, patient),
    ), status
