"""The daily reminder as a Web Push beside the email, through a loopback push service."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from scheduler.jobs import deliver_push, plan_reminders, tick
from tests.support.push_service import start_push_service, subscribe_browser
from webapp.models import OutboxEmail, OutboxStatus, PushSubscription, SessionStatus
from webapp.services.care.logbook import record_session
from webapp.services.reminders.later import LATER_AFTER, ask_later
from webapp.services.reminders.tokens import LogLink

AT_0800 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam


@pytest.fixture
def push_service():
    """The loopback push service; ``browsers`` holds the browsers subscribed at it."""
    browsers = {}
    service, server = start_push_service(browsers)
    service.browsers = browsers
    yield service
    server.shutdown()
    server.server_close()


@pytest.fixture
def subscribed(db, push_service, patient, clock):
    """The patient's phone takes pushes."""
    return subscribe_browser(db, push_service, push_service.browsers, patient.id, clock())


def rows(db, channel=None):
    db.rollback()  # see what the scheduler committed
    query = select(OutboxEmail).order_by(OutboxEmail.id)
    if channel:
        query = query.where(OutboxEmail.channel == channel)
    return db.scalars(query).all()


def test_a_daily_reminder_also_goes_as_a_push_with_its_own_row(
    app, db, plan, subscribed, push_service
):
    tick(app, AT_0800)
    email, push = rows(db)
    assert (email.channel, email.idempotency_key) == (
        "email",
        f"daily:{plan.patient_id}:2026-11-25",
    )
    assert (push.channel, push.idempotency_key) == (
        "push",
        f"push:daily:{plan.patient_id}:2026-11-25",
    )
    assert email.status == push.status == OutboxStatus.SENT
    assert push.not_after == email.not_after  # the same evening deadline
    [received] = push_service.received
    assert received["endpoint"] == subscribed.endpoint
    payload = received["payload"]
    assert payload["title"] == "Tijd voor uw rugoefeningen"  # the email's subject, no more
    assert payload["body"] == "Vandaag 3 oefeningen uit uw plan."
    assert "/log/" in payload["url"] and payload["url"].endswith("?status=done")
    assert [a["title"] for a in payload["actions"]] == ["Gedaan", "Later"]
    assert payload["tag"] == "rugcoach-daily-2026-11-25"
    assert "/push/later/" in payload["later"]
    # No exercise names or amounts on a lock screen.
    assert "Bekken" not in json.dumps(payload) and "Wandelen" not in json.dumps(payload)


def test_a_second_plan_pass_makes_no_second_push(app, db, plan, subscribed, push_service):
    for minute in (0, 1, 7, 30):
        tick(app, AT_0800 + timedelta(minutes=minute))
    assert len(rows(db, "push")) == 1
    assert len(push_service.received) == 1


def test_no_push_without_a_subscribed_browser(app, db, plan, push_service):
    tick(app, AT_0800)
    assert [r.channel for r in rows(db)] == ["email"]
    assert push_service.received == []


def test_a_day_logged_before_the_push_goes_out_is_not_pushed(
    app, db, plan, patient, subscribed, push_service, clock
):
    plan_reminders(app, AT_0800)
    with app.app_context():
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=AT_0800.date(),
            status=SessionStatus.DONE,
            pain=2,
            note="",
            now=AT_0800,
        )
    db.commit()
    deliver_push(app, AT_0800 + timedelta(minutes=1))
    [push] = rows(db, "push")
    assert push.status == OutboxStatus.EXPIRED and "logged" in push.last_error
    assert push_service.received == []


def test_a_push_past_its_evening_deadline_expires_unsent(app, db, plan, subscribed, push_service):
    plan_reminders(app, AT_0800)
    [push] = rows(db, "push")
    deliver_push(app, push.not_after + timedelta(minutes=1))
    assert rows(db, "push")[0].status == OutboxStatus.EXPIRED
    assert push_service.received == []


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_busy_push_service_is_tried_again_later(app, db, plan, subscribed, push_service, status):
    plan_reminders(app, AT_0800)
    push_service.answer = status
    deliver_push(app, AT_0800)
    [push] = rows(db, "push")
    assert push.status == OutboxStatus.PENDING and push.attempts == 1
    assert push.next_attempt_at > AT_0800 and str(status) in push.last_error
    deliver_push(app, AT_0800 + timedelta(seconds=10))  # not due yet: nothing happens
    assert rows(db, "push")[0].attempts == 1
    push_service.answer = 201
    deliver_push(app, push.next_attempt_at)
    assert rows(db, "push")[0].status == OutboxStatus.SENT
    assert len(push_service.received) == 1


@pytest.mark.parametrize("status", [400, 403])
def test_a_refused_push_fails_at_once_and_keeps_the_browser(
    app, db, plan, subscribed, push_service, status
):
    plan_reminders(app, AT_0800)
    push_service.answer = status
    deliver_push(app, AT_0800)
    [push] = rows(db, "push")
    assert push.status == OutboxStatus.FAILED and push.attempts == 1
    assert len(db.scalars(select(PushSubscription)).all()) == 1


def test_a_gone_browser_is_removed_and_its_email_still_goes(
    app, db, plan, subscribed, push_service
):
    plan_reminders(app, AT_0800)
    push_service.answer = 410
    report = tick(app, AT_0800)
    assert report.delivery.sent == 1  # the email
    email, push = rows(db)
    assert email.status == OutboxStatus.SENT and push.status == OutboxStatus.FAILED
    assert db.scalars(select(PushSubscription)).all() == []


def test_later_asks_once_after_the_follow_up_delay(app, db, plan, subscribed, push_service):
    tick(app, AT_0800)
    link = LogLink(plan.patient_id, plan.id, AT_0800.date())
    at = AT_0800 + timedelta(minutes=5)
    assert ask_later(db, link, now=at, mail_from="x@example.org") is True
    db.commit()
    assert ask_later(db, link, now=at + timedelta(minutes=1), mail_from="x@example.org") is False
    db.commit()
    deliver_push(app, at + LATER_AFTER - timedelta(minutes=1))
    assert len(push_service.received) == 1  # not yet
    deliver_push(app, at + LATER_AFTER)
    first, again = (r["payload"] for r in push_service.received)
    assert again["url"] == first["url"] and again["title"] == first["title"]
    assert [a["action"] for a in again["actions"]] == ["done"] and "later" not in again
    keys = [r.idempotency_key for r in rows(db, "push")]
    assert keys == [
        f"push:daily:{plan.patient_id}:2026-11-25",
        f"push:later:{plan.patient_id}:2026-11-25",
    ]


def test_later_too_close_to_the_evening_deadline_asks_nothing(app, db, plan, subscribed):
    tick(app, AT_0800)
    [push] = rows(db, "push")
    link = LogLink(plan.patient_id, plan.id, AT_0800.date())
    late = push.not_after - LATER_AFTER + timedelta(minutes=1)
    assert ask_later(db, link, now=late, mail_from="x@example.org") is False
