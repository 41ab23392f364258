"""The patient's own pages: today's exercises and the session log."""

from flask import Blueprint

bp = Blueprint("patient", __name__)

from webapp.patient import functioning, messages, my_physio, plan_setup, progress, routes, session  # noqa: E402,F401
