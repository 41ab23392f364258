"""Error pages: a friendly page with the right status, never a traceback."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

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


def init_app(app: Flask) -> None:
    """Install the error handlers."""
    app.register_error_handler(CSRFError, _render_csrf_error)
    app.register_error_handler(InternalServerError, _render_server_error)
    app.register_error_handler(HTTPException, _render_http_error)
