"""Delivery against a misbehaving SMTP server (aiosmtpd): refusals, hang-ups and an outage.

4xx is retried with backoff until delivered, 5xx is never retried, a dropped connection is
retried, nothing is sent twice, a reminder the server could not take before the evening
expires instead of going out at night, and a row that cannot become a message fails once.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from config import parse_smtp_url
from scheduler.jobs import deliver_outbox, plan_reminders
from tests.support.reminders.population import PatientSpec, demo_exercise_ids, populate
from tests.support.smtp import SmtpServer, free_port
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.core.flags import open_flags

AT_0800 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam, a Wednesday
MAX_STEP = timedelta(minutes=8)  # the longest backoff before a fifth attempt (60 s * 2**3)


def patients_due(app, count: int, at: datetime = AT_0800) -> dict[str, int]:
    """``count`` patients whose reminder falls due at ``at``; returns {address: 1..count}."""
    specs = [PatientSpec(zone="Europe/Amsterdam", at=time(8, 0), next_at=at)] * count
    made = populate(
        app.extensions["rugcoach.engine"],
        specs,
        exercise_ids=demo_exercise_ids(app),
        start_date=date(2026, 11, 23),
        now=at - timedelta(days=2),
    )
    return {f"p{user_id}@bulk.example.org": n for n, (user_id, _) in enumerate(made, start=1)}


def rows(db) -> list[OutboxEmail]:
    """The outbox as the scheduler committed it."""
    db.rollback()
    return db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def received_ids(server: SmtpServer) -> Counter:
    """How often each Message-ID reached the server."""
    return Counter(message["Message-ID"] for message in server.messages)


def test_451_is_retried_until_delivered_and_550_is_never_retried(app, db, smtp_server):
    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    addresses = patients_due(app, 300)
    tries = Counter()  # attempts the server saw, per recipient

    def refuse(message):
        address = message["To"]
        tries[address] += 1
        n = addresses[address]
        if n % 100 == 0:
            return "550 5.1.1 No such mailbox"
        # Every 10th is refused 1 to 4 times over, so the last one is delivered at attempt 5.
        if n % 10 == 0 and tries[address] <= 1 + (n // 10) % 4:
            return "451 4.3.0 Try again later"
        return None

    smtp_server.handler.refuse = refuse
    assert plan_reminders(app, AT_0800) == 300
    now, first = AT_0800, deliver_outbox(app, AT_0800)
    assert (first.sent, first.retried, first.failed) == (270, 27, 3)
    # A retry waits for its backoff: another pass at once leaves the server alone.
    assert deliver_outbox(app, now).retried == 0 and sum(tries.values()) == 300
    for _ in range(6):
        now += MAX_STEP + timedelta(seconds=1)
        deliver_outbox(app, now)

    by_address = {row.to_address: row for row in rows(db)}
    refused_for_good = {a for a, n in addresses.items() if n % 100 == 0}
    delayed = {a for a, n in addresses.items() if n % 10 == 0} - refused_for_good
    for address in refused_for_good:
        row = by_address[address]
        assert (row.status, row.attempts, tries[address]) == (OutboxStatus.FAILED, 1, 1)
        assert row.last_error.startswith("550")
    for address in delayed:
        row = by_address[address]
        assert row.status == OutboxStatus.SENT
        assert row.attempts == tries[address] == 2 + (addresses[address] // 10) % 4 <= 5
    assert all(
        by_address[a].status == OutboxStatus.SENT
        for a in addresses.keys() - delayed - refused_for_good
    )
    sent = received_ids(smtp_server)
    assert len(sent) == 297 and set(sent.values()) == {1}  # nothing twice
    assert {m["To"] for m in smtp_server.messages} == addresses.keys() - refused_for_good


@pytest.mark.parametrize("last_words", ["", "421 4.3.2 Shutting down"], ids=["silent", "421"])
def test_a_connection_dropped_right_after_data_is_retried_and_delivered(
    app, db, smtp_server, last_words
):
    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    addresses = patients_due(app, 5)
    unlucky = next(a for a, n in addresses.items() if n == 2)
    hung_up = Counter()

    def hang_up(message):
        if message["To"] == unlucky and not hung_up[unlucky]:
            hung_up[unlucky] += 1
            return last_words
        return None

    smtp_server.handler.hang_up = hang_up
    plan_reminders(app, AT_0800)
    first = deliver_outbox(app, AT_0800)
    # The connection is reopened for the rest of the batch.
    assert (first.sent, first.retried, first.failed) == (4, 1, 0)
    second = deliver_outbox(app, AT_0800 + MAX_STEP)
    assert (second.sent, second.retried) == (1, 0)
    assert hung_up[unlucky] == 1
    assert sorted(received_ids(smtp_server).values()) == [1] * 5
    assert [row.status for row in rows(db)] == [OutboxStatus.SENT] * 5


def test_an_evening_outage_expires_the_reminder_and_nothing_goes_out_at_night(
    app, db, plan, patient
):
    down = SmtpServer(port=free_port())  # nothing listens on its port until 23:00
    app.config["SMTP"] = parse_smtp_url(down.url)
    plan.reminder_time = time(19, 0)
    plan.next_reminder_at = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # 19:00 in Amsterdam
    db.commit()
    evening = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    deadline = datetime(2026, 11, 25, 20, 30, tzinfo=UTC)  # 21:30 in Amsterdam
    back_at = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)  # 23:00 in Amsterdam
    statuses, now = {}, evening
    try:
        while now <= back_at + timedelta(hours=1):
            if now == back_at:
                down.start()
            plan_reminders(app, now)
            deliver_outbox(app, now)  # the scheduler's pass: every few seconds, here every 5 min
            statuses[now] = rows(db)[0].status
            now += timedelta(minutes=5)
    finally:
        if now > back_at:
            down.stop()
    # Retried all evening, then expired at 21:30; the server back at 23:00 gets nothing.
    assert {s for t, s in statuses.items() if t <= deadline} == {OutboxStatus.PENDING}
    assert {s for t, s in statuses.items() if t > deadline} == {OutboxStatus.EXPIRED}
    assert down.messages == []
    assert open_flags(db, patient.id) == []  # an outage says nothing about the address


def test_a_row_that_cannot_become_a_message_fails_once_and_the_rest_go(app, db, smtp_server):
    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    patients_due(app, 3)
    plan_reminders(app, AT_0800)
    broken = rows(db)[1].id
    db.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == broken)
        .values(subject="Hello\r\nBcc: everyone@example.org")  # would inject a header
    )
    db.commit()
    report = deliver_outbox(app, AT_0800)
    assert (report.sent, report.failed) == (2, 1)
    outcome = {row.id: (row.status, row.last_error) for row in rows(db)}
    assert outcome[broken][0] == OutboxStatus.FAILED
    assert outcome[broken][1].startswith("cannot build the message")
    assert len(smtp_server.messages) == 2
    assert all("everyone@" not in str(message) for message in smtp_server.messages)
    later = deliver_outbox(app, AT_0800 + timedelta(minutes=10))  # after the lease: not again
    assert (later.sent, later.failed) == (0, 0) and len(smtp_server.messages) == 2
