"""The second login step for accounts with two-factor login: a code from the app."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from webapp import throttle
from webapp.auth import bp
from webapp.auth.forms import CodeForm
from webapp.auth.login_steps import PENDING_NEXT, PENDING_SINCE, PENDING_VERSION, after_login
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.models import User
from webapp.security import start_session
from webapp.services.accounts import twofactor
from webapp.wiring import secret

# Time to fetch the phone after giving the password; then the password is asked again.
PENDING_FOR = timedelta(minutes=10)


def _pending_user() -> User | None:
    """The account that gave its password in this browser and still owes a code."""
    user_id = session.get(throttle.PENDING_USER)
    since = session.get(PENDING_SINCE)
    if not isinstance(user_id, int) or not isinstance(since, int | float):
        return None
    if utcnow().timestamp() - since > PENDING_FOR.total_seconds():
        return None
    user = get_db().get(User, user_id)
    # A password changed in between ends the pending login, like any session.
    if user is None or user.session_version != session.get(PENDING_VERSION):
        return None
    return user if user.totp_enabled else None


@bp.route("/login/two-factor", methods=["GET", "POST"])
@throttle.failed_codes
def two_factor():
    """Ask for the code from the authenticator app (or a recovery code), then sign in."""
    user = _pending_user()
    if user is None:
        for key in (throttle.PENDING_USER, PENDING_SINCE, PENDING_VERSION, PENDING_NEXT):
            session.pop(key, None)
        flash(_("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        db = get_db()
        if twofactor.check_second_factor(db, user, form.code.data, now=utcnow(), key=secret()):
            db.commit()  # the used step or recovery code is spent
            target = session.get(PENDING_NEXT) or None
            start_session(user)
            return after_login(user, target)
        form.code.errors.append(_("This code is not right. Check the time on your phone."))
    if request.method == "POST":
        throttle.mark_failed()
        return render_template("auth/two_factor.html", form=form), 400
    return render_template("auth/two_factor.html", form=form)
