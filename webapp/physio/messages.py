"""The physio's side of a patient's message thread: write a note or reply, mark as read."""

from __future__ import annotations

from flask import flash, redirect, render_template_string, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import MessageForm, attach_error
from webapp.models import Role, User
from webapp.physio import bp
from webapp.physio.access import own, record_view
from webapp.security import role_required
from webapp.services.core.access import can_see_patient, patient_for
from webapp.services.core.errors import ServiceError
from webapp.services.workspace import messages as thread_service
from webapp.wiring import mailroom

# The thread on a page of its own: the partial inside the site's layout.
STANDALONE = """{% extends "base.html" %}{% block title %}{{ heading }}{% endblock %}
{% block content %}<h1>{{ heading }}</h1>{% include "physio/_messages.html" %}{% endblock %}"""


def _back(patient: User) -> str:
    """The physio's page of this patient, at the thread."""
    return url_for("physio.patient", patient_id=patient.id, _anchor="messages")


@bp.app_template_global()
def message_thread(patient: User) -> thread_service.ThreadView:
    """The thread for the physio's partial, read as the signed-in physio."""
    if not can_see_patient(current_user, patient):  # the page checked; never show more
        return thread_service.ThreadView([], {}, 0)
    return thread_service.thread_view(get_db(), patient, current_user)


def _page(patient: User, form: MessageForm, status: int = 200):
    """The thread on a page of its own (also where a refused message is shown again)."""
    html = render_template_string(
        STANDALONE,
        patient=patient,
        message_form=form,
        heading=_("Messages with %(name)s", name=patient.name),
    )
    record_view("view_messages", [patient.id])
    return html, status


@bp.get("/patients/<id:patient_id>/messages")
@role_required(Role.PHYSIO)
def messages(patient_id: int):
    """The thread with this patient; reading it marks the patient's messages as read."""
    db, patient = get_db(), own(patient_for, patient_id)
    page = _page(patient, MessageForm(formdata=None))  # shows what was new before marking
    thread_service.mark_read(db, current_user, patient, utcnow())
    db.commit()
    return page


@bp.post("/patients/<id:patient_id>/messages")
@role_required(Role.PHYSIO)
def post_message(patient_id: int):
    """Write a note or reply to the patient; they get an email that a message is waiting."""
    db, now, patient = get_db(), utcnow(), own(patient_for, patient_id)
    form = MessageForm()
    try:
        thread_service.post_message(
            db,
            author=current_user,
            patient=patient,
            body=form.body.data or "",
            now=now,
            mailroom=mailroom(),
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        attach_error(form, exc, default="body")
        return _page(patient, form, 400)
    thread_service.mark_read(db, current_user, patient, now)  # replying means it was read
    db.commit()
    flash(_("Your message is sent. %(name)s gets an email about it.", name=patient.name), "success")
    return redirect(_back(patient))


@bp.post("/patients/<id:patient_id>/messages/read")
@role_required(Role.PHYSIO)
def read_messages(patient_id: int):
    """Mark the patient's messages as read."""
    db, patient = get_db(), own(patient_for, patient_id)
    thread_service.mark_read(db, current_user, patient, utcnow())
    db.commit()
    return redirect(_back(patient))
