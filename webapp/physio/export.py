"""A patient's logs as a CSV file for the physio, safe to open in a spreadsheet."""

from __future__ import annotations

from flask import Response
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.adherence import session_share
from webapp.domain.schedule import local_date
from webapp.i18n import exercise_name, unit_words
from webapp.models import PlanItem, Role, SessionLog
from webapp.physio import bp
from webapp.physio.access import own, record_view
from webapp.physio.wording import LABELS
from webapp.security import role_required
from webapp.services.core.access import patient_for
from webapp.services.core.csvfile import csv_text
from webapp.services.plans.plans import user_zone
from webapp.services.workspace.patient_record import all_logs


@bp.get("/patients/<id:patient_id>/logs.csv")
@role_required(Role.PHYSIO)
def patient_logs_csv(patient_id: int):
    """The patient's logs as a CSV file, oldest first, with one column per plan item."""
    found = own(patient_for, patient_id)
    logs, items = all_logs(get_db(), found)
    body = _logs_csv(logs, items)
    record_view("export_logs", [found.id], detail=f"{len(logs)} logs")
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


def _logs_csv(logs: list[SessionLog], items: list[PlanItem]) -> str:
    """The CSV text, in the physio's spreadsheet's separator; no cell can run as a formula."""
    several_plans = len({item.plan_id for item in items}) > 1
    header = [_("Date"), _("Status"), _("Counts as"), _("Pain (0 to 10)"), _("Feeling"), _("Note")]
    header += [_item_header(item, several_plans) for item in items]
    rows = [header]
    for log in logs:
        amounts = {entry.plan_item_id: entry.amount for entry in log.items}
        feeling = LABELS["feeling"].get(log.feeling.value, "") if log.feeling else ""
        share = session_share(log.status, [(e.amount, e.quota) for e in log.items])
        rows.append(
            [
                log.local_date.isoformat(),
                LABELS["status"][log.status.value],
                LABELS["share"][share.value],
                log.pain,
                feeling,
                log.note,
                *(amounts.get(item.id, "") for item in items),
            ]
        )
    return csv_text(rows, locale=current_user.locale)


def _item_header(item: PlanItem, several_plans: bool) -> str:
    """A plan item's column title: exercise and unit, and which plan when there are several."""
    title = f"{exercise_name(item.exercise)} ({unit_words(item.exercise.unit)})"
    if several_plans:
        return _("%(item)s, plan of %(date)s", item=title, date=item.plan.start_date.isoformat())
    return title
