"""Delivering the outbox: claim with a lease, send, retry with backoff or give up.

Every decision lives in the row, so several scheduler processes can deliver at once: a
batch is claimed by one conditional UPDATE (PostgreSQL: over ``FOR UPDATE SKIP LOCKED``;
SQLite: inside ``BEGIN IMMEDIATE``), and only the claimer's token can mark it.
"""

from __future__ import annotations

import functools
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Row, bindparam, or_, select, update
from sqlalchemy.orm import Session

from webapp.db import begin_write
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.delivery_marks import DeferredMarks
from webapp.services.flags import clear_flags, raise_flag
from webapp.services.mailer import DeliveryError, Transport
from webapp.services.mime import WireMessage, wire_message

LEASE = timedelta(minutes=5)
REMINDER_KINDS = ("daily", "followup", "weekly")
# Emails that carry a sign-in secret (a one-time link): once sent, the copy here is emptied,
# so the outbox never holds a usable invitation or reset link.
SECRET_KINDS = ("invitation", "password_reset", "welcome")
BACKOFF_BASE = timedelta(seconds=60)
BACKOFF_CAP = timedelta(hours=1)
UNREACHABLE_RETRY = timedelta(minutes=1)


@dataclass
class DeliveryReport:
    """What one deliver pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    expired: int = 0
    delivered_to: set[int] = field(default_factory=set)
    # The mail server could not be reached: the rest of the pass waits for the next one.
    unreachable: bool = False


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


# What sending a claimed row needs; the claim returns these columns, not ORM objects.
_CLAIMED = (
    OutboxEmail.id, OutboxEmail.claim_token, OutboxEmail.kind, OutboxEmail.user_id,
    OutboxEmail.attempts, OutboxEmail.to_address, OutboxEmail.subject,
    OutboxEmail.message_id, OutboxEmail.headers, OutboxEmail.text_body, OutboxEmail.html_body,
)  # fmt: skip


def claim_batch(session: Session, now: datetime, limit: int) -> list[Row]:
    """Claim up to ``limit`` due emails for this process, commit the claim, return the rows.

    Rows whose claimer died (lease run out) come first, then pending rows oldest-due first.
    Each part is its own UPDATE ... RETURNING over an index-ordered LIMIT, so a claim reads
    about ``limit`` rows however many thousands wait behind them.
    """
    begin_write(session)
    token = str(uuid.uuid4())
    orphaned = OutboxEmail.lease_until < now
    claimed = _claim(session, token, now, limit, OutboxStatus.SENDING, orphaned)
    if len(claimed) < limit:
        claimed += _claim(session, token, now, limit - len(claimed), OutboxStatus.PENDING,
                          OutboxEmail.next_attempt_at <= now)  # fmt: skip
    session.commit()
    return sorted(claimed, key=lambda row: row.id)


def _claim(session: Session, token: str, now: datetime, limit: int, status, due) -> list[Row]:
    """Claim up to ``limit`` rows in ``status`` that are ``due``, in the due index's order."""
    # The index (status, next_attempt_at, id) yields this order without a sort; SKIP LOCKED
    # lets a second scheduler process claim the rows after ours instead of waiting.
    chosen = (
        select(OutboxEmail.id)
        .where(
            OutboxEmail.status == status,
            due,
            or_(OutboxEmail.not_after.is_(None), OutboxEmail.not_after >= now),
        )
        .order_by(OutboxEmail.next_attempt_at, OutboxEmail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(OutboxEmail)
        .where(OutboxEmail.id.in_(chosen.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            claim_token=token,
            lease_until=now + LEASE,
            attempts=OutboxEmail.attempts + 1,
        )
        .returning(*_CLAIMED)
    )
    return list(session.connection().execute(claim).all())


def build_message(row: OutboxEmail | Row, mail_from: str, now: datetime) -> WireMessage:
    """The message for an outbox row: text first, HTML as the alternative."""
    return wire_message(
        mail_from=mail_from,
        to=row.to_address,
        subject=row.subject,
        date=now,
        message_id=row.message_id,
        headers=json.loads(row.headers or "{}"),
        text=row.text_body,
        html=row.html_body,
    )


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
    marks = DeferredMarks(session.get_bind())
    try:
        while True:
            rows = claim_batch(session, now, batch)
            if not rows:
                break
            for row in rows:
                if report.unreachable:
                    _release(session, row, now)
                else:
                    _deliver_one(session, marks, transport, row, now, mail_from, max_attempts,
                                 report)  # fmt: skip
            if report.unreachable or len(rows) < batch:
                break
    finally:
        marks.close()
    if report.delivered_to:
        begin_write(session)
        clear_flags(session, kind="mail_bouncing", patient_ids=report.delivered_to, now=now)
        session.commit()
    return report


@functools.cache
def _mark_statement(columns: tuple[str, ...]):
    """UPDATE of a claimed row's outcome (these columns), only while our claim holds.

    Built once per outcome shape: constructing the statement cost more than running it.
    """
    return (
        update(OutboxEmail)
        .where(OutboxEmail.id == bindparam("row_id"), OutboxEmail.claim_token == bindparam("token"))
        .values(claim_token=None, lease_until=None, **{c: bindparam(f"new_{c}") for c in columns})
        .execution_options(synchronize_session=False)
    )


def _mark(row: Row, values: dict) -> tuple:
    """The statement and parameters that record ``values`` as a claimed row's outcome."""
    params = {f"new_{column}": value for column, value in values.items()}
    return _mark_statement(tuple(values)), dict(params, row_id=row.id, token=row.claim_token)


def _release(session: Session, row: Row, now: datetime) -> None:
    """Give a claimed row back untried: its attempt is not counted, it is due again soon."""
    begin_write(session)
    values = dict(
        status=OutboxStatus.PENDING,
        attempts=max(row.attempts - 1, 0),
        next_attempt_at=now + UNREACHABLE_RETRY,
    )
    session.execute(*_mark(row, values))
    session.commit()


def _deliver_one(
    session: Session,
    marks: DeferredMarks,
    transport: Transport,
    row: Row,
    now: datetime,
    mail_from: str,
    max_attempts: int,
    report: DeliveryReport,
) -> None:
    """Send one claimed row and record the outcome in its own commit."""
    try:
        message = build_message(row, mail_from, now)
    except ValueError as exc:
        # A stored email that cannot become a valid message (a line break in a header, say)
        # never will: failed now, so it does not come back after every lease.
        failure = DeliveryError(f"cannot build the message: {exc}", permanent=True)
        _record_failure(session, row, failure, now, max_attempts, report)
        return
    try:
        # The previous email's mark is committed while the server reads this one's first line.
        transport.send(message, meanwhile=marks.flush)
    except DeliveryError as exc:
        if exc.unreachable:
            # An outage is not this message's attempt: it waits, and expires at not_after.
            report.unreachable = True
            _release(session, row, now)
            return
        _record_failure(session, row, exc, now, max_attempts, report)
        return
    values = dict(status=OutboxStatus.SENT, sent_at=now, last_error="")
    if row.kind in SECRET_KINDS:
        values.update(text_body="", html_body="")
    # Committed during the next send (or when the pass ends): see delivery_marks.
    marks.hold(*_mark(row, values))
    report.sent += 1
    if row.user_id is not None and row.kind in REMINDER_KINDS:
        report.delivered_to.add(row.user_id)


def _record_failure(
    session: Session,
    row: Row,
    exc: DeliveryError,
    now: datetime,
    max_attempts: int,
    report: DeliveryReport,
) -> None:
    """Schedule a retry, or mark the row failed and flag a refused patient address."""
    if exc.permanent or row.attempts >= max_attempts:
        values = dict(status=OutboxStatus.FAILED)
        report.failed += 1
    else:
        values = dict(status=OutboxStatus.PENDING, next_attempt_at=now + backoff(row.attempts))
        report.retried += 1
    values.update(last_error=str(exc)[:500])
    begin_write(session)
    session.execute(*_mark(row, values))
    failed = values["status"] == OutboxStatus.FAILED
    if failed and row.user_id is not None and row.kind in REMINDER_KINDS:
        # A refused address is shown on the physio's dashboard until mail gets through.
        raise_flag(session, patient_id=row.user_id, kind="mail_bouncing", now=now,
                   detail=values["last_error"])  # fmt: skip
    session.commit()
