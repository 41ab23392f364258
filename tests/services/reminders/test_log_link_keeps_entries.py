"""An email's "log it" link creates a day's log; it never replaces what the patient entered.

Once the day has a log (from the web, or from this very link), the link shows that log and
writes nothing, however often it is opened or posted again within its 7 days.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.client import csrf_token
from webapp.models import SessionLog, SessionStatus
from webapp.services.care.logbook import record_session
from webapp.services.reminders.tokens import log_token
from webapp.wiring import secret


@pytest.fixture
def token(app, patient, plan, clock) -> str:
    """A "log it" link for today, as the reminder sends it."""
    with app.app_context():
        return log_token(secret(), patient.id, plan.id, clock().date(), clock())


def post_link(client, token: str, status: str, pain: int):
    """Press the confirm button of the link's page (anonymous, as from a mail client)."""
    return client.post(
        f"/log/{token}",
        data={"status": status, "pain": str(pain), "csrf_token": csrf_token(client, "/login")},
    )


def stored(db) -> SessionLog:
    db.rollback()
    db.expire_all()
    return db.scalars(select(SessionLog)).one()


def test_a_day_logged_on_the_web_is_shown_and_never_replaced(
    app, client, db, patient, plan, clock, token
):
    walking = plan.items[0]
    with app.app_context():
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=clock().date(),
            status=SessionStatus.PARTIAL,
            pain=9,
            note="Na tien minuten gestopt.",
            now=clock(),
            amounts={walking.id: 7},
        )
    db.commit()
    page = client.get(f"/log/{token}?status=done")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Al ingevuld" in body and "9 van 10" in body and "Een deel" in body
    assert "Na tien minuten" not in body  # the note stays behind the login
    assert 'name="pain"' not in body  # nothing to press that could write
    for _ in range(2):
        assert post_link(client, token, "done", 2).status_code == 200
    log = stored(db)
    assert (log.status, log.pain, log.note, log.source) == (
        SessionStatus.PARTIAL,
        9,
        "Na tien minuten gestopt.",
        "web",
    )
    assert log.amount_for(walking.id) == 7


def test_a_used_link_shows_the_logged_state_and_writes_no_more(client, db, clock, token):
    first = post_link(client, token, "partial", 4)
    assert first.status_code == 200 and "Opgeslagen" in first.get_data(as_text=True)
    clock.advance(days=3)  # still within the link's 7 days
    again = client.get(f"/log/{token}").get_data(as_text=True)
    assert "Al ingevuld" in again and "4 van 10" in again
    post_link(client, token, "done", 1)
    log = stored(db)
    assert (log.status, log.pain, log.source) == (SessionStatus.PARTIAL, 4, "email")
    assert log.items == []  # part of it, amounts not told
