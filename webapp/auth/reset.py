"""Forgotten passwords: ask for a link by email, then choose a new password from it."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _

from webapp import throttle
from webapp.auth import bp
from webapp.auth.forms import ForgotPasswordForm, NewPasswordForm
from webapp.auth.login_steps import after_login, await_second_factor
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.security import start_session
from webapp.services.accounts.passwords import LinkError, complete_reset, request_reset, usable_link
from webapp.services.accounts.users import normalise_email
from webapp.services.core.errors import ServiceError
from webapp.wiring import mailroom, password_hasher


@bp.route("/password/forgot", methods=["GET", "POST"])
@throttle.reset_requests
def forgot_password():
    """Ask for a reset link; the answer never tells whether the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            # Only the form of the address is checked here: that tells nothing about accounts.
            normalise_email(form.email.data)
        except ServiceError as exc:
            attach_error(form, exc, default="email")
        else:
            db = get_db()
            request_reset(db, form.email.data, now=utcnow(), mailroom=mailroom())
            db.commit()
            return render_template("auth/forgot_sent.html")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/forgot_password.html", form=form), status


def _link_error(error: LinkError):
    """The page for a link that cannot be used, with the way to get a new one."""
    return render_template("auth/link_invalid.html", message=error.message), error.status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@throttle.failed_tokens
def reset_password(token: str):
    """Choose a new password from an emailed link; signs in on a fresh session."""
    db = get_db()
    try:
        usable_link(db, token, now=utcnow())
    except LinkError as exc:
        if request.method == "POST":
            throttle.mark_failed()  # guessing tokens counts like guessing passwords
        return _link_error(exc)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = complete_reset(
                db, token, form.password.data, now=utcnow(), hasher=password_hasher()
            )
        except LinkError as exc:
            return _link_error(exc)
        except ServiceError as exc:
            attach_error(form, exc, default="password")
        else:
            db.commit()
            if user.totp_enabled:
                # The email alone must not get past two-step login.
                response = await_second_factor(user, None)
                flash(_("Your new password is set. Now enter the code from your app."), "success")
                return response
            start_session(user)
            flash(_("Your new password is set. You are logged in."), "success")
            return after_login(user, None)
    status = 400 if request.method == "POST" else 200
    return render_template("auth/reset_password.html", form=form, token=token), status
