"""The physio closes a treatment episode and reads its summary.

Every route asks services.core.access (someone else's patient is a 404) and is audited.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.measure_labels import summary_words
from webapp.models import Episode, Role
from webapp.physio import bp
from webapp.physio.access import own, record_action, record_view
from webapp.physio.routes import patient as patient_page
from webapp.physio.wording import LABELS
from webapp.security import role_required
from webapp.services.core.access import patient_for
from webapp.services.core.errors import ServiceError
from webapp.services.measures.closing import close_episode, start_closing
from webapp.services.measures.episodes import open_episode
from webapp.services.plans import plan_admin
from webapp.services.workspace.episode_summary import summary


@bp.post("/patients/<id:patient_id>/episode/<any(closing, close):step>")
@role_required(Role.PHYSIO)
def episode_close(patient_id: int, step: str):
    """Ask the patient the final scores (closing), then close with a reason (close)."""
    db = get_db()
    found = own(patient_for, patient_id)
    episode = open_episode(db, found)
    now = utcnow()
    try:
        if episode is None:
            raise ServiceError(_("The patient has not answered the intake questions yet."))
        if step == "closing":
            start_closing(episode, now)
        else:
            close_episode(
                episode,
                physio=current_user,
                reason=request.form.get("reason", ""),
                note=request.form.get("note", ""),
                today=plan_admin.patient_today(found, now),
            )
    except ServiceError as exc:
        db.rollback()
        flash(str(exc.message), "error")
        return patient_page(found.id), 400
    action = "start_close_episode" if step == "closing" else "close_episode"
    record_action(
        action,
        found.id,
        f"episode {episode.id}" + (f": {episode.close_reason}" if step == "close" else ""),
        now,
    )
    db.commit()
    if step == "closing":
        flash(_("The patient is asked for the final scores."), "success")
        return redirect(url_for("physio.patient", patient_id=found.id, _anchor="episode"))
    flash(_("The treatment episode is closed."), "success")
    return redirect(url_for("physio.episode_summary", patient_id=found.id, episode_id=episode.id))


@bp.get("/patients/<id:patient_id>/episodes/<id:episode_id>")
@role_required(Role.PHYSIO)
def episode_summary(patient_id: int, episode_id: int):
    """The summary of one treatment episode, made to print on one A4."""
    db = get_db()
    found = own(patient_for, patient_id)
    episode = db.get(Episode, episode_id)
    if episode is None or episode.patient_id != found.id:
        abort(404)
    html = render_template(
        "measures/summary.html",
        s=summary(db, episode, plan_admin.patient_today(found, utcnow())),
        audience="physio",
        flag_labels=LABELS["reason"],
        **summary_words(),
    )
    record_view("view_episode_summary", [found.id], detail=f"episode {episode.id}")
    return html
