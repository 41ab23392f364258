"""The email outbox: every email is inserted once per idempotency key, then delivered.

Rows are written here and sent by webapp.services.mail.delivery (claim with a lease, deliver,
retry or give up).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.db import bulk_insert_new
from webapp.models import OutboxEmail, OutboxStatus


@dataclass(frozen=True)
class Rendered:
    """An email rendered for one recipient."""

    to_address: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]


@functools.lru_cache(maxsize=8)
def _sender_domain(mail_from: str) -> str:
    """The domain of the sender's address (parsed once: the planning pass asks per email)."""
    return parseaddr(mail_from)[1].rpartition("@")[2] or "rugcoach.invalid"


def message_id_for(key: str, mail_from: str) -> str:
    """A stable Message-ID derived from the idempotency key."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{_sender_domain(mail_from)}>"


@dataclass(frozen=True)
class Outgoing:
    """One email to enqueue: its idempotency key, kind, recipient and deadline.

    A Web Push goes the same way with ``channel="push"`` (services/push/reminders.py says
    what its row holds); ``due`` holds it back until then (a push asked again "later").
    """

    key: str
    kind: str
    user_id: int | None
    email: Rendered
    not_after: datetime | None = None
    channel: str = "email"
    due: datetime | None = None


def _row(outgoing: Outgoing, mail_from: str, now: datetime) -> dict[str, object]:
    """The outbox row of an email waiting for its first attempt."""
    email = outgoing.email
    return dict(
        idempotency_key=outgoing.key,
        kind=outgoing.kind,
        channel=outgoing.channel,
        user_id=outgoing.user_id,
        to_address=email.to_address,
        subject=email.subject,
        text_body=email.text,
        html_body=email.html,
        headers=json.dumps(email.headers, sort_keys=True),
        message_id=message_id_for(outgoing.key, mail_from),
        status=OutboxStatus.PENDING.value,
        attempts=0,
        next_attempt_at=outgoing.due or now,
        not_after=outgoing.not_after,
        created_at=now,
        last_error="",
    )


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    user_id: int | None,
    email: Rendered,
    mail_from: str,
    now: datetime,
    not_after: datetime | None = None,
) -> bool:
    """Insert the email unless its key exists; True when it was inserted."""
    outgoing = Outgoing(key, kind, user_id, email, not_after)
    return bool(enqueue_many(session, [outgoing], mail_from=mail_from, now=now))


def enqueue_many(
    session: Session, emails: list[Outgoing], *, mail_from: str, now: datetime
) -> set[str]:
    """Insert every email whose key does not exist yet; returns the keys inserted.

    One statement for the batch instead of one per email (``webapp.db.bulk_insert_new``):
    the planning pass queues thousands at once. A key twice in one call: the first wins,
    as it would with one insert each.
    """
    if not emails:
        return set()
    rows: dict[str, dict[str, object]] = {}
    for outgoing in emails:
        rows.setdefault(outgoing.key, _row(outgoing, mail_from, now))
    session.flush()  # the rows refer to users the caller may have added just now
    return bulk_insert_new(
        session.connection(), OutboxEmail.__table__, "idempotency_key", list(rows.values())
    )


def pending_count(session: Session) -> int:
    """How many emails wait to be sent."""
    return session.scalar(
        select(func.count())
        .select_from(OutboxEmail)
        .where(OutboxEmail.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
    )
