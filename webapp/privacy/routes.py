"""The privacy statement, the data download and account deletion."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from webapp import throttle
from webapp.clock import utcnow
from webapp.db import checkpoint, get_db
from webapp.forms import attach_error
from webapp.models import Role
from webapp.privacy import bp
from webapp.privacy.forms import DeleteAccountForm, ExportForm
from webapp.security import role_required
from webapp.services.core import audit
from webapp.services.core.errors import ServiceError
from webapp.services.mail.files import erase_outbox_files
from webapp.services.privacy.delete import delete_account
from webapp.services.privacy.export import export_zip
from webapp.wiring import password_hasher


@bp.get("/privacy")
def statement():
    """What Rugcoach stores, why, for how long and who can see it (public)."""
    return render_template("privacy/statement.html")


@bp.get("/account/data")
@role_required(Role.PATIENT)
def my_data():
    """The page with the download button and the way to delete the account."""
    return render_template("privacy/my_data.html", form=ExportForm(formdata=None))


@bp.post("/account/data/export")
@role_required(Role.PATIENT)
def export():
    """All of the signed-in patient's data as a zip download."""
    if not ExportForm().validate_on_submit():
        return render_template("privacy/my_data.html", form=ExportForm(formdata=None)), 400
    db = get_db()
    now = utcnow()
    body = export_zip(db, current_user, now, current_app.config["BASE_URL"])
    audit.record(
        db,
        actor=current_user,
        subject_id=current_user.id,
        action="export_own_data",
        now=now,
        ip=request.remote_addr or "",
    )
    db.commit()
    name = f"rugcoach-data-{now.strftime('%Y%m%d')}.zip"
    return Response(
        body,
        mimetype="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/account/delete")
@role_required(Role.PATIENT)
def confirm_delete():
    """Ask for the password before the account and its data are deleted."""
    return render_template("privacy/delete.html", form=DeleteAccountForm(formdata=None))


@bp.post("/account/delete")
@role_required(Role.PATIENT)
@throttle.failed_password_checks
def delete():
    """Delete the account: data erased, pending emails dropped, audit trail pseudonymised."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        db = get_db()
        user = current_user._get_current_object()
        address, name = user.email, user.name  # the tombstone keeps neither
        try:
            delete_account(
                db,
                user,
                password=form.password.data,
                now=utcnow(),
                hasher=password_hasher(),
                ip=request.remote_addr or "",
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="password")
            throttle.mark_failed()
        else:
            db.commit()
            # What the database erased must not linger in the outbox's files or the WAL.
            erase_outbox_files(current_app.config["OUTBOX_DIR"], address=address, name=name)
            checkpoint(db)
            logout_user()
            session.clear()
            flash(_("Your account and your data are deleted."), "success")
            return redirect(url_for("privacy.statement"))
    return render_template("privacy/delete.html", form=form), 400
