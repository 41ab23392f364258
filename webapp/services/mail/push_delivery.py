"""Delivering the outbox's pushes: claim, skip a day already logged, send to each browser, mark.

The same pipeline as email (delivery.py): rows claimed with a lease (``claim_batch`` for the
"push" channel), ``not_after`` expiry, retries with the same back-off. One row goes to all
of the patient's browsers. Its outcome:

- sent when at least one browser's push service accepted it;
- retried when none did and a refusal was transient (5xx, 408, 425, 429, unreachable),
  like an SMTP 4xx, until ``max_attempts``;
- failed when every refusal was permanent (other 4xx), or no browser is left;
- a browser whose push service answers 404 or 410 unsubscribed: its address is removed;
- expired, unsent, when the day was logged in the meantime (checked just before sending).

The network calls happen outside any write transaction, so web requests never wait on a
push service; each row's outcome is one short commit after.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import Row, delete, exists, select
from sqlalchemy.orm import Session

from webapp.db import begin_write
from webapp.models import OutboxStatus, PushSubscription, SessionLog
from webapp.services.mail.delivery import DeliveryReport, backoff, expire_overdue
from webapp.services.mail.push import PushSender, SubscriptionGone
from webapp.services.mail.throughput import claim_batch, outcome
from webapp.services.mail.transport import DeliveryError

LOGGED = "not sent: the day was logged first"


def deliver_pushes(
    session: Session,
    sender: PushSender,
    *,
    now: datetime,
    batch: int = 100,
    max_attempts: int = 5,
) -> DeliveryReport:
    """Claim and send due pushes until none is due; each row's outcome is committed at once."""
    begin_write(session)
    report = DeliveryReport(expired=expire_overdue(session, now))
    session.commit()
    while rows := claim_batch(session, now, batch, channel="push"):
        for row in rows:
            _deliver(session, sender, row, now, max_attempts, report)
        if len(rows) < batch:
            break
    return report


def _already_logged(session: Session, row: Row) -> bool:
    """Whether the day this push reminds of has a session log by now."""
    meta = json.loads(row.headers or "{}")
    if "plan" not in meta or "day" not in meta:
        return False
    return bool(
        session.scalar(
            select(
                exists().where(
                    SessionLog.plan_id == int(meta["plan"]),
                    SessionLog.local_date == date.fromisoformat(meta["day"]),
                )
            )
        )
    )


def _deliver(
    session: Session,
    sender: PushSender,
    row: Row,
    now: datetime,
    max_attempts: int,
    report: DeliveryReport,
) -> None:
    """Send one claimed push to each of the patient's browsers and record the outcome."""
    logged = _already_logged(session, row)
    browsers = session.scalars(
        select(PushSubscription).where(PushSubscription.user_id == row.user_id)
    ).all()
    session.commit()  # end the read: the sends below hold no transaction open
    gone, errors, accepted = [], [], 0
    if not logged:
        payload = json.loads(row.text_body)
        for browser in browsers:
            try:
                sender.send(browser, payload)
                accepted += 1
            except SubscriptionGone as exc:
                gone.append(browser.id)
                errors.append(exc)
            except DeliveryError as exc:
                errors.append(exc)
    values = _outcome(row, logged, accepted, errors, now, max_attempts, report)
    begin_write(session)
    if gone:
        session.execute(delete(PushSubscription).where(PushSubscription.id.in_(gone)))
    session.execute(*outcome(row, values))
    session.commit()


def _outcome(
    row: Row,
    logged: bool,
    accepted: int,
    errors: list[DeliveryError],
    now: datetime,
    max_attempts: int,
    report: DeliveryReport,
) -> dict:
    """The row's new status (and error) from what the push services answered."""
    if logged:
        report.expired += 1
        return dict(status=OutboxStatus.EXPIRED, last_error=LOGGED)
    if accepted:
        report.sent += 1
        if row.user_id is not None:
            report.delivered_to.add(row.user_id)
        return dict(status=OutboxStatus.SENT, sent_at=now, last_error="")
    error = "; ".join(str(exc) for exc in errors) or "no browser takes pushes any more"
    transient = any(not exc.permanent for exc in errors)
    if transient and row.attempts < max_attempts:
        report.retried += 1
        return dict(
            status=OutboxStatus.PENDING,
            next_attempt_at=now + backoff(row.attempts),
            last_error=error[:500],
        )
    report.failed += 1
    return dict(status=OutboxStatus.FAILED, last_error=error[:500])
