"""The physio's side of the outcome measures: the intake answers and the treatment profile.

Every route asks services.core.access (someone else's patient is a 404) and is audited.
"""

from __future__ import annotations

import json
from datetime import date

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.models import Role
from webapp.physio import bp
from webapp.physio.access import own, record_action, record_view
from webapp.physio.routes import patient as patient_page
from webapp.security import role_required
from webapp.services.core.access import patient_for
from webapp.services.core.csvfile import csv_text
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.measures.episodes import open_episode, set_profile
from webapp.services.measures.extras import record_external_score
from webapp.services.measures.figures import measure_figures
from webapp.services.plans import plan_admin
from webapp.services.privacy.fhir import patient_bundle
from webapp.services.workspace.dashboard import dashboard
from webapp.urls import parse_number


@bp.post("/patients/<id:patient_id>/profile")
@role_required(Role.PHYSIO)
def set_treatment_profile(patient_id: int):
    """Set the treatment profile (low or raised risk) with one click, with an optional note."""
    db = get_db()
    found = own(patient_for, patient_id)
    episode = open_episode(db, found)
    if episode is None:
        flash(_("The patient has not answered the intake questions yet."), "error")
        return patient_page(found.id), 400
    now = utcnow()
    try:
        set_profile(
            db,
            episode=episode,
            physio=current_user,
            profile=request.form.get("profile", ""),
            note=request.form.get("note", ""),
            now=now,
        )
    except ServiceError as exc:
        db.rollback()
        flash(str(exc.message), "error")
        return patient_page(found.id), 400
    record_action(
        "set_profile",
        found.id,
        f"episode {episode.id}: {episode.profile} (proposed {episode.proposed_profile})",
        now,
    )
    db.commit()
    flash(_("Treatment profile saved."), "success")
    return redirect(url_for("physio.patient", patient_id=found.id, _anchor="profile"))


@bp.get("/patients/<id:patient_id>/fhir.json")
@bp.get("/patients/<id:patient_id>/episodes/<id:episode_id>/fhir.json")
@role_required(Role.PHYSIO)
def fhir_export(patient_id: int, episode_id: int | None = None):
    """The patient's (or one closed episode's) FHIR R4 Bundle, for the practice's record system."""
    db = get_db()
    found = own(patient_for, patient_id)
    now = utcnow()
    try:
        bundle = patient_bundle(db, found, current_app.config["BASE_URL"], now, episode_id)
    except NotFound:
        abort(404)
    record_view("export_fhir", [found.id], detail=f"episode {episode_id or 'all'}")
    # No name in the file name: it ends up in download folders and mail attachments.
    part = f"episode-{episode_id}" if episode_id else "all"
    filename = f"rugcoach-patient-{found.id}-{part}-fhir.json"
    return Response(
        json.dumps(bundle, ensure_ascii=False, indent=2),
        content_type="application/fhir+json; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/measures.csv")
@role_required(Role.PHYSIO)
def measures_csv():
    """The dashboard's patients with their profile and latest NPRS and PSK change, as CSV."""
    db = get_db()
    rows = dashboard(db, current_user, utcnow())
    figures = measure_figures(db, [row.patient.id for row in rows])
    header = [_("Patient"), _("Profile"), _("Moment"), _("NPRS change"), _("PSK mean change")]
    lines = [header]
    for row in rows:
        fig = figures.get(row.patient.id)
        lines.append(
            [
                row.patient.name,
                fig.profile or "" if fig else "",
                fig.moment or "" if fig else "",
                "" if fig is None or fig.nprs_change is None else fig.nprs_change,
                "" if fig is None or fig.psk_change is None else f"{float(fig.psk_change):.1f}",
            ]
        )
    record_view("view_dashboard", [row.patient.id for row in rows], detail="measures.csv")
    return Response(
        csv_text(lines, locale=current_user.locale),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="rugcoach-measures.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.post("/patients/<id:patient_id>/scores")
@role_required(Role.PHYSIO)
def add_external_score(patient_id: int):
    """Record the total (and subscale) of a questionnaire measured elsewhere, with its date."""
    db = get_db()
    found = own(patient_for, patient_id)
    episode = open_episode(db, found)
    now = utcnow()
    form = request.form
    try:
        if episode is None:
            raise ServiceError(_("The patient has not answered the intake questions yet."))
        score = record_external_score(
            db,
            episode=episode,
            physio=current_user,
            instrument=form.get("instrument", ""),
            total=parse_number(form.get("total", ""), 1000),
            subscale=parse_number(form.get("subscale", ""), 1000)
            if form.get("subscale", "").strip()
            else None,
            measured_on=_date(form.get("measured_on", "")),
            today=plan_admin.patient_today(found, now),
            now=now,
        )
    except ServiceError as exc:
        db.rollback()
        flash(str(exc.message), "error")
        return patient_page(found.id), 400
    record_action("record_external_score", found.id, f"{score.instrument} {score.total}", now)
    db.commit()
    flash(_("Score saved."), "success")
    return redirect(url_for("physio.patient", patient_id=found.id, _anchor="functioning"))


def _date(raw: str) -> date | None:
    """A date from the form (YYYY-MM-DD), or None when it is not one."""
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None
