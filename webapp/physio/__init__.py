"""The physiotherapist's workspace."""

from flask import Blueprint

bp = Blueprint("physio", __name__, url_prefix="/physio")

from webapp.physio import invitations, messages, plan_edit, plans, routes, videos  # noqa: E402,F401
