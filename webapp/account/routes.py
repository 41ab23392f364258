"""The account page and the password change."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp import throttle
from webapp.account import bp
from webapp.account.forms import ChangePasswordForm, DisableForm, StartForm
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.security import LOGIN_SESSION, start_session
from webapp.services.accounts import devices, passwords, sessions, twofactor
from webapp.services.core.errors import ServiceError
from webapp.wiring import password_hasher


def _render_settings(password_form=None, disable_form=None, status: int = 200):
    """The account page with its forms (fresh ones unless given)."""
    db = get_db()
    return render_template(
        "account/settings.html",
        password_form=password_form or ChangePasswordForm(formdata=None),
        disable_form=disable_form or DisableForm(formdata=None),
        start_form=StartForm(formdata=None),
        offers_two_factor=twofactor.may_use(current_user),
        two_factor_required=twofactor.is_required(db),
        recovery_left=twofactor.recovery_codes_left(db, current_user),
        devices=_devices(db),
    ), status


def _devices(db) -> list[dict]:
    """The user's live sessions as the page lists them, this browser's marked."""
    token = session.get(LOGIN_SESSION)
    return [
        {
            "id": row.id,
            "device": devices.describe(row.user_agent),
            "ip": row.ip,
            "last_seen": row.last_seen_at,
            "current": sessions.is_current(row, token),
        }
        for row in sessions.active(db, current_user, now=utcnow())
    ]


@bp.get("")
@login_required
def settings():
    """The signed-in user's account: password, two-step login, access log."""
    return _render_settings()


@bp.post("/password")
@login_required
@throttle.failed_password_checks
def change_password():
    """Change the password; every other session ends, this one stays."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            passwords.change_password(
                db,
                current_user,
                form.current_password.data,
                form.password.data,
                now=utcnow(),
                hasher=password_hasher(),
            )
        except ServiceError as exc:
            attach_error(form, exc, default="password")
            if exc.field == "current_password":
                throttle.mark_failed()
        else:
            db.commit()
            # Every session ended with the old password: this browser gets a new one.
            start_session(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(url_for("account.settings"))
    return _render_settings(password_form=form, status=400 if request.method == "POST" else 200)
