"""Delivering the outbox: claim a batch, send it, retry with backoff or give up.

One pass claims batches (webapp/services/mail/throughput.py) until nothing is due, sends
each email over the transport and records its outcome at once. The database work of one
email is done while the mail server answers the next one's first commands: the previous
email's "sent" mark while it answers MAIL FROM, the next message's bytes while it answers
RCPT TO (see ``Transport.send``'s ``meanwhile``).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Row
from sqlalchemy.orm import Session

from webapp.db import begin_write
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.core.flags import clear_flags, raise_flag
from webapp.services.mail.mime import WireMessage, wire_message
from webapp.services.mail.throughput import (
    LEASE,
    DeferredMarks,
    claim_batch,
    expire_overdue,
    outcome,
)
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
    delivery = _Pass(
        session,
        transport,
        now,
        mail_from,
        max_attempts,
        report,
        out_of_time=lambda: timer() > deadline,
    )
    try:
        while True:
            rows = claim_batch(session, now, batch)
            if not rows:
                break
            delivery.send_batch(rows)
            if report.unreachable or report.out_of_time or len(rows) < batch:
                break
    finally:
        delivery.marks.close()
    if report.delivered_to:
        begin_write(session)
        clear_flags(session, kind="mail_bouncing", patient_ids=report.delivered_to, now=now)
        session.commit()
    return report


class _Pass:
    """One deliver pass: sends claimed rows and records each outcome in its own commit."""

    def __init__(
        self,
        session,
        transport,
        now,
        mail_from,
        max_attempts,
        report,
        out_of_time: Callable[[], bool],
    ) -> None:
        self.session, self.transport, self.now = session, transport, now
        self.mail_from, self.max_attempts, self.report = mail_from, max_attempts, report
        self._out_of_time = out_of_time
        self.marks = DeferredMarks(session.get_bind())
        self._built: dict[int, WireMessage | ValueError] = {}

    def send_batch(self, rows: list[Row]) -> None:
        """Send each claimed row; give the rest back once unreachable or out of time."""
        for index, row in enumerate(rows):
            if not self.report.out_of_time and self._out_of_time():
                self.report.out_of_time = True
            if self.report.unreachable:
                self._release(row, due=self.now + UNREACHABLE_RETRY)
                continue
            if self.report.out_of_time:
                self._release(row, due=self.now)  # due at once for the next pass
                continue
            after = rows[index + 1] if index + 1 < len(rows) else None
            self._send_one(row, build_next=lambda after=after: self._build(after))

    def _build(self, row: Row | None) -> None:
        """Build ``row``'s message now, keeping it (or the reason it cannot be built)."""
        if row is None or row.id in self._built:
            return
        try:
            self._built[row.id] = build_message(row, self.mail_from, self.now)
        except ValueError as exc:
            self._built[row.id] = exc

    def _send_one(self, row: Row, build_next) -> None:
        """Send one claimed row and record its outcome."""
        self._build(row)  # unless it was built during the previous email's exchange
        message = self._built.pop(row.id)
        if isinstance(message, ValueError):
            # A stored email that cannot become a valid message (a line break in a header,
            # say) never will: failed now, so it does not come back after every lease.
            failure = DeliveryError(f"cannot build the message: {message}", permanent=True)
            self._record_failure(row, failure)
            return
        try:
            self.transport.send(message, meanwhile=(self.marks.flush, build_next))
        except DeliveryError as exc:
            if exc.unreachable:
                # An outage is not this message's attempt: it waits, and expires at not_after.
                self.report.unreachable = True
                self._release(row, due=self.now + UNREACHABLE_RETRY)
                return
            self._record_failure(row, exc)
            return
        values = dict(status=OutboxStatus.SENT, sent_at=self.now, last_error="")
        if row.kind in SECRET_KINDS:
            values.update(text_body="", html_body="")
        # Committed during the next send (or when the pass ends): see delivery_marks.
        self.marks.hold(*outcome(row, values))
        self.report.sent += 1
        if row.user_id is not None and row.kind in REMINDER_KINDS:
            self.report.delivered_to.add(row.user_id)

    def _release(self, row: Row, due: datetime) -> None:
        """Give a claimed row back untried: its attempt is not counted, it is due at ``due``."""
        self._built.pop(row.id, None)
        values = dict(
            status=OutboxStatus.PENDING, attempts=max(row.attempts - 1, 0), next_attempt_at=due
        )
        begin_write(self.session)
        self.session.execute(*outcome(row, values))
        self.session.commit()

    def _record_failure(self, row: Row, exc: DeliveryError) -> None:
        """Schedule a retry, or mark the row failed and flag a refused patient address."""
        if exc.permanent or row.attempts >= self.max_attempts:
            values = dict(status=OutboxStatus.FAILED)
            self.report.failed += 1
        else:
            values = dict(
                status=OutboxStatus.PENDING, next_attempt_at=self.now + backoff(row.attempts)
            )
            self.report.retried += 1
        values.update(last_error=str(exc)[:500])
        begin_write(self.session)
        self.session.execute(*outcome(row, values))
        failed = values["status"] == OutboxStatus.FAILED
        if failed and row.user_id is not None and row.kind in REMINDER_KINDS:
            # A refused address is shown on the physio's dashboard until mail gets through.
            raise_flag(
                self.session,
                patient_id=row.user_id,
                kind="mail_bouncing",
                now=self.now,
                detail=values["last_error"],
            )
        self.session.commit()
