"""Claiming outbox rows: what is due, in which order, and never the same row twice."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.outbox import queue_email
from webapp.db import new_session
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.mail.throughput import LEASE, claim_batch


@pytest.fixture
def add(app, db, clock):
    """Queue an email with the given row fields; returns its id."""
    return lambda key, **fields: queue_email(app, db, key, clock(), **fields)


def test_a_claim_takes_due_rows_oldest_first_and_skips_what_is_not_due(app, db, clock, add):
    now = clock()
    later = add("later", next_attempt_at=now - timedelta(minutes=1))
    older = add("older", next_attempt_at=now - timedelta(minutes=9))
    same_a = add("same-a", next_attempt_at=now - timedelta(minutes=5))
    same_b = add("same-b", next_attempt_at=now - timedelta(minutes=5))
    add("future", next_attempt_at=now + timedelta(minutes=1))
    add("too-late", next_attempt_at=now - timedelta(hours=2), not_after=now - timedelta(hours=1))
    add(
        "leased",
        status=OutboxStatus.SENDING,
        claim_token="someone-else",
        next_attempt_at=now - timedelta(hours=3),
        lease_until=now + timedelta(minutes=1),
    )
    add("sent", status=OutboxStatus.SENT, next_attempt_at=now - timedelta(hours=3))

    with new_session(app) as session:
        first = claim_batch(session, now, 3)
        second = claim_batch(session, now, 3)
        third = claim_batch(session, now, 3)

    assert [row.id for row in first] == sorted([older, same_a, same_b])
    assert [row.id for row in second] == [later]
    assert third == []
    assert len({row.claim_token for row in first}) == 1
    assert first[0].claim_token != second[0].claim_token


def test_rows_of_a_claimer_whose_lease_ran_out_come_first(app, db, clock, add):
    now = clock()
    waiting = add("waiting", next_attempt_at=now - timedelta(hours=1))
    orphan = add(
        "orphan",
        status=OutboxStatus.SENDING,
        claim_token="dead-claimer",
        attempts=1,
        next_attempt_at=now - timedelta(minutes=1),
        lease_until=now - timedelta(seconds=1),
    )

    with new_session(app) as session:
        (first,) = claim_batch(session, now, 1)
        (second,) = claim_batch(session, now, 1)

    assert (first.id, second.id) == (orphan, waiting)
    assert first.claim_token != "dead-claimer" and first.attempts == 2
    stored = db.get(OutboxEmail, orphan)
    db.refresh(stored)
    assert stored.status == OutboxStatus.SENDING and stored.claim_token == first.claim_token
    assert stored.lease_until == now + LEASE


def test_a_large_queue_is_claimed_in_batches_without_gaps_or_overlaps(app, db, clock, add):
    now = clock()
    ids = [add(f"m{n}", next_attempt_at=now - timedelta(seconds=n % 7)) for n in range(45)]

    claimed = []
    with new_session(app) as session:
        while batch := claim_batch(session, now, 10):
            claimed.append([row.id for row in batch])

    assert [len(batch) for batch in claimed] == [10, 10, 10, 10, 5]
    flat = [row_id for batch in claimed for row_id in batch]
    assert sorted(flat) == sorted(ids)
