"""Views of the physio blueprint."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from webapp.db import get_db
from webapp.models import Role
from webapp.physio import bp
from webapp.security import role_required
from webapp.services.caseload import caseload


@bp.get("/")
@role_required(Role.PHYSIO)
def index():
    """The physio's own patients with their plan and latest log."""
    rows = caseload(get_db(), current_user)
    return render_template("physio/index.html", rows=rows)
