"""An email's "log it" link creates a day's log or adds to it; it never replaces what the
patient entered.

Once the day has a log (from the web, or from this very link), the link shows that log and may
only add what is missing: an amount for an exercise without one, and "all of it" for "part of
it" when the patient ticks it. Pain, note and every amount entered stay as they are.
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


def log_on_web(app, db, patient, plan, clock, status, amounts):
    """The patient's own log of today, entered in the app with pain 9 and a note."""
    with app.app_context():
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=clock().date(),
            status=status,
            pain=9,
            note="Eigen woorden.",
            now=clock(),
            amounts=amounts,
        )
    db.commit()


def add_on_link(client, token: str, **fields):
    """Press "Add" on the link's page (anonymous, as from a mail client)."""
    data = {"csrf_token": csrf_token(client, "/login"), **{k: str(v) for k, v in fields.items()}}
    return client.post(f"/log/{token}", data=data)


def test_the_link_adds_missing_amounts_and_keeps_every_entry(
    app, client, db, patient, plan, clock, token
):
    walking, other = plan.items[0], plan.items[1]
    log_on_web(app, db, patient, plan, clock, SessionStatus.PARTIAL, {walking.id: 7})
    page = client.get(f"/log/{token}").get_data(as_text=True)
    assert f'name="amount_{other.id}"' in page and f'name="amount_{walking.id}"' not in page
    answer = add_on_link(
        client, token, **{f"amount_{other.id}": 3, f"amount_{walking.id}": 99, "pain": 1}
    )
    assert answer.status_code == 200 and "Toegevoegd" in answer.get_data(as_text=True)
    log = stored(db)
    assert log.amount_for(other.id) == 3
    assert log.amount_for(walking.id) == 7  # an entered amount is never overwritten
    assert (log.status, log.pain, log.note, log.source) == (
        SessionStatus.PARTIAL,  # no upgrade without the patient's choice
        9,
        "Eigen woorden.",
        "web",
    )


def test_part_of_it_becomes_all_of_it_only_when_chosen(
    app, client, db, patient, plan, clock, token
):
    log_on_web(app, db, patient, plan, clock, SessionStatus.PARTIAL, {})
    add_on_link(client, token, status="done")  # the first form's answer is not a choice
    assert stored(db).status == SessionStatus.PARTIAL
    add_on_link(client, token, all_done="y")
    log = stored(db)
    assert (log.status, log.pain, log.note) == (SessionStatus.DONE, 9, "Eigen woorden.")


@pytest.mark.parametrize("status", [SessionStatus.DONE, SessionStatus.SKIPPED])
def test_a_status_is_never_lowered_and_a_full_log_offers_nothing(
    app, client, db, patient, plan, clock, token, status
):
    log_on_web(app, db, patient, plan, clock, status, {})
    before = {entry.plan_item_id: entry.amount for entry in stored(db).items}
    page = client.get(f"/log/{token}").get_data(as_text=True)
    assert "Al ingevuld" in page and 'name="all_done"' not in page and "amount_" not in page
    item = plan.items[0]
    answer = add_on_link(client, token, status="partial", all_done="y", **{f"amount_{item.id}": 1})
    assert answer.status_code == 200 and "Al ingevuld" in answer.get_data(as_text=True)
    log = stored(db)
    assert log.status == status
    assert {entry.plan_item_id: entry.amount for entry in log.items} == before


def test_a_wrong_amount_is_refused_and_nothing_is_added(
    app, client, db, patient, plan, clock, token
):
    log_on_web(app, db, patient, plan, clock, SessionStatus.PARTIAL, {})
    item = plan.items[0]
    for wrong in ("veel", "-2", "5000"):
        answer = add_on_link(client, token, all_done="y", **{f"amount_{item.id}": wrong})
        assert answer.status_code == 400
    log = stored(db)
    assert (log.status, log.items) == (SessionStatus.PARTIAL, [])
