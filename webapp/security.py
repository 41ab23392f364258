"""Sign-in wiring, role checks and the security headers every response carries."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, Response, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp.db import get_db
from webapp.extensions import login_manager
from webapp.models import Role, User

CSP = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in account, or None when it no longer exists."""
    try:
        return get_db().get(User, int(user_id))
    except ValueError:
        return None


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


def _security_headers(response: Response) -> Response:
    """Add the headers that keep pages from being framed, sniffed or leaking referrers."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def init_app(app: Flask) -> None:
    """Configure Flask-Login and the response headers."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    app.after_request(_security_headers)
