"""Views of the auth blueprint: signing up, in (with a second step for TOTP) and out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from webapp.auth import bp, throttle
from webapp.auth.forms import LoginForm, RegisterForm
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.services.accounts import twofactor
from webapp.services.accounts.users import authenticate, register_patient
from webapp.services.core.errors import ServiceError
from webapp.urls import safe_next
from webapp.wiring import password_hasher

bp.after_request(throttle.retry_after_header)

# The rest of a pending two-factor login: the password version it was given for, when,
# and where to go afterwards.
PENDING_VERSION = "two_factor_version"
PENDING_SINCE = "two_factor_since"
PENDING_NEXT = "two_factor_next"


def _fresh_session() -> None:
    """Empty the session but for the chosen language, so no value from before login survives."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def _start_session(user) -> None:
    """Sign the user in on a fresh session."""
    _fresh_session()
    login_user(user)


def _await_second_factor(user, target: str | None):
    """Remember who gave their password and send them to the code page; no session yet."""
    _fresh_session()
    session[throttle.PENDING_USER] = user.id
    session[PENDING_VERSION] = user.session_version
    session[PENDING_SINCE] = utcnow().timestamp()
    session[PENDING_NEXT] = safe_next(target) or ""
    return redirect(url_for("auth.two_factor"))


def _after_login(user, target: str | None):
    """Where a newly signed-in user goes: set up two-factor first when the practice says so."""
    if twofactor.needs_setup(get_db(), user):
        flash(_("This practice requires two-step login. Please set it up now."), "info")
        return redirect(url_for("account.two_factor_setup"))
    return redirect(safe_next(target) or url_for("main.index"))


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
                return _await_second_factor(user, request.args.get("next"))
            _start_session(user)
            return _after_login(user, request.args.get("next"))
        form.password.errors.append(_("This email address and password do not match."))
    if request.method == "POST":
        throttle.mark_failed()
        return render_template("auth/login.html", form=form), 400
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create a patient account and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            user = register_patient(
                db,
                now=utcnow(),
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                locale=form.locale.data,
                timezone=form.timezone.data,
                hasher=password_hasher(),
            )
        except ServiceError as exc:
            getattr(form, exc.field or "email").errors.append(exc.message)
        else:
            db.commit()
            _start_session(user)
            flash(_("Welcome to Rugcoach, %(name)s.", name=user.name), "success")
            return redirect(url_for("main.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out and forget the session."""
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
