"""The devices the user is signed in on: end one, or all of them."""

from __future__ import annotations

from flask import flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.account import bp
from webapp.db import get_db
from webapp.models import LoginSession
from webapp.security import LOGIN_SESSION, end_session
from webapp.services.accounts import sessions


@bp.post("/sessions/<id:session_id>/end")
@login_required
def end_one_session(session_id: int):
    """Log out one device; ending this browser's own session logs out here.

    CSRFProtect checks the token of every POST before this runs.
    """
    db = get_db()
    row = db.get(LoginSession, session_id)
    if (
        row is not None
        and row.user_id == current_user.id
        and sessions.is_current(row, session.get(LOGIN_SESSION))
    ):
        end_session()
        flash(_("You are logged out."), "info")
        return redirect(url_for("auth.login"))
    if not sessions.end_one(db, current_user, session_id):
        flash(_("This device was already logged out."), "info")
        return redirect(url_for("account.settings"))
    db.commit()
    flash(_("The device is logged out."), "success")
    return redirect(url_for("account.settings", _anchor="sessions-heading"))


@bp.post("/sessions/end-all")
@login_required
def end_all_sessions():
    """Log out on every device, this one too."""
    db = get_db()
    sessions.end_all(db, current_user.id)
    db.commit()
    end_session()
    flash(_("You are logged out on every device."), "info")
    return redirect(url_for("auth.login"))
