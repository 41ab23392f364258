"""Claiming outbox rows with a lease, and recording what became of a claimed row.

Every decision lives in the row, so several scheduler processes can deliver at once: a
batch is claimed by a conditional UPDATE (PostgreSQL: over ``FOR UPDATE SKIP LOCKED``;
SQLite: inside ``BEGIN IMMEDIATE``), and only the claimer's token can record an outcome.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime, timedelta

from sqlalchemy import Row, bindparam, or_, select, update
from sqlalchemy.orm import Session

from webapp.db import begin_write
from webapp.models import OutboxEmail, OutboxStatus

LEASE = timedelta(minutes=5)


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


def outcome(row: Row, values: dict) -> tuple:
    """The statement and parameters that record ``values`` as a claimed row's outcome."""
    params = {f"new_{column}": value for column, value in values.items()}
    return _mark_statement(tuple(values)), dict(params, row_id=row.id, token=row.claim_token)
