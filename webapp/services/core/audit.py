"""The audit trail (NEN 7513): who saw or changed whose data, when and from where.

Rows are only ever inserted. A change is recorded with ``record``, in the transaction that
makes it; a page that only shows data records who saw it with ``record_view``. The one
exception is ``pseudonymise``: when a patient deletes their account, the name and email
address in the rows about them are replaced by a pseudonym (see there why).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Delete, Update, event, func, insert, or_, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from webapp.db import begin_write
from webapp.models import AuditEvent, User


def _fields(actor: User, action: str, now: datetime, ip: str, detail: str) -> dict:
    """The columns of an audit row but its subject, cut to their column sizes."""
    return {
        "actor_id": actor.id,
        "actor_role": actor.role.value,
        "actor_name": actor.name,
        "action": action,
        "detail": detail[:1000],
        "ip": (ip or "")[:45],
        "created_at": now,
    }


def record(
    session: Session,
    *,
    actor: User,
    subject_id: int | None,
    action: str,
    now: datetime,
    ip: str = "",
    detail: str = "",
) -> AuditEvent:
    """Add one audit row for a change; the caller commits it with the change."""
    event = AuditEvent(subject_id=subject_id, **_fields(actor, action, now, ip, detail))
    session.add(event)
    return event


def record_view(
    session: Session,
    *,
    actor: User,
    subject_ids: Sequence[int | None],
    action: str,
    now: datetime,
    ip: str = "",
    detail: str = "",
) -> None:
    """Record that ``actor`` saw the data of these accounts (None: of no one account); commits.

    A page that shows data has only read so far. Its reads end first: on SQLite a reader
    cannot always become a writer, so the rows go in through a transaction that takes the
    write lock up front, and are committed at once, as the page writes nothing else. One
    bulk insert for all of them keeps a page that lists many patients at one statement.
    """
    if not subject_ids:
        return
    session.commit()
    begin_write(session)
    fields = _fields(actor, action, now, ip, detail)
    session.execute(insert(AuditEvent), [dict(fields, subject_id=s) for s in subject_ids])
    session.commit()


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


# The execution option that marks the pseudonymisation UPDATE as the one allowed change.
PSEUDONYMISE_OPTION = "audit_pseudonymise"


@event.listens_for(Session, "do_orm_execute")
def _refuse_audit_statements(state: ORMExecuteState) -> None:
    """Refuse bulk UPDATE and DELETE on the trail too, except the marked pseudonymisation."""
    statement = state.statement
    if not isinstance(statement, (Update, Delete)):
        return
    if getattr(statement.table, "name", None) != AuditEvent.__tablename__:
        return
    if isinstance(statement, Update) and state.execution_options.get(PSEUDONYMISE_OPTION):
        return
    raise AuditTrailIsAppendOnly("audit rows are never changed or deleted")


def _replace_all(text: str, identifiers: list[str], pseudonym: str) -> str:
    """``text`` with every identifier (case-insensitive) replaced by the pseudonym."""
    lowered = text.lower()
    for identifier in identifiers:
        needle = identifier.lower()
        start = lowered.find(needle)
        while start != -1:
            text = text[:start] + pseudonym + text[start + len(needle) :]
            lowered = text.lower()
            start = lowered.find(needle, start + len(pseudonym))
    return text


def pseudonymise(session: Session, *, user_id: int, pseudonym: str, identifiers: list[str]) -> int:
    """Replace a deleted account's name and email in the trail by its pseudonym; returns rows.

    The AVG/GDPR right to erasure and the duty to keep an audit trail (NEN 7513) meet
    here: the trail must still show who did what to which account and when, so rows are
    kept and keep their account ids, but nothing in them names the person any more. The
    ids lead only to the account's tombstone, which holds the same pseudonym. This is the
    only UPDATE the guard lets through, and only with ``PSEUDONYMISE_OPTION`` set.
    """
    identifiers = sorted({i for i in identifiers if i and len(i) >= 3}, key=len, reverse=True)
    mentions = [func.lower(AuditEvent.detail).contains(i.lower()) for i in identifiers]
    rows = session.execute(
        select(AuditEvent.id, AuditEvent.actor_id, AuditEvent.actor_name, AuditEvent.detail)
        .where(or_(AuditEvent.actor_id == user_id, AuditEvent.subject_id == user_id, *mentions))
        .order_by(AuditEvent.id)
    ).all()
    changed = 0
    for row in rows:
        actor_name = pseudonym if row.actor_id == user_id else row.actor_name
        detail = _replace_all(row.detail, identifiers, pseudonym)
        if (actor_name, detail) == (row.actor_name, row.detail):
            continue
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.id == row.id)
            .values(actor_name=actor_name, detail=detail)
            .execution_options(synchronize_session=False, **{PSEUDONYMISE_OPTION: True})
        )
        changed += 1
    return changed
