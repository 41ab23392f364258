"""Reminder settings: a browser subscribes to Web Push and unsubscribes; "Later" from a push."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from scheduler.jobs import tick
from tests.support.client import csrf_token
from tests.support.push_service import b64url
from webapp.models import OutboxEmail, PushSubscription
from webapp.services.reminders.tokens import later_token

AT_0800 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"


def subscription(endpoint="http://127.0.0.1:9/push/abc", p256dh=P256DH, auth=None):
    return {
        "endpoint": endpoint,
        "keys": {"p256dh": p256dh, "auth": auth or b64url(os.urandom(16))},
    }


@pytest.fixture
def signed_in(client, auth, patient):
    """The patient is signed in; returns the settings page's CSRF token."""
    auth.login("patient@example.org")
    return csrf_token(client, "/reminders")


def post_json(client, path, body, token):
    return client.post(path, json=body, headers={"X-CSRFToken": token})


def stored(db):
    db.rollback()
    return db.scalars(select(PushSubscription).order_by(PushSubscription.id)).all()


def test_the_settings_page_offers_notifications_beside_email(client, signed_in):
    page = client.get("/reminders").get_data(as_text=True)
    assert "Ook een melding op deze telefoon" in page
    assert "Uw herinneringen komen gewoon per e-mail." in page
    assert "Deze browser kan geen meldingen tonen." in page  # shown when there is no support
    assert 'data-push-key="B' in page  # the server's VAPID key, an uncompressed point
    assert "js/push.js" in page


def test_two_browsers_subscribe_and_one_unsubscribes(client, db, patient, signed_in):
    phone, laptop = subscription(), subscription("https://push.example.org/send/xyz")
    for body in (phone, laptop, phone):  # the same browser twice: kept once
        response = post_json(client, "/reminders/push", body, signed_in)
        assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"subscribed": True, "devices": 2}
    assert [(s.user_id, s.endpoint) for s in stored(db)] == [
        (patient.id, phone["endpoint"]),
        (patient.id, laptop["endpoint"]),
    ]
    response = post_json(
        client, "/reminders/push/remove", {"endpoint": phone["endpoint"]}, signed_in
    )
    assert response.get_json() == {"removed": True, "devices": 1}
    assert [s.endpoint for s in stored(db)] == [laptop["endpoint"]]


# The patient reads Dutch: each reason is checked by a word of its Dutch message.
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("not json", "JSON"),
        ([1, 2], "JSON"),
        (subscription(endpoint="http://push.example.org/x"), "https"),
        (subscription(endpoint="ftp://127.0.0.1/x"), "https"),
        (subscription(endpoint=""), "ontbreekt"),
        (subscription(endpoint="https://push.example.org/" + "x" * 2000), "te lang"),
        ({"endpoint": "https://push.example.org/x"}, "geen sleutels"),
        (subscription(p256dh=P256DH[:-4]), "verkeerde lengte"),
        (subscription(p256dh="B" + "A" * 86), "niet geldig"),  # not on the curve
        (subscription(p256dh="not base64!"), "base64url"),
        (subscription(auth=b64url(os.urandom(12))), "verkeerde lengte"),
        ({"endpoint": "https://push.example.org/x", "keys": {"p256dh": P256DH}}, "ontbreekt"),
    ],
)
def test_a_bad_subscription_is_refused_with_its_reason(client, db, signed_in, body, reason):
    if body == "not json":
        response = client.post("/reminders/push", data=body, headers={"X-CSRFToken": signed_in})
    else:
        response = post_json(client, "/reminders/push", body, signed_in)
    assert response.status_code == 400
    assert reason in response.get_json()["error"]
    assert stored(db) == []


def test_subscribing_needs_the_pages_csrf_token(app, client, db, signed_in):
    response = client.post("/reminders/push", json=subscription())
    assert response.status_code == 400
    response = client.post("/reminders/push", json=subscription(), headers={"X-CSRFToken": "x"})
    assert response.status_code == 400
    assert stored(db) == []


def test_signed_out_nobody_subscribes(client, db, patient):
    response = client.post("/reminders/push", json=subscription())
    assert response.status_code in (302, 400, 401, 403)
    assert stored(db) == []


def test_a_browser_address_moves_to_the_account_that_subscribed_last(
    client, db, auth, patient, make_user, signed_in
):
    body = subscription()
    post_json(client, "/reminders/push", body, signed_in)
    make_user("other@example.org")
    auth.logout()
    auth.login("other@example.org")
    token = csrf_token(client, "/reminders")
    assert post_json(client, "/reminders/push", body, token).status_code == 200
    [row] = stored(db)
    assert row.user_id != patient.id


def _later_path(app, plan, day, now):
    return (
        f"/push/later/{later_token(app.config['SECRET_KEY'], plan.patient_id, plan.id, day, now)}"
    )


def test_later_queues_the_days_push_once_without_a_session(app, client, db, plan, clock):
    db.add(
        PushSubscription(
            user_id=plan.patient_id,
            endpoint="http://127.0.0.1:9/push/phone",
            p256dh=P256DH,
            auth=b64url(os.urandom(16)),
            created_at=clock(),
        )
    )
    db.commit()
    tick(app, AT_0800)  # the push's service is unreachable: it waits for a retry
    clock.set(AT_0800 + timedelta(minutes=3))
    path = _later_path(app, plan, AT_0800.date(), AT_0800)
    first = client.post(path)
    assert first.status_code == 200 and first.get_json() == {"queued": True}
    again = client.post(path)
    assert again.status_code == 200 and again.get_json() == {"queued": False}
    db.rollback()
    later = db.scalars(
        select(OutboxEmail).where(OutboxEmail.idempotency_key.startswith("push:later:"))
    ).all()
    assert len(later) == 1
    assert later[0].next_attempt_at == AT_0800 + timedelta(minutes=3, hours=2)


def test_later_with_a_bad_token_is_refused(app, client, db, plan):
    assert client.post("/push/later/1.2.20261125.0.AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.post("/push/later/nonsense").status_code == 404
    # A log link's token is not a later-token.
    from webapp.services.reminders.tokens import log_token

    log = log_token(app.config["SECRET_KEY"], plan.patient_id, plan.id, AT_0800.date(), AT_0800)
    assert client.post(f"/push/later/{log}").status_code == 404
    # A later-token for a day without a push.
    assert client.post(_later_path(app, plan, AT_0800.date(), AT_0800)).status_code == 404
    assert client.get(_later_path(app, plan, AT_0800.date(), AT_0800)).status_code == 405
    db.rollback()
    assert db.scalars(select(OutboxEmail)).all() == []
