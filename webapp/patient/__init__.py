"""The patient's own pages: today's exercises and the session log."""

from flask import Blueprint

bp = Blueprint("patient", __name__)

from webapp.patient import routes  # noqa: E402,F401
