"""The scheduler's passes; each calls the services with one session and one instant."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import Flask

from webapp.clock import utcnow
from webapp.db import new_session
from webapp.services.mail.delivery import DeliveryReport, deliver_due
from webapp.services.mail.push_delivery import deliver_pushes
from webapp.services.mail.transport import make_transport
from webapp.services.reminders.planning import plan_due_reminders
from webapp.wiring import mailroom, push_sender, secret

log = logging.getLogger("rugcoach.scheduler")


@dataclass
class TickReport:
    """What one full pass did, for the operator."""

    planned: int
    delivery: DeliveryReport
    weeks_closed: int = 0
    pushes: DeliveryReport | None = None


def plan_reminders(app: Flask, now: datetime | None = None) -> int:
    """Queue every reminder that is due as of ``now``."""
    with app.app_context(), new_session(app) as session:
        queued = plan_due_reminders(
            session, now or utcnow(), mailroom=mailroom(app), secret=secret(app)
        )
    if queued:
        log.info("planned %d reminder(s)", queued)
    return queued


def deliver_outbox(app: Flask, now: datetime | None = None) -> DeliveryReport:
    """Send what is due in the outbox over one transport connection."""
    transport = make_transport(app.config)
    try:
        with app.app_context(), new_session(app) as session:
            report = deliver_due(
                session,
                transport,
                now=now or utcnow(),
                mail_from=app.config["MAIL_FROM"],
                batch=app.config["OUTBOX_BATCH"],
                max_attempts=app.config["OUTBOX_MAX_ATTEMPTS"],
            )
    finally:
        transport.close()
    if report.sent or report.retried or report.failed or report.expired:
        log.info(
            "outbox: %d sent, %d to retry, %d failed, %d expired",
            report.sent,
            report.retried,
            report.failed,
            report.expired,
        )
    return report


def deliver_push(app: Flask, now: datetime | None = None) -> DeliveryReport | None:
    """Send the outbox's due pushes (None when the app has no VAPID key)."""
    sender = push_sender(app)
    if sender is None:
        return None
    with app.app_context(), new_session(app) as session:
        report = deliver_pushes(
            session,
            sender,
            now=now or utcnow(),
            max_attempts=app.config["OUTBOX_MAX_ATTEMPTS"],
        )
    if report.sent or report.retried or report.failed or report.expired:
        log.info(
            "pushes: %d sent, %d to retry, %d failed, %d expired",
            report.sent,
            report.retried,
            report.failed,
            report.expired,
        )
    return report


def process_uploads(app: Flask, now: datetime | None = None) -> int:
    """Transcode physiotherapists' waiting uploads (a couple per run; each takes a while)."""
    from webapp.services.library.uploads import process_uploads as process

    with app.app_context(), new_session(app) as session:
        done = process(session, app.config["UPLOAD_DIR"], now or utcnow())
    if done:
        log.info("processed %d uploaded video(s)", done)
    return done


def close_weeks(app: Flask, now: datetime | None = None) -> int:
    """Decide every plan week that has ended and refresh the physio's flags."""
    from webapp.services.plans.week_close import close_weeks as close

    with app.app_context(), new_session(app) as session:
        closed = close(session, now or utcnow())
    if closed:
        log.info("closed %d plan week(s)", closed)
    return closed


def tick(app: Flask, at: datetime) -> TickReport:
    """One week-close + plan + deliver pass as of ``at``."""
    closed = close_weeks(app, at)
    planned = plan_reminders(app, at)
    delivery = deliver_outbox(app, at)
    return TickReport(
        planned=planned,
        delivery=delivery,
        weeks_closed=closed,
        pushes=deliver_push(app, at),
    )
