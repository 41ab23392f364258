"""The audit trail (NEN 7513): who saw or changed whose data, when and from where.

Rows are only ever inserted. A physio's or admin's view of a patient's data is recorded
by the view that shows it, in the same transaction as anything it changes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from webapp.models import AuditEvent, User


def record(
    session: Session, *, actor: User, subject_id: int | None, action: str, now: datetime,
    ip: str = "", detail: str = "",
) -> AuditEvent:  # fmt: skip
    """Add one audit row; the caller commits (also for a page that only reads)."""
    event = AuditEvent(
        actor_id=actor.id,
        actor_role=actor.role.value,
        actor_name=actor.name,
        subject_id=subject_id,
        action=action,
        detail=detail[:1000],
        ip=(ip or "")[:45],
        created_at=now,
    )
    session.add(event)
    return event


def events_about(session: Session, subject_id: int, limit: int = 200) -> list[AuditEvent]:
    """Who looked at or changed this patient's data, newest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject_id == subject_id)
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context, _instances) -> None:
    """The app never updates or deletes audit rows; catch any attempt before it reaches SQL."""
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditTrailIsAppendOnly("audit rows are never changed or deleted")
