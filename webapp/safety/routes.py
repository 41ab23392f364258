"""Views of the safety check: the questions, the patient's GP numbers, and past checks."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.safety import Outcome
from webapp.forms import attach_error
from webapp.models import Role, User
from webapp.safety import bp
from webapp.safety.forms import CheckForm, NumbersForm, PauseAgainForm
from webapp.security import role_required
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.plans.plans import current_plan
from webapp.services.safety import screening as screenings
from webapp.services.safety.doctor_numbers import save_numbers
from webapp.urls import safe_next
from webapp.wiring import mailroom


def _back(target: str | None) -> str:
    """Where the patient goes after the check: the page they came from, else today."""
    return safe_next(target) or url_for("patient.today")


@bp.route("/check", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def check():
    """The red-flag questions and the age band; below them, the patient's earlier checks."""
    db = get_db()
    if not current_user.safety_check_due and screenings.open_urgent(db, current_user):
        return redirect(url_for("safety.urgent"))
    form = CheckForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        previous = screenings.latest(db, current_user)
        if previous is not None:
            form.age_band.data = previous.age_band
    elif form.validate_on_submit():
        try:
            done = screenings.record_screening(
                db,
                patient=current_user,
                answers=form.answers(),
                age_band=form.age_band.data,
                now=utcnow(),
                mailroom=mailroom(),
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="age_band")
        else:
            db.commit()
            return _after_check(done, form.next.data)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "safety/check.html",
        form=form,
        due=current_user.safety_check_due,
        past=screenings.history(db, current_user, current_user),
        numbers_missing=not (current_user.gp_phone and current_user.out_of_hours_phone),
    ), status


def _after_check(done, target: str | None):
    """Send the patient on according to the outcome."""
    if done.outcome == Outcome.URGENT:
        return redirect(url_for("safety.urgent"))
    if done.outcome == Outcome.SEE_GP:
        return redirect(url_for("safety.detail", screening_id=done.id, next=safe_next(target)))
    flash(_("Thank you. Your answers show no warning signs."), "success")
    return redirect(_back(target))


@bp.route("/numbers", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def numbers():
    """The patient's GP and huisartsenpost numbers, for tap-to-call when it is urgent."""
    db = get_db()
    form = NumbersForm(obj=current_user if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            save_numbers(
                db,
                patient=current_user,
                gp_phone=form.gp_phone.data,
                out_of_hours_phone=form.out_of_hours_phone.data,
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="gp_phone")
        else:
            db.commit()
            flash(_("Your doctor's numbers are saved."), "success")
            return redirect(url_for("safety.check"))
    status = 400 if request.method == "POST" else 200
    return render_template("safety/numbers.html", form=form), status


@bp.get("/checks/<id:screening_id>")
@role_required(Role.PATIENT, Role.PHYSIO)
def detail(screening_id: int):
    """One check: what was answered, the outcome and what to do (patient or their physio)."""
    db = get_db()
    try:
        found = screenings.screening_for(
            db, current_user, screening_id, now=utcnow(), ip=request.remote_addr or ""
        )
    except NotFound:
        abort(404)
    html = detail_page(found)
    db.commit()  # the physio's audit row
    return html


def detail_page(found, *, pause_form=None, general: list[str] | None = None) -> str:
    """The page of one check; the physio's pause-again form is shown with its errors."""
    db = get_db()
    patient = db.get(User, found.patient_id)
    own = patient.id == current_user.id
    plan = None if own else current_plan(db, patient)
    return render_template(
        "safety/detail.html",
        screening=found,
        patient=patient,
        own=own,
        is_open=found.outcome == Outcome.URGENT and found.resolved_at is None,
        next_url=_back(request.args.get("next")),
        plan=plan,
        pause_form=pause_form or PauseAgainForm(),
        general=general or [],
    )
