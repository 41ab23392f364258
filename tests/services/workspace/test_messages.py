"""The message thread between a patient and their physio: one thread per patient.

Both sides write; the other side gets an email through the outbox (never from the request)
that says a message is waiting, without its text; reading marks as read; only the patient
and their own physio can read or write in the thread.
"""

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from scheduler.jobs import deliver_outbox
from tests.support.client import post_form
from webapp.models import AuditEvent, Message, OutboxEmail, OutboxStatus, Role
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.workspace import messages as thread
from webapp.wiring import mailroom

SECRET = "Mijn rugpijn is vannacht een 8 en ik slaap slecht."


def fresh(db) -> None:
    db.rollback()
    db.expire_all()


def outbox(db) -> list[OutboxEmail]:
    fresh(db)
    return db.scalars(select(OutboxEmail).where(OutboxEmail.kind == "message")).all()


def count(db) -> int:
    fresh(db)
    return db.scalar(select(func.count()).select_from(Message))


@pytest.fixture
def english_physio(db, physio):
    physio.locale = "en"
    db.commit()
    return physio


def physio_writes(client, auth, patient, body: str):
    auth.login("physio@example.org")
    response = post_form(
        client, f"/physio/patients/{patient.id}/messages", {"body": body}, page="/"
    )
    auth.logout()
    return response


def test_a_thread_both_ways_with_read_marks(client, auth, db, patient, physio):
    assert physio_writes(client, auth, patient, "Hoe gaat het met wandelen?").status_code == 302
    auth.login("patient@example.org")
    page = client.get("/messages").get_data(as_text=True)
    assert "Hoe gaat het met wandelen?" in page and "Fysio Jansen" in page
    fresh(db)
    note = db.scalar(select(Message))
    assert note.read_at is not None and note.author_id == physio.id  # read by opening it
    reply = post_form(client, "/messages", {"body": "Goed, elke dag 15 minuten."})
    assert reply.status_code == 302
    auth.logout()
    fresh(db)
    messages = thread.thread(db, patient)
    assert [m.author_id for m in messages] == [physio.id, patient.id]
    assert thread.unread_count(db, physio, patient) == 1
    assert thread.unread_count(db, patient, patient) == 0
    assert thread.latest_note_from_physio(db, patient).body == "Hoe gaat het met wandelen?"
    auth.login("physio@example.org")
    url = f"/physio/patients/{patient.id}/messages"
    assert "Goed, elke dag 15 minuten." in client.get(url).get_data(as_text=True)
    assert post_form(client, url + "/read", {}, page=url).status_code == 302
    fresh(db)
    assert thread.unread_count(db, physio, patient) == 0
    actions = set(db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == physio.id)))
    assert {"post_message", "view_messages", "read_messages"} <= actions


def test_notifications_go_through_the_outbox_without_the_message(
    app, client, auth, db, patient, english_physio, tmp_path
):
    physio_writes(client, auth, patient, SECRET)
    (email,) = outbox(db)
    note = db.scalar(select(Message))
    assert email.idempotency_key == f"message:{note.id}" and email.user_id == patient.id
    assert email.status == OutboxStatus.PENDING  # queued by the request, sent by the scheduler
    assert not list((tmp_path / "outbox").glob("*.eml"))
    with app.test_request_context(), force_locale("nl"):
        assert email.subject == gettext("A message from your physiotherapist")
    for text in (email.subject, email.text_body, email.html_body):
        assert "rugpijn" not in text and "slaap" not in text
    assert "http://127.0.0.1:5000/messages" in email.text_body
    auth.login("patient@example.org")
    post_form(client, "/messages", {"body": "Ik heb nog steeds pijn in mijn been."})
    to_physio = [e for e in outbox(db) if e.user_id == english_physio.id]
    assert len(to_physio) == 1
    assert to_physio[0].subject == "A patient sent you a message"
    assert "pijn" not in to_physio[0].text_body + to_physio[0].html_body
    assert "One of your patients sent you a message" in to_physio[0].text_body
    assert "/physio/" in to_physio[0].text_body
    deliver_outbox(app, datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    assert {e.status for e in outbox(db)} == {OutboxStatus.SENT}
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2


def test_one_email_per_unread_stretch(client, auth, db, patient):
    physio_writes(client, auth, patient, "Eerste bericht")
    physio_writes(client, auth, patient, "Tweede bericht")
    assert len(outbox(db)) == 1
    auth.login("patient@example.org")
    client.get("/messages")
    auth.logout()
    physio_writes(client, auth, patient, "Derde bericht")
    keys = [e.idempotency_key for e in outbox(db)]
    ids = db.scalars(select(Message.id).order_by(Message.id)).all()
    assert keys == [f"message:{ids[0]}", f"message:{ids[2]}"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write a message first."),
        ("   \n ", "Write a message first."),
        ("x" * 1001, "Keep your message to 1000 characters."),
    ],
)
def test_length_limits_on_both_sides(client, auth, db, patient, body, message):
    patient.locale = "en"
    db.commit()
    auth.login("patient@example.org")
    response = post_form(client, "/messages", {"body": body})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    auth.logout()
    auth.login("physio@example.org")
    url = f"/physio/patients/{patient.id}/messages"
    response = post_form(client, url, {"body": body}, page="/")
    assert response.status_code == 400
    assert count(db) == 0 and outbox(db) == []


