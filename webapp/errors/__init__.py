"""Error pages: a friendly page with the right status, never a traceback."""

from __future__ import annotations

import contextlib

from flask import Flask, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

# Form fields never written back into a page: secrets, and the token the page makes anew.
NOT_KEPT = ("password", "csrf_token", "code")
# Seconds a client may wait before trying again when the database is away.
RETRY_AFTER = "60"

PAGES = {400, 403, 404, 405, 413, 429}


def _render_http_error(error: HTTPException):
    """Render the page for an HTTP error, falling back to a generic one."""
    code = error.code or 500
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    if request.path.startswith("/healthz"):
        return {"status": "error", "code": code}, code
    return render_template(template, error=error, code=code), code


def _render_csrf_error(error: CSRFError):
    """A form posted without a valid token: 400 with an explanation."""
    return render_template("errors/csrf.html", error=error), 400


def _render_server_error(error: Exception):
    """Roll back what the request did and show the apology page."""
    session = g.get("db")
    if session is not None:
        session.rollback()
    return render_template("errors/500.html"), 500


def _kept_fields() -> list[tuple[str, str]]:
    """What the user typed into the form that could not be saved, secrets left out."""
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if not any(word in name for word in NOT_KEPT)
    ]


def _render_database_error(error: DBAPIError):
    """The database is unreachable or refuses writes: 503, the user's data safe, input kept."""
    session = g.get("db")
    if session is not None:
        with contextlib.suppress(DBAPIError):  # the connection is gone; the pool replaces it
            session.rollback()
    # The page must not ask the database who is signed in: it would fail again.
    g._login_user = AnonymousUserMixin()
    if request.path.startswith("/healthz"):
        return {"status": "error", "database": "unreachable"}, 503
    page = render_template("errors/503.html", kept=_kept_fields())
    return page, 503, {"Retry-After": RETRY_AFTER}


def init_app(app: Flask) -> None:
    """Install the error handlers."""
    app.register_error_handler(DBAPIError, _render_database_error)
    app.register_error_handler(CSRFError, _render_csrf_error)
    app.register_error_handler(InternalServerError, _render_server_error)
    app.register_error_handler(HTTPException, _render_http_error)
