"""The physio's dashboard and patient page: who needs attention, one patient's data, CSV export.

Every page that shows a patient's data writes an audit row per patient shown (NEN 7513),
and every route with a patient id asks services.core.access, so someone else's patient is a 404.
"""

from __future__ import annotations

import csv
import io

from babel.dates import get_day_names
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import insert
from sqlalchemy.orm import Session

from webapp.clock import utcnow
from webapp.db import begin_write, get_db
from webapp.domain.schedule import local_date, weekdays_from_mask
from webapp.i18n import exercise_name, unit_words
from webapp.models import AuditEvent, Flag, Plan, PlanItem, Role, SessionLog, User
from webapp.physio import bp
from webapp.progress_charts import chart_context
from webapp.security import role_required
from webapp.services.care.outcomes import functioning
from webapp.services.care.plans import user_zone
from webapp.services.care.progress import progress_for
from webapp.services.care.screening import history as screening_history
from webapp.services.care.today import refresh_plan
from webapp.services.core import audit
from webapp.services.core import flags as flag_service
from webapp.services.core.access import patient_for
from webapp.services.core.errors import NotFound
from webapp.services.workspace.dashboard import (
    Adherence,
    DashboardRow,
    PainTrend,
    dashboard,
    patient_row,
    week_amounts,
)
from webapp.services.workspace.patient_record import all_logs, log_page, weekly_checks
from webapp.urls import parse_number

LABELS = {
    "reason": {
        "red_flag": _l("Red-flag answer"),
        "pain_high": _l("Pain 8 or higher"),
        "mail_bouncing": _l("Reminder mail bounces"),
        "two_held": _l("Two held weeks in a row"),
        "no_log_7_days": _l("Nothing logged for 7 days"),
        "no_increase_3_weeks": _l("No increase in 3 weeks"),
        "low_adherence": _l("Low adherence (last 7 days)"),
    },
    "status": {"done": _l("Done"), "partial": _l("Partly done"), "skipped": _l("Skipped")},
    "feeling": {"good": _l("Well"), "ok": _l("All right"), "hard": _l("Hard")},
    "comparison": {"better": _l("Better"), "same": _l("About the same"), "worse": _l("Worse")},
}
# Cells a spreadsheet would run as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@bp.get("/")
@role_required(Role.PHYSIO)
def index():
    """The physio's patients, who needs attention first; optionally only those."""
    db = get_db()
    rows = dashboard(db, current_user, utcnow())
    attention_only = request.args.get("attention") == "1"
    shown = [row for row in rows if row.needs_attention] if attention_only else rows
    invite = "physio.invite" in current_app.view_functions
    html = render_template(
        "physio/index.html",
        rows=shown,
        total=len(rows),
        attention_count=sum(row.needs_attention for row in rows),
        attention_only=attention_only,
        invite_url=url_for("physio.invite") if invite else None,
        labels=LABELS,
        **_helpers(),
    )
    _record_views(db, [row.patient.id for row in shown], "view_dashboard")
    return html


@bp.get("/patients/<id:patient_id>")
@role_required(Role.PHYSIO)
def patient(patient_id: int):
    """One patient: flags, plan, their own progress charts, logs, weekly checks and scores."""
    db = get_db()
    found = _own_patient(db, patient_id)
    now = utcnow()
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
        activities=functioning(db, found, row.plan, row.today).activities,
        screenings=screening_history(db, current_user, found),
        labels=LABELS,
        audience="physio",
        chart_heading="h3",
        **chart_context(progress_for(db, found, now)),
        **_helpers(),
    )
    _record_views(db, [found.id], "view_patient", detail=f"logs page {logs.page}")
    return html


@bp.post("/patients/<id:patient_id>/flags/<id:flag_id>/clear")
@role_required(Role.PHYSIO)
def clear_flag(patient_id: int, flag_id: int):
    """Mark an open flag as seen and handled; its rule may raise it again later."""
    db = get_db()
    found = _own_patient(db, patient_id)
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


