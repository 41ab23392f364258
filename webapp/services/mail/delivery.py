"""Delivering the outbox: claim a batch, send each email, mark it; retry with backoff or give up.

``deliver_due`` is the whole path, top to bottom: expire what is too late, claim a batch,
send each claimed email over one transport connection and mark its outcome, until nothing
is due. Two measures make it fast and safe with several senders, both in throughput.py:
a claim is a lease that only its claimer can mark, and each "sent" mark is committed while
the mail server answers the next email's first commands.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Row, or_, update
from sqlalchemy.orm import Session

from webapp.db import begin_write
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.core.flags import clear_flags, raise_flag
from webapp.services.mail.mime import WireMessage, wire_message
from webapp.services.mail.throughput import LEASE, Overlapped, claim_batch, outcome
from webapp.services.mail.transport import DeliveryError, Transport

REMINDER_KINDS = ("daily", "followup", "weekly")
# Emails that carry a sign-in secret (a one-time link): once sent, the copy here is emptied,
# so the outbox never holds a usable invitation or reset link.
SECRET_KINDS = ("invitation", "password_reset", "welcome")
BACKOFF_BASE = timedelta(seconds=60)
BACKOFF_CAP = timedelta(hours=1)
UNREACHABLE_RETRY = timedelta(minutes=1)
# A pass claims with its starting instant, so its leases age in real time from then on. It
# stops well inside the lease: later rows are given back and the next pass, with a fresh
# instant, claims them, so no other process ever sees a lease of ours run out mid-send.
PASS_BUDGET = LEASE / 2


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
    # The pass used up its time (PASS_BUDGET): what it had not sent waits for the next one.
    out_of_time: bool = False


def deliver_due(
    session: Session,
    transport: Transport,
    *,
    now: datetime,
    mail_from: str,
    batch: int = 200,
    max_attempts: int = 5,
    timer: Callable[[], float] = time.monotonic,
) -> DeliveryReport:
    """Claim and send batches until nothing is due; each row is marked as soon as it is done.

    ``timer`` (seconds, real time) measures the pass against PASS_BUDGET.
    """
    begin_write(session)
    report = DeliveryReport(expired=expire_overdue(session, now))
    session.commit()
    deadline = timer() + PASS_BUDGET.total_seconds()
    sender = Overlapped(session.get_bind(), transport, lambda r: build_message(r, mail_from, now))
    delivery = _Delivery(session, sender, now, max_attempts, report)
    try:
        while rows := claim_batch(session, now, batch):
            for row, after in zip(rows, [*rows[1:], None], strict=True):
                report.out_of_time = report.out_of_time or timer() > deadline
                if report.unreachable or report.out_of_time:
                    # Given back untried: due at once for the next pass, or after the outage.
                    retry = UNREACHABLE_RETRY if report.unreachable else timedelta(0)
                    delivery.release(row, due=now + retry)
                else:
                    delivery.send(row, after)
            if report.unreachable or report.out_of_time or len(rows) < batch:
                break
    finally:
        sender.close()
    if report.delivered_to:
        begin_write(session)
        clear_flags(session, kind="mail_bouncing", patient_ids=report.delivered_to, now=now)
        session.commit()
    return report


def expire_overdue(session: Session, now: datetime) -> int:
    """Mark unsent emails past their deadline (the reminder's evening) as expired; how many."""
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


@dataclass
class _Delivery:
    """One deliver pass's rows: each sent and marked, retried, failed or given back."""

    session: Session
    sender: Overlapped
    now: datetime
    max_attempts: int
    report: DeliveryReport

    def send(self, row: Row, after: Row | None) -> None:
        """Send one claimed row and record its outcome."""
        try:
            self.sender.send(row, after)
        except DeliveryError as exc:
            if exc.unreachable:
                # An outage is not this message's attempt: it waits, and expires at not_after.
                self.report.unreachable = True
                self.release(row, due=self.now + UNREACHABLE_RETRY)
            else:
                self._failed(row, exc)
            return
        values = dict(status=OutboxStatus.SENT, sent_at=self.now, last_error="")
        if row.kind in SECRET_KINDS:
            values.update(text_body="", html_body="")
        self.sender.mark(row, values)  # committed while the next email is on its way
        self.report.sent += 1
        if row.user_id is not None and row.kind in REMINDER_KINDS:
            self.report.delivered_to.add(row.user_id)

    def release(self, row: Row, due: datetime) -> None:
        """Give a claimed row back untried: its attempt is not counted, it is due at ``due``."""
        self.sender.forget(row)
        values = dict(
            status=OutboxStatus.PENDING, attempts=max(row.attempts - 1, 0), next_attempt_at=due
        )
        self._commit(row, values)

    def _failed(self, row: Row, exc: DeliveryError) -> None:
        """Schedule a retry, or mark the row failed and flag a refused patient address."""
        if exc.permanent or row.attempts >= self.max_attempts:
            values = dict(status=OutboxStatus.FAILED)
            self.report.failed += 1
        else:
            retry_at = self.now + backoff(row.attempts)
            values = dict(status=OutboxStatus.PENDING, next_attempt_at=retry_at)
            self.report.retried += 1
        values.update(last_error=str(exc)[:500])
        refused = values["status"] == OutboxStatus.FAILED and row.kind in REMINDER_KINDS
        self._commit(row, values, bouncing=row.user_id if refused else None)

    def _commit(self, row: Row, values: dict, bouncing: int | None = None) -> None:
        """Record a claimed row's outcome now, in a commit of its own."""
        begin_write(self.session)
        self.session.execute(*outcome(row, values))
        if bouncing is not None:
            # A refused address is shown on the physio's dashboard until mail gets through.
            raise_flag(
                self.session,
                patient_id=bouncing,
                kind="mail_bouncing",
                now=self.now,
                detail=values["last_error"],
            )
        self.session.commit()
