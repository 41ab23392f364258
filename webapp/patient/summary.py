"""The patient's own treatment summary."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.measure_labels import summary_words
from webapp.models import Role
from webapp.patient import bp
from webapp.security import role_required
from webapp.services.measures.episodes import latest_episode
from webapp.services.plans.plan_admin import patient_today
from webapp.services.workspace.episode_summary import summary


@bp.get("/my-treatment")
@role_required(Role.PATIENT)
def my_summary():
    """Your treatment so far: the profile, your plans and your scores at each moment."""
    db = get_db()
    episode = latest_episode(db, current_user)
    if episode is None:
        return render_template("measures/no_summary.html")
    found = summary(db, episode, patient_today(current_user, utcnow()))
    return render_template(
        "measures/summary.html", s=found, audience="patient", flag_labels={}, **summary_words()
    )
