"""The message thread between a patient and their physio: one thread per patient-physio pair.

A patient who switches physio starts a new thread; the old one stays with the old pair
unless the patient shares it with the new physio when accepting the invitation.

A new message is announced by email through the outbox (never sent from the request). The
email only says that a message is waiting: what people write about their health stays in
the app, behind a login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from webapp.models import Message, Role, User
from webapp.services.core import audit
from webapp.services.core.access import NOT_FOUND, can_see_patient
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.core.links import Links
from webapp.services.mail.render import Mailroom

MAX_BODY = 1000
THREAD_LIMIT = 200


def message_key(message: Message) -> str:
    """The idempotency key of a message's notification email."""
    return f"message:{message.id}"


def _recipient(session: Session, author: User, patient: User) -> User | None:
    """The other party of the thread: the patient, or the physio they are linked to."""
    if author.id == patient.id:
        return session.get(User, patient.physio_id) if patient.physio_id else None
    return patient


def thread_url(links: Links, recipient: User, patient: User) -> str:
    """Where the recipient reads the thread: the patient's messages or the physio's page."""
    if recipient.role == Role.PATIENT:
        return links.my_messages()
    return links.physio_patient(patient.id, section="messages")


def post_message(
    session: Session,
    *,
    author: User,
    patient: User,
    body: str,
    now: datetime,
    mailroom: Mailroom,
    ip: str = "",
) -> Message:
    """Add a message to the patient's thread and announce it to the other party by email."""
    if not can_see_patient(author, patient):
        raise NotFound(NOT_FOUND)
    body = (body or "").strip()
    if not body:
        raise ServiceError(_l("Write a message first."), "body")
    if len(body) > MAX_BODY:
        raise ServiceError(_l("Keep your message to %(max)d characters.", max=MAX_BODY), "body")
    recipient = _recipient(session, author, patient)
    if recipient is None:
        raise ServiceError(_l("You are not linked to a physiotherapist yet."), "body")
    message = Message(
        patient_id=patient.id,
        physio_id=patient.physio_id,
        author_id=author.id,
        body=body,
        created_at=now,
    )
    session.add(message)
    session.flush()
    if author.role == Role.PHYSIO:
        audit.record(
            session,
            actor=author,
            subject_id=patient.id,
            action="post_message",
            now=now,
            ip=ip,
            detail=f"message {message.id}",
        )
    # One email per unread stretch: a second message before the first is read adds none.
    if unread_count(session, recipient, patient) == 1:
        _notify(session, mailroom, message, recipient, patient, now)
    return message


def _notify(
    session: Session,
    mailroom: Mailroom,
    message: Message,
    recipient: User,
    patient: User,
    now: datetime,
) -> None:
    """Queue the 'a message is waiting' email in the recipient's language."""
    from_physio = recipient.id == patient.id
    mailroom.queue(
        session,
        key=message_key(message),
        kind="message",
        user_id=recipient.id,
        template="message",
        recipient=recipient,
        subject=_l("A message from your physiotherapist")
        if from_physio
        else _l("A patient sent you a message"),
        now=now,
        from_physio=from_physio,
        thread_url=thread_url(mailroom.links, recipient, patient),
    )


def _pair(patient: User):
    """The condition for the messages of the patient and their current physio."""
    return (Message.patient_id == patient.id) & (Message.physio_id == patient.physio_id)


def thread(session: Session, patient: User, limit: int = THREAD_LIMIT) -> list[Message]:
    """The thread with the patient's current physio, oldest first (the latest ``limit``)."""
    if patient.physio_id is None:
        return []
    latest = session.scalars(
        select(Message)
        .where(_pair(patient))
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    ).all()
    return list(reversed(latest))


def author_names(session: Session, messages: list[Message]) -> dict[int, str]:
    """The names of the messages' authors, by id."""
    ids = {m.author_id for m in messages if m.author_id is not None}
    if not ids:
        return {}
    return {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(ids)))}


@dataclass(frozen=True)
class ThreadView:
    """A thread as one reader sees it: the messages, their authors' names, how many are new."""

    messages: list[Message]
    names: dict[int, str]
    unread: int


def thread_view(session: Session, patient: User, reader: User) -> ThreadView:
    """The patient's thread for the patient's page or the physio's, read as ``reader``."""
    found = thread(session, patient)
    return ThreadView(found, author_names(session, found), unread_count(session, reader, patient))


def _unread(reader: User, patient: User):
    """The condition for messages in the thread the reader has not read."""
    return (
        _pair(patient) & Message.read_at.is_(None) & Message.author_id.is_distinct_from(reader.id)
    )


def mark_read(session: Session, reader: User, patient: User, now: datetime) -> int:
    """Mark the other party's messages as read; returns how many were unread."""
    if not can_see_patient(reader, patient):
        raise NotFound(NOT_FOUND)
    result = session.execute(update(Message).where(_unread(reader, patient)).values(read_at=now))
    if reader.role == Role.PHYSIO and result.rowcount:
        audit.record(
            session,
            actor=reader,
            subject_id=patient.id,
            action="read_messages",
            now=now,
            detail=f"{result.rowcount} messages",
        )
    return result.rowcount


def unread_count(session: Session, reader: User, patient: User) -> int:
    """How many of the other party's messages the reader has not read."""
    return session.scalar(select(func.count()).select_from(Message).where(_unread(reader, patient)))


def latest_note_from_physio(session: Session, patient: User) -> Message | None:
    """The newest message in the thread that the patient did not write."""
    return session.scalar(
        select(Message)
        .where(_pair(patient), Message.author_id.is_distinct_from(patient.id))
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(1)
    )


def share_thread(session: Session, patient: User, old_physio_id: int, new_physio_id: int) -> int:
    """Move the thread with the old physio into the new pair's thread; returns how many.

    Only on the patient's explicit choice when switching physio: the new physio then reads
    what was written before, with the old physio's name on their messages.
    """
    result = session.execute(
        update(Message)
        .where(Message.patient_id == patient.id, Message.physio_id == old_physio_id)
        .values(physio_id=new_physio_id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
