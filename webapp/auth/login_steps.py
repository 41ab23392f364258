"""What follows a right password: the code step for two-factor accounts, or the next page."""

from __future__ import annotations

from flask import flash, redirect, session, url_for
from flask_babel import gettext as _

from webapp import throttle
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.security import fresh_session
from webapp.services.accounts import twofactor
from webapp.urls import safe_next

# The rest of a pending two-factor login: the password version it was given for, when,
# and where to go afterwards.
PENDING_VERSION = "two_factor_version"
PENDING_SINCE = "two_factor_since"
PENDING_NEXT = "two_factor_next"


def await_second_factor(user, target: str | None):
    """Remember who gave their password and send them to the code page; no session yet."""
    fresh_session()
    session[throttle.PENDING_USER] = user.id
    session[PENDING_VERSION] = user.session_version
    session[PENDING_SINCE] = utcnow().timestamp()
    session[PENDING_NEXT] = safe_next(target) or ""
    return redirect(url_for("auth.two_factor"))


def after_login(user, target: str | None):
    """Where a newly signed-in user goes: set up two-factor first when the practice says so."""
    if twofactor.needs_setup(get_db(), user):
        flash(_("This practice requires two-step login. Please set it up now."), "info")
        return redirect(url_for("account.two_factor_setup"))
    return redirect(safe_next(target) or url_for("main.index"))
