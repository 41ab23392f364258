"""The admin outbox names each row's channel; a push shows delivery facts, never content."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from sqlalchemy import select

from scheduler.jobs import tick
from tests.support.push_service import b64url
from webapp.models import OutboxEmail, PushSubscription

AT_0800 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"


def test_a_push_row_shows_its_channel_and_no_content_or_token(
    app, client, auth, db, plan, admin, clock
):
    db.add(
        PushSubscription(
            user_id=plan.patient_id,
            endpoint="http://127.0.0.1:9/push/phone",  # unreachable: the push waits for a retry
            p256dh=P256DH,
            auth=b64url(os.urandom(16)),
            created_at=clock(),
        )
    )
    db.commit()
    tick(app, AT_0800)
    db.rollback()
    push = db.scalar(select(OutboxEmail).where(OutboxEmail.channel == "push"))
    payload = push.text_body
    assert "/log/" in payload and "/push/later/" in payload
    auth.login("admin@example.org")
    listing = client.get("/admin/outbox").get_data(as_text=True)
    one = client.get(f"/admin/outbox/{push.id}").get_data(as_text=True)
    for page in (listing, one):
        assert "Melding" in page and "E-mail" in page
        assert "/log/" not in page and "/push/later/" not in page
        assert "oefeningen uit uw plan" not in page
    assert listing.count("<td>Melding</td>") == 1