@bp.get("/patients/<id:patient_id>/logs.csv")
@role_required(Role.PHYSIO)
def patient_logs_csv(patient_id: int):
    """The patient's logs as a CSV file, oldest first, with one column per plan item."""
    db = get_db()
    found = _own_patient(db, patient_id)
    logs, items = all_logs(db, found)
    body = _logs_csv(logs, items)
    _record_views(db, [found.id], "export_logs", detail=f"{len(logs)} logs")
    day = local_date(utcnow(), user_zone(current_user)).isoformat()
    # No name in the file name: it ends up in download folders and mail attachments.
    filename = f"rugcoach-patient-{found.id}-logs-{day}.csv"
    return Response(
        body,
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _own_patient(db: Session, patient_id: int) -> User:
    """The signed-in physio's patient with this id; anyone else's is answered 404."""
    try:
        return patient_for(db, current_user, patient_id)
    except NotFound:
        abort(404)


def _page_number() -> int:
    """The ?page= number; anything but a plain positive number means page 1."""
    raw = request.args.get("page", "1")
    return parse_number(raw, 999_999) or 1


def _record_views(db: Session, patient_ids: list[int], action: str, detail: str = "") -> None:
    """Audit a reading page, one row per patient shown, in a write transaction of its own.

    The page's reads end first: on SQLite a reader cannot always become a writer, so the
    insert starts a transaction that takes the write lock up front. The rows go in as one
    bulk insert: audit.record's objects would be sent one INSERT each on SQLite, and the
    dashboard's cost must not grow with the number of patients.
    """
    if not patient_ids:
        return
    db.commit()
    begin_write(db)
    fields = {
        "actor_id": current_user.id,
        "actor_role": current_user.role.value,
        "actor_name": current_user.name,
        "action": action,
        "detail": detail[:1000],
        "ip": (request.remote_addr or "")[:45],
        "created_at": utcnow(),
    }
    rows = [dict(fields, subject_id=patient_id) for patient_id in patient_ids]
    db.execute(insert(AuditEvent), rows)
    db.commit()


def _logs_csv(logs: list[SessionLog], items: list[PlanItem]) -> str:
    """The CSV text with a BOM, so Excel reads it as UTF-8; no cell can run as a formula."""
    several_plans = len({item.plan_id for item in items}) > 1
    header = [_("Date"), _("Status"), _("Pain (0 to 10)"), _("Feeling"), _("Note")]
    header += [_item_header(item, several_plans) for item in items]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_inert(cell) for cell in header])
    for log in logs:
        amounts = {entry.plan_item_id: entry.amount for entry in log.items}
        feeling = LABELS["feeling"].get(log.feeling.value, "") if log.feeling else ""
        cells = [
            log.local_date.isoformat(),
            LABELS["status"][log.status.value],
            log.pain,
            feeling,
            log.note,
            *(amounts.get(item.id, "") for item in items),
        ]
        writer.writerow([_inert(cell) for cell in cells])
    return out.getvalue()


def _item_header(item: PlanItem, several_plans: bool) -> str:
    """A plan item's column title: exercise and unit, and which plan when there are several."""
    title = f"{exercise_name(item.exercise)} ({unit_words(item.exercise.unit)})"
    if several_plans:
        return _("%(item)s, plan of %(date)s", item=title, date=item.plan.start_date.isoformat())
    return title


def _inert(value: object) -> str:
    """A cell as text, with a quote in front when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_START) else text


def _number(value: float) -> str:
    """A mean pain score in the page's language, at most one decimal."""
    return format_decimal(value, format="#,##0.#")


def plan_text(row: DashboardRow) -> str:
    """Where the patient's plan stands, in words."""
    week = row.week + 1 if row.week is not None else None
    if row.phase == "ramp" and row.weeks_total and week <= row.weeks_total:
        return _("Build-up, week %(week)d of %(total)d", week=week, total=row.weeks_total)
    if row.phase == "ramp":
        return _("Build-up, week %(week)d", week=week)
    if row.phase == "fixed":
        return _("Fixed plan, week %(week)d", week=week)
    if row.phase == "not_started":
        return _("Starts on %(date)s", date=format_date(row.plan.start_date, "d MMM"))
    texts = {
        "none": _l("No plan"),
        "paused": _l("Plan paused"),
        "baseline": _l("Starting week: measuring"),
        "maintenance": _l("Goal reached: keeping it up"),
    }
    return str(texts[row.phase])


def pain_text(trend: PainTrend) -> str:
    """The pain trend in words with both weeks' means."""
    if trend.recent is None and trend.before is None:
        return _("No scores")
    recent = _number(trend.recent) if trend.recent is not None else None
    before = _number(trend.before) if trend.before is not None else None
    if before is None:
        return _("%(recent)s (none the week before)", recent=recent)
    if recent is None:
        return _("None this week (was %(before)s)", before=before)
    if trend.direction == "up":
        return _("Up from %(before)s to %(recent)s", before=before, recent=recent)
    if trend.direction == "down":
        return _("Down from %(before)s to %(recent)s", before=before, recent=recent)
    return _("Steady: %(recent)s (was %(before)s)", before=before, recent=recent)


def adherence_text(found: Adherence | None) -> str:
    """Adherence as a percentage with its counts, or a dash when nothing was planned."""
    if found is None:
        return "–"
    return _(
        "%(percent)d%% (%(done)d of %(planned)d)",
        percent=found.percent,
        done=found.done,
        planned=found.planned,
    )


def days_ago(row: DashboardRow) -> str:
    """How long ago the last log was, in words."""
    days = (row.today - row.last_log).days
    if days <= 0:
        return _("today")
    return ngettext("%(num)d day ago", "%(num)d days ago", days)


def weekdays_text(plan: Plan) -> str:
    """The plan's exercise days, short names in the page's language."""
    names = get_day_names("abbreviated", locale=str(get_locale() or "nl"))
    return ", ".join(names[day] for day in weekdays_from_mask(plan.weekdays))


def _helpers() -> dict:
    """The text helpers both physio pages use."""
    return {
        "weekdays_text": weekdays_text,
        "plan_text": plan_text,
        "pain_text": pain_text,
        "adherence_text": adherence_text,
        "days_ago": days_ago,
    }