def test_a_thousand_characters_is_fine(client, auth, db, patient):
    auth.login("patient@example.org")
    assert post_form(client, "/messages", {"body": "y" * 1000}).status_code == 302
    assert count(db) == 1


def test_the_today_page_shows_the_physios_latest_note_until_read(client, auth, db, plan, patient):
    patient.locale = "en"
    db.commit()
    physio_writes(client, auth, patient, "Vergeet het wandelen niet.")
    auth.login("patient@example.org")
    today = client.get("/today").get_data(as_text=True)
    assert "From your physiotherapist" in today and "Vergeet het wandelen niet." in today
    assert 'href="/messages#write"' in today
    assert post_form(client, "/messages/seen", {}, page="/today").status_code == 302
    assert "Vergeet het wandelen niet." not in client.get("/today").get_data(as_text=True)


def test_a_patient_without_a_physio_has_nobody_to_write_to(client, auth, db, make_user):
    make_user("alone@example.org", locale="en")
    auth.login("alone@example.org")
    assert "not linked to a physiotherapist" in client.get("/messages").get_data(as_text=True)
    response = post_form(client, "/messages", {"body": "Hallo?"})
    assert response.status_code == 400 and count(db) == 0


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("other@example.org", 404),
        ("stranger@example.org", 403),
        ("admin@example.org", 403),
        (None, 302),
    ],
)
def test_nobody_else_reads_or_writes_in_the_thread(
    client, auth, db, patient, admin, make_user, who, expected
):
    make_user("other@example.org", Role.PHYSIO)
    make_user("stranger@example.org")
    physio_writes(client, auth, patient, SECRET)
    if who:
        auth.login(who)
    url = f"/physio/patients/{patient.id}/messages"
    for response in (
        client.get(url),
        post_form(client, url, {"body": "Ik lees mee"}, page="/"),
        post_form(client, url + "/read", {}, page="/"),
    ):
        assert response.status_code == expected
        assert SECRET not in response.get_data(as_text=True)
    if who == "stranger@example.org":  # a patient's own page shows only their own thread
        assert SECRET not in client.get("/messages").get_data(as_text=True)
    assert count(db) == 1
    fresh(db)
    assert db.scalar(select(Message)).read_at is None


def test_the_service_refuses_outsiders(app, db, patient, admin, make_user):
    other = make_user("other@example.org", Role.PHYSIO)
    stranger = make_user("stranger@example.org")
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    with app.test_request_context():
        for outsider in (other, admin, stranger):
            with pytest.raises(NotFound):
                thread.post_message(
                    db, author=outsider, patient=patient, body="Hoi", now=now, mailroom=mailroom()
                )
            with pytest.raises(NotFound):
                thread.mark_read(db, outsider, patient, now)
        with pytest.raises(ServiceError):
            thread.post_message(
                db, author=patient, patient=patient, body="", now=now, mailroom=mailroom()
            )
    assert count(db) == 0
