"""Views of the auth blueprint: signing up, in (with a second step for TOTP) and out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp import throttle
from webapp.auth import bp
from webapp.auth.forms import LoginForm, RegisterForm
from webapp.auth.login_steps import after_login, await_second_factor
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.security import end_session, start_session
from webapp.services.accounts.registration import sign_up
from webapp.services.accounts.users import authenticate
from webapp.services.core.errors import ServiceError
from webapp.wiring import mailroom, password_hasher

bp.after_request(throttle.retry_after_header)
bp.after_request(throttle.remember_device)


@bp.route("/login", methods=["GET", "POST"])
@throttle.failed_logins
def login():
    """Show the login form and sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        db = get_db()
        user = authenticate(db, form.email.data, form.password.data, password_hasher())
        if user is not None:
            db.commit()  # a rehashed password is kept
            if user.totp_enabled:
                return await_second_factor(user, request.args.get("next"))
            start_session(user)
            return after_login(user, request.args.get("next"))
        form.password.errors.append(_("This email address and password do not match."))
    if request.method == "POST":
        throttle.mark_failed()
        return render_template("auth/login.html", form=form), 400
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@throttle.registrations
def register():
    """Sign up as a patient; the answer is the same for a new and a known address."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            sign_up(
                db,
                email=form.email.data,
                name=form.name.data,
                locale=form.locale.data,
                timezone=form.timezone.data,
                now=utcnow(),
                mailroom=mailroom(),
                hasher=password_hasher(),
            )
        except ServiceError as exc:
            attach_error(form, exc, default="email")
        else:
            db.commit()
            return render_template("auth/register_sent.html")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out and forget the session."""
    end_session()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
