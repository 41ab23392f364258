"""Web Push through a loopback push service that decrypts each push and checks its signature."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.push_service import start_push_service
from webapp.models import PushSubscription
from webapp.services.mail.push import PushSender, SubscriptionGone, push_to
from webapp.services.mail.transport import DeliveryError

SUBJECT = "mailto:praktijk@example.org"


@pytest.fixture
def push_service():
    """The loopback push service and the browsers subscribed at it."""
    browsers = {}
    service, server = start_push_service(browsers)
    service.browsers = browsers
    yield service
    server.shutdown()
    server.server_close()


@pytest.fixture
def sender(app):
    return PushSender(app.config["VAPID_PRIVATE_KEY"], SUBJECT, timeout=5)


def subscribe(db, push_service, patient, clock) -> PushSubscription:
    """A browser of the patient subscribes, as the reminder settings page would store it."""
    browser = push_service.browser()
    push_service.browsers[browser.endpoint] = browser
    row = PushSubscription(
        user_id=patient.id,
        endpoint=browser.endpoint,
        p256dh=browser.p256dh,
        auth=browser.auth_b64,
        created_at=clock(),
    )
    db.add(row)
    db.commit()
    return row


def test_a_push_arrives_encrypted_for_that_browser_and_signed_by_us(
    db, push_service, sender, patient, clock
):
    row = subscribe(db, push_service, patient, clock)
    payload = {"title": "Tijd voor uw oefeningen", "url": "/today", "actions": ["done", "later"]}
    push_to(db, sender, row, payload)
    [received] = push_service.received
    assert received["payload"] == payload  # decrypted with the browser's own keys
    assert received["claims"]["sub"] == SUBJECT
    assert received["claims"]["k"] == sender.public_key()  # the key browsers subscribe with
    assert 0 < received["ttl"] <= 12 * 3600


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_address_is_removed(db, push_service, sender, patient, clock, status):
    row = subscribe(db, push_service, patient, clock)
    push_service.answer = status
    with pytest.raises(SubscriptionGone):
        push_to(db, sender, row, {"title": "x"})
    db.commit()
    assert db.scalars(select(PushSubscription)).all() == []


@pytest.mark.parametrize(("status", "permanent"), [(429, False), (500, False), (413, True)])
def test_other_refusals_keep_the_address_and_say_whether_to_retry(
    db, push_service, sender, patient, clock, status, permanent
):
    row = subscribe(db, push_service, patient, clock)
    push_service.answer = status
    with pytest.raises(DeliveryError) as caught:
        push_to(db, sender, row, {"title": "x"})
    assert not isinstance(caught.value, SubscriptionGone)
    assert caught.value.permanent is permanent
    db.commit()
    assert len(db.scalars(select(PushSubscription)).all()) == 1


def test_an_unreachable_push_service_is_worth_another_try(db, sender, patient, clock):
    row = PushSubscription(
        user_id=patient.id,
        endpoint="http://127.0.0.1:9/push/nobody",
        p256dh="BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
        auth="tBHItJI5svbpez7KI4CCXg",
        created_at=clock(),
    )
    with pytest.raises(DeliveryError) as caught:
        sender.send(row, {"title": "x"})
    assert caught.value.permanent is False
