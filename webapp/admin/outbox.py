"""The outbox for the admin: the list by status, one email as sent, and sending a failed one again.

The admin sees delivery facts (recipient, subject, status, attempts, errors), never an
email's content: the bodies hold health details and links that still work. Opening an email
shows its recipient's address, so every opening is audited.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.admin import bp
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.models import OutboxStatus, Role
from webapp.security import role_required
from webapp.services.core import audit
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.mail import outbox_admin


def _record(action: str, subject_id: int | None, detail: str) -> None:
    """Add an audit row for what the admin did, committed with the change."""
    audit.record(
        get_db(),
        actor=current_user,
        subject_id=subject_id,
        action=action,
        now=utcnow(),
        ip=request.remote_addr or "",
        detail=detail,
    )


def _record_view(action: str, subject_id: int | None, detail: str) -> None:
    """Record what the admin is about to see (an email is about its recipient's account)."""
    audit.record_view(
        get_db(),
        actor=current_user,
        subject_ids=[subject_id],
        action=action,
        now=utcnow(),
        ip=request.remote_addr or "",
        detail=detail,
    )


def _message_or_404(message_id: int) -> outbox_admin.MessageView:
    """The email asked for, or a 404."""
    try:
        return outbox_admin.message_view(get_db(), message_id, current_app.config["MAIL_FROM"])
    except NotFound:
        abort(404)


@bp.get("/outbox", endpoint="outbox")
@role_required(Role.ADMIN)
def outbox_list():
    """Outgoing email, newest first, by status, with attempts and the last error."""
    db = get_db()
    counts = outbox_admin.status_counts(db)
    try:
        status = outbox_admin.parse_status(request.args.get("status"))
        page = outbox_admin.parse_page(request.args.get("page"))
    except outbox_admin.BadPage as exc:
        return render_template(
            "admin/outbox.html",
            error=exc.message,
            counts=counts,
            statuses=OutboxStatus,
            status=None,
            listing=None,
        ), 400
    try:
        listing = outbox_admin.outbox_page(db, status, page)
    except NotFound:
        abort(404)
    # The last errors can quote addresses, so reading the list is recorded too.
    _record_view("view_outbox", None, f"status={status or 'all'}, page={page}")
    return render_template(
        "admin/outbox.html",
        error=None,
        counts=counts,
        statuses=OutboxStatus,
        status=status,
        listing=listing,
    )


@bp.get("/outbox/<id:message_id>", endpoint="outbox_message")
@role_required(Role.ADMIN)
def outbox_message(message_id: int):
    """One email's delivery: recipient, subject, status, attempts and the last error."""
    return _render_message(message_id)


def _render_message(message_id: int, error: str | None = None, status: int = 200):
    """The message page; showing it is recorded against the recipient's account."""
    view = _message_or_404(message_id)
    _record_view("view_outbox_message", view.row.user_id, f"email {view.row.id} ({view.row.kind})")
    return render_template(
        "admin/outbox_message.html", view=view, statuses=OutboxStatus, error=error
    ), status


@bp.post("/outbox/<id:message_id>/retry", endpoint="outbox_retry")
@role_required(Role.ADMIN)
def outbox_retry(message_id: int):
    """Put a failed email back in the queue; the scheduler sends it on its next pass."""
    db = get_db()
    try:
        row = outbox_admin.retry(db, message_id, utcnow())
    except NotFound:
        db.rollback()
        abort(404)
    except ServiceError as exc:
        db.rollback()
        return _render_message(message_id, error=exc.message, status=409)
    _record("retry_outbox_message", row.user_id, f"email {row.id} ({row.kind})")
    db.commit()
    flash(_("The email is waiting to be sent again."), "success")
    return redirect(url_for("admin.outbox_message", message_id=message_id))
