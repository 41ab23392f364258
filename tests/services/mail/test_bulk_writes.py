"""Bulk writes store exactly what an ORM flush stores, skip taken keys and refuse naive times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import exc, select, text

from webapp.db import bulk_insert_new, bulk_update
from webapp.models import OutboxEmail, OutboxStatus, ReminderSettings

SETTINGS = ReminderSettings.__table__
OUTBOX = OutboxEmail.__table__
CEST = timezone(timedelta(hours=2))
# A non-UTC offset and microseconds: the stored form must be the UTC instant, to the microsecond.
LATER = datetime(2026, 3, 29, 3, 30, 15, 123456, tzinfo=CEST)
CHANGES = (
    dict(last_daily_on=date(2026, 3, 28), ignored_in_row=2, weekly_only=True),
    dict(next_weekly_at=LATER, next_followup_at=None, quiet_start=time(22, 15)),
)


def stored(db, table: str, key: str, value) -> dict:
    """The row as the database hands it back, with no type of ours in between."""
    row = db.execute(text(f"SELECT * FROM {table} WHERE {key} = :value"), {"value": value})
    return dict(row.mappings().one())


def users(make_user, *names: str) -> list[int]:
    return [make_user(f"{name}@example.org").id for name in names]


def test_an_update_stores_each_value_as_a_flush_does(db, make_user):
    by_orm, by_bulk, other = users(make_user, "orm", "bulk", "other")
    db.add_all(ReminderSettings(user_id=user_id) for user_id in (by_orm, by_bulk, other))
    db.commit()
    untouched = stored(db, "reminder_settings", "user_id", other)
    for change in CHANGES:
        settings = db.get(ReminderSettings, by_orm)
        for field, value in change.items():
            setattr(settings, field, value)
        db.flush()
        bulk_update(
            db.connection(), SETTINGS, "user_id", tuple(change), [dict(change, user_id=by_bulk)]
        )
        db.commit()
        orm = stored(db, "reminder_settings", "user_id", by_orm)
        bulk = stored(db, "reminder_settings", "user_id", by_bulk)
        assert {**orm, "user_id": None} == {**bulk, "user_id": None}
    assert stored(db, "reminder_settings", "user_id", other) == untouched
    db.expire_all()
    assert db.get(ReminderSettings, by_bulk).next_weekly_at == LATER


def test_an_update_gives_each_row_its_own_values(db, make_user):
    ids = users(make_user, "a", "b", "c")
    db.add_all(ReminderSettings(user_id=user_id) for user_id in ids)
    db.commit()
    rows = [{"user_id": user_id, "ignored_in_row": n} for n, user_id in enumerate(ids, start=4)]
    bulk_update(db.connection(), SETTINGS, "user_id", ("ignored_in_row",), rows)
    bulk_update(db.connection(), SETTINGS, "user_id", ("ignored_in_row",), [])  # nothing to do
    db.commit()
    found = db.execute(select(ReminderSettings.user_id, ReminderSettings.ignored_in_row)).all()
    assert sorted(found) == [(ids[0], 4), (ids[1], 5), (ids[2], 6)]


def outbox_row(key: str, user_id: int | None, **fields) -> dict:
    """Every column of a pending outbox row, as the outbox writes one."""
    return dict(
        idempotency_key=key,
        kind="daily",
        user_id=user_id,
        to_address="patiënt@example.org",
        subject='Tijd voor "uw" oefeningen',
        text_body="Regel één\nRegel twee \\ met 'quotes' en é",
        html_body="<p>Één</p>",
        headers='{"List-Unsubscribe": "<https://x/u>"}',
        message_id=f"<{key}@example.org>",
        status=OutboxStatus.PENDING,
        attempts=0,
        next_attempt_at=LATER,
        not_after=None,
        created_at=LATER - timedelta(microseconds=1),
        last_error="",
        **fields,
    )


def test_an_insert_stores_each_value_as_a_flush_does(db, make_user):
    (user_id,) = users(make_user, "patient")
    db.add(OutboxEmail(**outbox_row("orm", user_id)))
    db.flush()
    inserted = bulk_insert_new(
        db.connection(), OUTBOX, "idempotency_key", [outbox_row("bulk", user_id)]
    )
    db.commit()
    assert inserted == {"bulk"}
    orm, bulk = (stored(db, "outbox_emails", "idempotency_key", key) for key in ("orm", "bulk"))
    different = ("id", "idempotency_key", "message_id")
    assert {k: v for k, v in orm.items() if k not in different} == {
        k: v for k, v in bulk.items() if k not in different
    }


def test_an_insert_skips_keys_that_exist_and_keeps_the_first_of_a_repeated_key(db):
    bulk_insert_new(db.connection(), OUTBOX, "idempotency_key", [outbox_row("old", None)])
    db.commit()
    rows = [
        outbox_row("old", None) | {"subject": "changed"},
        outbox_row("new", None) | {"subject": "first"},
        outbox_row("new", None) | {"subject": "second"},
        outbox_row("also-new", None),
    ]
    inserted = bulk_insert_new(db.connection(), OUTBOX, "idempotency_key", rows)
    db.commit()
    assert inserted == {"new", "also-new"}
    subjects = dict(db.execute(select(OutboxEmail.idempotency_key, OutboxEmail.subject)).all())
    assert subjects == {
        "old": 'Tijd voor "uw" oefeningen',
        "new": "first",
        "also-new": 'Tijd voor "uw" oefeningen',
    }
    assert bulk_insert_new(db.connection(), OUTBOX, "idempotency_key", []) == set()


@pytest.mark.parametrize("write", ["update", "insert"])
def test_a_naive_datetime_is_refused(db, make_user, write):
    (user_id,) = users(make_user, "patient")
    db.add(ReminderSettings(user_id=user_id))
    db.commit()
    naive = datetime(2026, 3, 29, 3, 30)
    with pytest.raises((ValueError, exc.StatementError), match="naive datetime"):
        if write == "update":
            row = {"user_id": user_id, "next_weekly_at": naive}
            bulk_update(db.connection(), SETTINGS, "user_id", ("next_weekly_at",), [row])
        else:
            row = outbox_row("naive", user_id) | {"next_attempt_at": naive}
            bulk_insert_new(db.connection(), OUTBOX, "idempotency_key", [row])
    db.rollback()
    assert db.get(ReminderSettings, user_id).next_weekly_at is None
    assert db.scalar(select(OutboxEmail.id)) is None
