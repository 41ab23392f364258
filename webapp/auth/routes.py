"""Views of the auth blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from webapp.auth import bp
from webapp.auth.forms import LoginForm, RegisterForm
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.services.accounts import authenticate, register_patient
from webapp.services.errors import ServiceError
from webapp.urls import safe_next


def _start_session(user) -> None:
    """Sign the user in on a fresh session, so no value from before login survives."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        db = get_db()
        user = authenticate(db, form.email.data, form.password.data)
        if user is not None:
            db.commit()  # a rehashed password is kept
            _start_session(user)
            return redirect(safe_next(request.args.get("next")) or url_for("main.index"))
        form.password.errors.append(_("This email address and password do not match."))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


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
