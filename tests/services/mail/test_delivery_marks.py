"""Marks committed straight through the driver store what SQLAlchemy would have stored."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text, update

from tests.support.outbox import queue_email
from webapp.db import new_session
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.mail.throughput import DeferredMarks, claim_batch, outcome


def queue(app, db, clock, key: str, kind: str = "daily") -> None:
    """One pending email, due now."""
    queue_email(app, db, key, clock(), kind=kind, text="Tekst met é.")


def commit_sent(app, row, sent_at) -> None:
    """Hold the "sent" mark of a claimed row and commit it, as the deliver pass does."""
    marks = DeferredMarks(app.extensions["rugcoach.engine"])
    try:
        marks.hold(*outcome(row, dict(status=OutboxStatus.SENT, sent_at=sent_at, last_error="")))
    finally:
        marks.close()


def stored(db, key: str) -> OutboxEmail:
    """The row as another connection sees it now."""
    db.rollback()
    db.expire_all()
    return db.scalar(select(OutboxEmail).where(OutboxEmail.idempotency_key == key))


def test_a_flushed_mark_is_committed_with_every_value_as_sqlalchemy_stores_it(app, db, clock):
    queue(app, db, clock, "daily:1")
    queue(app, db, clock, "invitation:1", kind="invitation")
    sent_at = clock() + timedelta(seconds=7, microseconds=123456)
    with new_session(app) as session:
        daily, invitation = claim_batch(session, clock(), 10)
    marks = DeferredMarks(app.extensions["rugcoach.engine"])
    try:
        marks.hold(*outcome(daily, dict(status=OutboxStatus.SENT, sent_at=sent_at, last_error="")))
        assert stored(db, "daily:1").status == OutboxStatus.SENDING  # held, not yet written
        marks.flush()
        row = stored(db, "daily:1")  # visible to another connection: committed
        assert (row.status, row.sent_at, row.claim_token, row.lease_until, row.last_error) == (
            OutboxStatus.SENT,
            sent_at,
            None,
            None,
            "",
        )
        assert row.text_body == "Tekst met é."

        secret = dict(
            status=OutboxStatus.SENT, sent_at=sent_at, last_error="", text_body="", html_body=""
        )
        marks.hold(*outcome(invitation, secret))
    finally:
        marks.close()  # commits what is still held
    row = stored(db, "invitation:1")
    assert (row.status, row.text_body, row.html_body) == (OutboxStatus.SENT, "", "")


def test_a_mark_whose_claim_was_taken_over_changes_nothing(app, db, clock):
    queue(app, db, clock, "daily:1")
    with new_session(app) as session:
        (first,) = claim_batch(session, clock(), 1)
        # The lease ran out and another process claimed the row again.
        (second,) = claim_batch(session, clock() + timedelta(minutes=6), 1)
    assert first.id == second.id and first.claim_token != second.claim_token
    commit_sent(app, first, clock())
    row = stored(db, "daily:1")
    assert (row.status, row.claim_token) == (OutboxStatus.SENDING, second.claim_token)


def test_the_driver_receives_the_same_stored_form_as_from_sqlalchemy(app, db, clock):
    # SQLite keeps timestamps as text and compares them as text: the form must be identical.
    queue(app, db, clock, "daily:1")
    queue(app, db, clock, "daily:2")
    sent_at = clock() + timedelta(minutes=3, microseconds=5)
    with new_session(app) as session:
        ours, _ = claim_batch(session, clock(), 10)
    commit_sent(app, ours, sent_at)
    db.execute(
        update(OutboxEmail)
        .where(OutboxEmail.idempotency_key == "daily:2")
        .values(status=OutboxStatus.SENT, sent_at=sent_at)
    )
    db.commit()
    raw = db.execute(text("SELECT status, sent_at FROM outbox_emails ORDER BY id")).all()
    assert raw[0] == raw[1]
