"""Putting an email straight into the outbox for delivery tests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from webapp.models import OutboxEmail
from webapp.services.mail.outbox import Rendered, enqueue

MAIL_FROM = "Rugcoach <noreply@rugcoach.example>"


def queue_email(
    app, db, key: str, now: datetime, *, kind: str = "daily", text: str = "Text.", **fields
) -> int:
    """Queue a small email due at ``now``, then set the given row fields; returns its id."""
    email = Rendered(
        to_address=f"{key.replace(':', '-')}@example.org",
        subject=key,
        text=text,
        html="<p>Text.</p>",
        headers={},
    )
    with app.app_context():
        enqueue(db, key=key, kind=kind, user_id=None, email=email, mail_from=MAIL_FROM, now=now)
    row_id = db.scalar(select(OutboxEmail.id).where(OutboxEmail.idempotency_key == key))
    if fields:
        db.execute(update(OutboxEmail).where(OutboxEmail.id == row_id).values(**fields))
    db.commit()
    return row_id
