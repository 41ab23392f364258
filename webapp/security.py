"""Sign-in wiring, starting a session, role checks and the security headers of every response."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, abort, current_app, g, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from webapp.clock import utcnow
from webapp.db import begin_write, get_db
from webapp.extensions import login_manager
from webapp.models import Role, User
from webapp.services.accounts import sessions

# The cookie session's key for the server-side session id (its hash is in login_sessions).
LOGIN_SESSION = "login_session"

CSP = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Sent with every response: pages, error pages, static files and video files.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The signed-in account, or None when it is gone or its password changed since."""
    user_id, _, version = (session_id or "").partition(":")
    try:
        user_key = int(user_id)
    except ValueError:
        return None
    db = get_db()
    token = session.get(LOGIN_SESSION)
    # Account and login session in one query: every signed-in request starts here.
    pair = sessions.find(db, user_key, token)
    if pair is None or str(pair[0].session_version) != version:
        return None
    user, found = pair
    checked = sessions.check_found(db, user, found, token, now=utcnow())
    if checked.touched:
        try:
            db.commit()
        except SQLAlchemyError:
            # A read-only database still shows pages; "last seen" waits for the next write.
            db.rollback()
        if has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"):
            begin_write(db)  # the form's save still takes the write lock first
    if checked.found is None:
        return None
    g.login_session_id = checked.found.id
    return user


def _load_user_first() -> None:
    """Check the session before the view runs, so its "last seen" write stands alone."""
    if request.endpoint != "static" and "_user_id" in session:
        current_user._get_current_object()


def fresh_session() -> None:
    """Empty the session but for the chosen language, so no value from before login survives."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def start_session(user: User) -> None:
    """Sign the user in on a fresh session (after a password, a code or an invitation)."""
    fresh_session()
    db = get_db()
    token = sessions.start(
        db,
        user,
        now=utcnow(),
        user_agent=request.headers.get("User-Agent", ""),
        ip=request.remote_addr or "",
    )
    db.commit()
    session[LOGIN_SESSION] = token
    login_user(user)


def end_session() -> None:
    """Sign out: the server forgets this session, so a copy of the cookie opens nothing."""
    db = get_db()
    sessions.end(db, session.get(LOGIN_SESSION))
    db.commit()
    logout_user()
    session.clear()


def role_required(*roles: Role) -> Callable:
    """Allow a view only to signed-in users with one of these roles (others get 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# A year, without includeSubDomains: the practice's other hosts are not ours to pin.
HSTS = ("Strict-Transport-Security", "max-age=31536000")


def _security_headers(response: Response) -> Response:
    """Add the headers that keep pages from being framed, sniffed or leaking referrers."""
    for name, value in SECURITY_HEADERS:
        response.headers.setdefault(name, value)
    # Browsers ignore HSTS over plain HTTP, so it follows the site's public address.
    if current_app.config["BASE_URL"].startswith("https://"):
        response.headers.setdefault(*HSTS)
    return response


# Endpoints that take a video upload, and the role allowed to send one.
UPLOAD_ENDPOINTS = {"physio.upload_video": Role.PHYSIO}


def _allow_large_uploads() -> None:
    """Lift the body-size limit for a video upload by its role, before anything reads the form.

    Everyone else keeps the small global limit, so a stranger cannot make the server spool
    hundreds of megabytes to disk.
    """
    role = UPLOAD_ENDPOINTS.get(request.endpoint or "")
    if role is not None and current_user.is_authenticated and current_user.role == role:
        request.max_content_length = (current_app.config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024


def init_app(app: Flask) -> None:
    """Configure Flask-Login, upload limits and the response headers.

    Called before CSRFProtect is set up, so the upload limit applies before its form read.
    """
    app.before_request(_load_user_first)
    app.before_request(_allow_large_uploads)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    app.after_request(_security_headers)
