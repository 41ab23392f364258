"""Views of the admin blueprint."""

from __future__ import annotations

from flask import render_template

from webapp.admin import bp
from webapp.db import get_db
from webapp.models import OutboxStatus, Role
from webapp.security import role_required
from webapp.services.ops.overview import practice_overview


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    """Accounts per role and the outbox per status."""
    return render_template(
        "admin/index.html",
        overview=practice_overview(get_db()),
        roles=Role,
        statuses=OutboxStatus,
    )
