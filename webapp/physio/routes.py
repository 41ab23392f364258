"""The physio's dashboard and patient page: who needs attention, one patient's data, flags.

Every page that shows a patient's data records a look per patient shown (NEN 7513), and
every route with a patient id asks services.core.access, so someone else's patient is a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.measure_labels import PROFILE_SHORT
from webapp.models import Flag, Role
from webapp.physio import bp
from webapp.physio.access import own, record_view
from webapp.physio.measure_panel import measures_panel
from webapp.physio.wording import LABELS, text_helpers
from webapp.progress_charts import chart_context
from webapp.security import role_required
from webapp.services.care.progress import progress_for
from webapp.services.care.today import refresh_plan
from webapp.services.core import audit
from webapp.services.core import flags as flag_service
from webapp.services.core.access import patient_for
from webapp.services.measures.figures import measure_figures
from webapp.services.safety.screening import history as screening_history
from webapp.services.workspace.dashboard import dashboard, patient_row, week_amounts
from webapp.services.workspace.patient_record import log_page, weekly_checks
from webapp.urls import parse_number


@bp.get("/")
@role_required(Role.PHYSIO)
def index():
    """The physio's patients, who needs attention first; optionally only those."""
    db = get_db()
    rows = dashboard(db, current_user, utcnow())
    attention_only = request.args.get("attention") == "1"
    shown = [row for row in rows if row.needs_attention] if attention_only else rows
    html = render_template(
        "physio/index.html",
        rows=shown,
        total=len(rows),
        attention_count=sum(row.needs_attention for row in rows),
        attention_only=attention_only,
        invite_url=url_for("physio.invite"),
        labels=LABELS,
        figures=measure_figures(db, [row.patient.id for row in shown]),
        measure_words={"profiles_short": PROFILE_SHORT},
        **text_helpers(),
    )
    record_view("view_dashboard", [row.patient.id for row in shown])
    return html


@bp.get("/patients/<id:patient_id>")
@role_required(Role.PHYSIO)
def patient(patient_id: int):
    """One patient: flags, plan, their own progress charts, logs, weekly checks and scores."""
    db = get_db()
    found, now = own(patient_for, patient_id), utcnow()
    refresh_plan(db, found, now)  # decide ended weeks first, as the patient's own pages do
    row = patient_row(db, current_user, found, now)
    logs = log_page(db, found, _page_number())
    html = render_template(
        "physio/patient.html",
        patient=found,
        plan=row.plan,
        row=row,
        amounts=week_amounts(row.plan, row.today) if row.plan else [],
        logs=logs,
        checks=weekly_checks(db, found),
        screenings=screening_history(db, current_user, found),
        **measures_panel(db, found),
        labels=LABELS,
        audience="physio",
        chart_heading="h3",
        **chart_context(progress_for(db, found, now)),
        **text_helpers(),
    )
    record_view("view_patient", [found.id], detail=f"logs page {logs.page}")
    return html


@bp.post("/patients/<id:patient_id>/flags/<id:flag_id>/clear")
@role_required(Role.PHYSIO)
def clear_flag(patient_id: int, flag_id: int):
    """Mark an open flag as seen and handled; its rule may raise it again later."""
    db = get_db()
    found = own(patient_for, patient_id)
    flag = db.get(Flag, flag_id)
    if flag is None or flag.patient_id != found.id:
        abort(404)
    label = LABELS["reason"].get(flag.kind, flag.kind)
    if flag.cleared_at is not None:
        # A second click or another tab: nothing to do, and nothing went wrong.
        flash(_("Already marked as handled: %(flag)s.", flag=label), "info")
    else:
        now = utcnow()
        flag_service.clear_flag(db, patient_id=found.id, kind=flag.kind, now=now)
        audit.record(
            db,
            actor=current_user,
            subject_id=found.id,
            action="clear_flag",
            now=now,
            ip=request.remote_addr or "",
            detail=f"{flag.kind} #{flag.id}",
        )
        db.commit()
        flash(_("Marked as handled: %(flag)s.", flag=label), "success")
    return redirect(url_for("physio.patient", patient_id=found.id, _anchor="flags"))


def _page_number() -> int:
    """The ?page= number; anything but a plain positive number means page 1."""
    raw = request.args.get("page", "1")
    return parse_number(raw, 999_999) or 1
