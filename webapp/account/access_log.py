"""'Who looked at my data': the audit events whose subject is the signed-in user."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp.account import bp
from webapp.db import get_db
from webapp.models import AuditEvent
from webapp.services.core.audit import events_about

# Readable names for the audit actions the app writes; others are shown in a general way.
ACTION_LABELS = {
    "view_dashboard": _l("Saw you in their list of patients"),
    "view_patient": _l("Looked at your details, plan and progress"),
    "export_logs": _l("Downloaded your exercise log"),
    "clear_flag": _l("Marked a warning sign as handled"),
    "confirm_seen": _l("Confirmed that a doctor has seen you"),
    "view_assign_plan": _l("Opened the page to give you a plan"),
    "view_edit_plan": _l("Opened your plan to change it"),
    "assign_plan": _l("Gave you a plan"),
    "adjust_plan": _l("Adjusted your plan"),
    "change_plan": _l("Changed your plan"),
    "pause_plan": _l("Paused your plan"),
    "send_to_gp": _l("Asked you to see your GP and paused your plan"),
    "agree_flare": _l("Agreed that you may step back one more week"),
    "resume_plan": _l("Resumed your plan"),
    "end_plan": _l("Ended your plan"),
    "post_message": _l("Wrote a message in your conversation"),
    "read_messages": _l("Read your messages"),
    "invitation.sent": _l("Sent you an invitation"),
    "physio.linked": _l("Linked your account to a physiotherapist"),
    "physio.unlinked": _l("Ended the link with a physiotherapist"),
    "create_account": _l("Made your account"),
    "view_audit": _l("Looked at the audit log about you"),
    "export_audit": _l("Exported the audit log about you"),
    "view_messages": _l("Read your messages"),
    "export_own_data": _l("Downloaded all your data"),
    "account.deleted": _l("Deleted the account"),
    "view_outbox_message": _l("Looked at an email sent to you"),
    "view_outbox_html": _l("Looked at an email sent to you"),
    "retry_outbox_message": _l("Sent an email to you again"),
    "set_profile": _l("Set your treatment profile"),
    "record_external_score": _l("Recorded the score of a questionnaire"),
    "start_close_episode": _l("Asked your last scores before closing the treatment"),
    "close_episode": _l("Closed your treatment episode"),
    "view_episode_summary": _l("Looked at the summary of your treatment"),
    "export_fhir": _l("Downloaded your data for the practice's record system"),
}
ROLE_LABELS = {
    "patient": _l("patient"),
    "physio": _l("physiotherapist"),
    "admin": _l("admin"),
}


def action_label(event: AuditEvent) -> str:
    """What the actor did, in the reader's language."""
    label = ACTION_LABELS.get(event.action)
    if label is not None:
        return str(label)
    if event.action.startswith(("view_", "read_", "export_")):
        return _("Looked at your data")
    return _("Changed or used your data")


def role_label(role: str) -> str:
    """An account role in the reader's language."""
    return str(ROLE_LABELS.get(role, role))


@bp.get("/access-log")
@login_required
def access_log():
    """Who looked at or changed the signed-in user's data, newest first."""
    events = events_about(get_db(), current_user.id)
    return render_template(
        "account/access_log.html",
        events=events,
        action_label=action_label,
        role_label=role_label,
    )
