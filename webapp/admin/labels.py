"""The audit trail in words for the admin: what each recorded action means, and the roles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Every action the app records; an action not listed here is shown as its code.
ACTION_LABELS = {
    "view_dashboard": _l("Physio saw the patient in their list"),
    "view_patient": _l("Looked at the patient's page"),
    "export_logs": _l("Downloaded the patient's log"),
    "clear_flag": _l("Marked a warning sign as handled"),
    "confirm_seen": _l("Confirmed that a doctor has seen the patient"),
    "view_assign_plan": _l("Opened the page to give a plan"),
    "view_edit_plan": _l("Opened a plan to change it"),
    "assign_plan": _l("Gave a plan"),
    "adjust_plan": _l("Adjusted a plan"),
    "pause_plan": _l("Paused a plan"),
    "resume_plan": _l("Resumed a plan"),
    "end_plan": _l("Ended a plan"),
    "post_message": _l("Wrote a message"),
    "read_messages": _l("Read messages"),
    "view_messages": _l("Opened the messages"),
    "messages.shared": _l("Shared the earlier messages with the new physio"),
    "invitation.sent": _l("Sent an invitation"),
    "physio.linked": _l("Linked to a physiotherapist"),
    "physio.unlinked": _l("Ended the link with a physiotherapist"),
    "create_account": _l("Made an account"),
    "change_setting": _l("Changed a setting"),
    "list_accounts": _l("Looked at the list of accounts"),
    "view_audit": _l("Looked at the audit log"),
    "export_audit": _l("Exported the audit log"),
    "export_own_data": _l("Downloaded all their own data"),
    "account.deleted": _l("Deleted an account"),
    "view_outbox": _l("Looked at the outbox"),
    "view_outbox_message": _l("Looked at the delivery of an email"),
    "view_outbox_html": _l("Looked at an email's content (before this was removed)"),
    "retry_outbox_message": _l("Sent an email again"),
    "upload.renamed": _l("Renamed an uploaded video"),
    "upload.shared": _l("Chose who sees an uploaded video"),
    "upload.deleted": _l("Deleted an uploaded video"),
}
ROLE_LABELS = {"patient": _l("patient"), "physio": _l("physiotherapist"), "admin": _l("admin")}


def action_label(action: str) -> str:
    """A recorded action in the reader's language (its code when it has no label)."""
    return str(ACTION_LABELS.get(action, action))


def role_label(role: str) -> str:
    """An account role in the reader's language."""
    return str(ROLE_LABELS.get(role, role))
