"""The one place that keeps a patient from the exercises while the safety check says so.

A hook on every request looks only at the endpoints below: pages that show or log exercises.
The check itself, the urgent page, messages, account, privacy and information pages stay
open, so a patient can always read, write to their physio, or log out.
"""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user

from webapp.db import get_db
from webapp.models import Role
from webapp.safety import bp
from webapp.services.safety.screening import gate

GATED_ENDPOINTS = frozenset(
    {
        "patient.today",
        "patient.log_today",
        "patient.flare",
        "patient.session_player",
        "patient.print_plan",
        "patient.new_plan",
        "patient.confirm_plan",
        "library.index",
        "library.exercise",
    }
)


@bp.before_app_request
def hold_exercises():
    """Send a patient to the check while it is due, or to the urgent page while it is open."""
    if request.endpoint not in GATED_ENDPOINTS:
        return None
    if not current_user.is_authenticated or current_user.role != Role.PATIENT:
        return None
    state = gate(get_db(), current_user)
    if state == "check":
        back = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("safety.check", next=back))
    if state == "urgent":
        return redirect(url_for("safety.urgent"))
    return None
