"""The physio's side of an urgent check: confirm a doctor has seen the patient, or pause again."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.models import Role, Screening, User
from webapp.safety import bp
from webapp.safety.forms import ConfirmSeenForm, PauseAgainForm
from webapp.safety.routes import detail_page
from webapp.security import role_required
from webapp.services.core.access import can_see_patient
from webapp.services.core.errors import ServiceError
from webapp.services.safety import urgent as urgent_checks


def _own_check(screening_id: int) -> tuple[Screening, User]:
    """A check of one of the physio's own patients and that patient, or a 404."""
    db = get_db()
    found = db.get(Screening, screening_id)
    patient = db.get(User, found.patient_id) if found is not None else None
    if found is None or not can_see_patient(current_user, patient):
        abort(404)
    return found, patient


def _patient_page(patient_id: int):
    """Back to the patient's checks on the physio's page."""
    return redirect(url_for("physio.patient", patient_id=patient_id, _anchor="screenings"))


@bp.post("/checks/<id:screening_id>/confirm-seen")
@role_required(Role.PHYSIO)
def confirm_seen(screening_id: int):
    """A doctor has seen the patient: close the urgent checks and resume a plan they paused."""
    db, (found, patient) = get_db(), _own_check(screening_id)
    if not ConfirmSeenForm().validate_on_submit():
        return detail_page(found, general=[_("Please try again.")]), 400
    try:
        resumed = urgent_checks.confirm_by_physio(
            db,
            physio=current_user,
            patient=patient,
            now=utcnow(),
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        # A second click or another tab closed it already: nothing went wrong.
        db.rollback()
        flash(exc.message, "info")
        return _patient_page(found.patient_id)
    db.commit()
    if resumed is not None:
        flash(_("Confirmed. The plan runs again."), "success")
    else:
        flash(_("Confirmed. The patient can use the exercises again."), "success")
    return _patient_page(found.patient_id)


@bp.post("/checks/<id:screening_id>/pause-again")
@role_required(Role.PHYSIO)
def pause_again(screening_id: int):
    """Pause a plan that the patient's own statement resumed, with a note if wanted."""
    db, (found, _patient) = get_db(), _own_check(screening_id)
    form = PauseAgainForm()
    if not form.validate_on_submit():
        return detail_page(found, pause_form=form), 400
    try:
        urgent_checks.pause_again(
            db,
            physio=current_user,
            check=found,
            note=form.note.data or "",
            now=utcnow(),
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        return detail_page(found, pause_form=form, general=[exc.message]), 400
    db.commit()
    flash(_("The plan is paused."), "success")
    return _patient_page(found.patient_id)
