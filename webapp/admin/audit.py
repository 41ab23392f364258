"""The audit log for the admin: filtered pages and a CSV export; reading it is audited too."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.admin import bp
from webapp.admin.forms import AuditFilterForm
from webapp.admin.labels import action_label, role_label
from webapp.admin.trail import (
    PER_PAGE,
    AuditFilter,
    audit_page,
    csv_lines,
    known_actions,
    matching_events,
)
from webapp.clock import utcnow
from webapp.db import get_db, new_session
from webapp.domain.schedule import zone_or_none
from webapp.models import Role
from webapp.security import role_required
from webapp.services.core import audit


def _filter_form() -> AuditFilterForm:
    """The filter form read from the query string, its actions offered from the trail."""
    form = AuditFilterForm(formdata=request.args)
    found = known_actions(get_db())
    form.action.choices = [("", _("All actions"))] + [(a, action_label(a)) for a in found]
    form.action.validate_choice = False  # an action not (yet) in the trail simply finds nothing
    return form


def _filter_of(form: AuditFilterForm) -> AuditFilter:
    """The filter a valid form asks for."""
    return AuditFilter(
        date_from=form.date_from.data,
        date_to=form.date_to.data,
        actor=form.actor.data or "",
        subject_id=form.subject.data,
        action=form.action.data or "",
    )


def _zone() -> ZoneInfo:
    """The admin's own time zone: the dates in the filter are their days."""
    return zone_or_none(current_user.timezone) or ZoneInfo("Europe/Amsterdam")


def _record(action: str, filt: AuditFilter, extra: str = "") -> None:
    """Record that the admin read the trail (the subject filter names whose data)."""
    audit.record_view(
        get_db(),
        actor=current_user,
        subject_ids=[filt.subject_id],
        action=action,
        now=utcnow(),
        ip=request.remote_addr or "",
        detail=filt.describe() + extra,
    )


@bp.get("/audit", endpoint="audit")
@role_required(Role.ADMIN)
def audit_log():
    """The audit trail, newest first, filtered by period, actor, subject and action."""
    form = _filter_form()
    if not form.validate():
        return render_template("admin/audit.html", form=form, events=[], total=0), 400
    filt = _filter_of(form)
    page = form.page.data or 1
    events, total = audit_page(get_db(), filt, _zone(), page)
    _record("view_audit", filt, f", page={page}")
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/audit.html",
        form=form,
        events=events,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        query=query,
        action_label=action_label,
        role_label=role_label,
    )


def _export_lines(app, filt, zone, locale: str):
    """The CSV lines, read through a session of their own that closes with the stream."""
    with app.app_context(), new_session(app) as session:
        yield from csv_lines(matching_events(session, filt, zone), locale)


@bp.get("/audit.csv")
@role_required(Role.ADMIN)
def audit_csv():
    """The filtered trail as CSV; the export itself is recorded before the first byte."""
    form = _filter_form()
    if not form.validate():
        return render_template("admin/audit.html", form=form, events=[], total=0), 400
    filt = _filter_of(form)
    _record("export_audit", filt)
    stamp = utcnow().astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    body = _export_lines(current_app._get_current_object(), filt, _zone(), current_user.locale)
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="rugcoach-audit-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )
