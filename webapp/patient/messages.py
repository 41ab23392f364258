"""The patient's side of the message thread, and what the physio told them on the today page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.clock import utcnow
from webapp.db import begin_write, get_db
from webapp.forms import MessageForm, attach_error
from webapp.models import Plan, Role
from webapp.patient import bp
from webapp.security import role_required
from webapp.services.core.errors import ServiceError
from webapp.services.plans.plan_changes import mark_seen, unseen_changes
from webapp.services.plans.plans import current_plan
from webapp.services.safety.referral import Referral, open_referral
from webapp.services.workspace import messages as thread_service
from webapp.wiring import mailroom


@bp.route("/messages", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def messages():
    """The thread with the physiotherapist; reading it marks their messages as read."""
    db, now = get_db(), utcnow()
    form, status = MessageForm(), 200
    if request.method == "POST":
        try:
            thread_service.post_message(
                db,
                author=current_user,
                patient=current_user,
                body=form.body.data or "",
                now=now,
                mailroom=mailroom(),
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="body")
            status = 400
        else:
            db.commit()
            flash(
                _("Your message is sent. Your physiotherapist gets an email about it."), "success"
            )
            return redirect(url_for("patient.messages", _anchor="write"))
    found = thread_service.thread_view(db, current_user, current_user)
    html = render_template(
        "patient/messages.html",
        form=form,
        messages=found.messages,
        names=found.names,
        unread=found.unread,
    )
    if found.unread:
        db.commit()  # end the reads, then write as a writer from the start
        begin_write(db)
        thread_service.mark_read(db, current_user, current_user, now)
        db.commit()
    return html, status


@bp.post("/messages/seen")
@role_required(Role.PATIENT)
def mark_seen_from_physio():
    """Mark the physio's note and plan changes on the today page as read."""
    db, now = get_db(), utcnow()
    plan = current_plan(db, current_user) or _latest_plan(current_user)
    if plan is not None:
        mark_seen(db, plan, now)
    thread_service.mark_read(db, current_user, current_user, now)
    db.commit()
    return redirect(url_for("patient.today"))


def _latest_plan(patient) -> Plan | None:
    """The patient's most recent plan of any status (an ended plan's last note counts too)."""
    return get_db().scalar(
        select(Plan).where(Plan.patient_id == patient.id).order_by(Plan.id.desc()).limit(1)
    )


@bp.app_template_global()
def from_physio(plan: Plan | None = None) -> dict:
    """For the today page: the physio's unread note and the plan changes not yet seen."""
    db, patient = get_db(), current_user
    plan = plan or _latest_plan(patient)
    note = thread_service.latest_note_from_physio(db, patient)
    return {
        "note": note if note is not None and note.read_at is None else None,
        "changes": unseen_changes(db, plan) if plan is not None else [],
        "plan": plan,
        "unread": thread_service.unread_count(db, patient, patient),
        "linked": patient.physio_id is not None,
    }


@bp.app_template_global()
def sent_to_gp() -> Referral | None:
    """For the today page: the physio's open request to see the GP, if any."""
    return open_referral(get_db(), current_user)
