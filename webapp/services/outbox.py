"""The email outbox: enqueue once per key, claim with a lease, deliver, retry or give up.

Every decision lives in the row, so several scheduler processes can deliver at once: a
batch is claimed by one conditional UPDATE (PostgreSQL: over ``FOR UPDATE SKIP LOCKED``;
SQLite: inside ``BEGIN IMMEDIATE``), and only the claimer's token can mark it.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from webapp.db import begin_write
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.mailer import DeliveryError, Transport

LEASE = timedelta(minutes=5)
BACKOFF_BASE = timedelta(seconds=60)
BACKOFF_CAP = timedelta(hours=1)


@dataclass(frozen=True)
class Rendered:
    """An email rendered for one recipient."""

    to_address: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]


@dataclass
class DeliveryReport:
    """What one deliver pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    expired: int = 0


def message_id_for(key: str, mail_from: str) -> str:
    """A stable Message-ID derived from the idempotency key."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "rugcoach.invalid"
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


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
    values = dict(
        idempotency_key=key,
        kind=kind,
        user_id=user_id,
        to_address=email.to_address,
        subject=email.subject,
        text_body=email.text,
        html_body=email.html,
        headers=json.dumps(email.headers, sort_keys=True),
        message_id=message_id_for(key, mail_from),
        status=OutboxStatus.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        not_after=not_after,
        created_at=now,
        last_error="",
    )
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(OutboxEmail)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxEmail.id)
    )
    return session.execute(stmt).scalar() is not None


def pending_count(session: Session) -> int:
    """How many emails wait to be sent."""
    return session.scalar(
        select(func.count())
        .select_from(OutboxEmail)
        .where(OutboxEmail.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
    )


def expire_overdue(session: Session, now: datetime) -> int:
    """Mark unsent emails past their deadline as expired; returns how many."""
    result = session.execute(
        update(OutboxEmail)
        .where(
            OutboxEmail.not_after < now,
            or_(
                OutboxEmail.status == OutboxStatus.PENDING,
                (OutboxEmail.status == OutboxStatus.SENDING) & (OutboxEmail.lease_until < now),
            ),
        )
        .values(status=OutboxStatus.EXPIRED, claim_token=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def claim_batch(session: Session, now: datetime, limit: int) -> list[OutboxEmail]:
    """Claim up to ``limit`` due emails for this process and commit the claim."""
    begin_write(session)
    due = (
        select(OutboxEmail.id)
        .where(
            or_(OutboxEmail.not_after.is_(None), OutboxEmail.not_after >= now),
            or_(
                (OutboxEmail.status == OutboxStatus.PENDING) & (OutboxEmail.next_attempt_at <= now),
                # A claimer that died: its lease ran out, so the row is free again.
                (OutboxEmail.status == OutboxStatus.SENDING) & (OutboxEmail.lease_until < now),
            ),
        )
        .order_by(OutboxEmail.next_attempt_at, OutboxEmail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    token = str(uuid.uuid4())
    session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id.in_(due.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            claim_token=token,
            lease_until=now + LEASE,
            attempts=OutboxEmail.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    rows = session.scalars(
        select(OutboxEmail).where(OutboxEmail.claim_token == token).order_by(OutboxEmail.id)
    ).all()
    session.commit()  # end the read so each row's outcome can take the write lock at once
    return list(rows)


def build_message(row: OutboxEmail, mail_from: str, now: datetime) -> EmailMessage:
    """The MIME message for an outbox row: text first, HTML as the alternative."""
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = row.message_id
    for name, value in json.loads(row.headers or "{}").items():
        message[name] = value
    message.set_content(row.text_body)
    message.add_alternative(row.html_body, subtype="html")
    return message


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with full jitter between half and all of the step."""
    step = min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)
    factor = 0.5 + (rng or random).random() / 2
    return step * factor


def deliver_due(
    session: Session,
    transport: Transport,
    *,
    now: datetime,
    mail_from: str,
    batch: int = 50,
    max_attempts: int = 5,
) -> DeliveryReport:
    """Claim and send batches until nothing is due; each row is marked as soon as it is done."""
    begin_write(session)
    report = DeliveryReport(expired=expire_overdue(session, now))
    session.commit()
    while True:
        rows = claim_batch(session, now, batch)
        if not rows:
            break
        for row in rows:
            _deliver_one(session, transport, row, now, mail_from, max_attempts, report)
        if len(rows) < batch:
            break
    return report


def _deliver_one(
    session: Session,
    transport: Transport,
    row: OutboxEmail,
    now: datetime,
    mail_from: str,
    max_attempts: int,
    report: DeliveryReport,
) -> None:
    """Send one claimed row and record the outcome in its own commit."""
    token = row.claim_token
    try:
        transport.send(build_message(row, mail_from, now))
    except DeliveryError as exc:
        if exc.permanent or row.attempts >= max_attempts:
            values = dict(status=OutboxStatus.FAILED)
            report.failed += 1
        else:
            values = dict(status=OutboxStatus.PENDING, next_attempt_at=now + backoff(row.attempts))
            report.retried += 1
        values.update(last_error=str(exc)[:500])
    else:
        values = dict(status=OutboxStatus.SENT, sent_at=now, last_error="")
        report.sent += 1
    begin_write(session)
    session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == row.id, OutboxEmail.claim_token == token)
        .values(claim_token=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
