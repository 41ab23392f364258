"""Messages belong to the patient and one physio: a new physio does not read the old thread
unless the patient chooses to share it on the accept page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from tests.support.clock import START
from tests.support.invitations import fresh, send_invitation
from webapp.models import AuditEvent, User
from webapp.services.workspace import messages as thread
from webapp.services.workspace.dashboard import dashboard
from webapp.wiring import mailroom

PRIVATE = "Ik ben de laatste tijd ook somber."


@pytest.fixture
def old_thread(app, db, patient, physio):
    """Two messages between the patient and their first physio, the patient's one unread."""
    with app.test_request_context():
        thread.post_message(
            db,
            author=physio,
            patient=patient,
            body="Uw MRI laat een uitstulping zien.",
            now=START - timedelta(days=2),
            mailroom=mailroom(),
        )
        thread.post_message(
            db,
            author=patient,
            patient=patient,
            body=PRIVATE,
            now=START - timedelta(days=1),
            mailroom=mailroom(),
        )
    patient.locale = "en"
    db.commit()


def switch(app, db, client, auth, patient, new_physio, choice: str | None):
    """The patient accepts the new physio's invitation, answering the share question."""
    _, token = send_invitation(app, db, new_physio, patient.email)
    auth.login(patient.email)
    page = client.get(f"/invite/{token}").get_data(as_text=True)
    data = {} if choice is None else {"share_thread": choice}
    post_form(client, f"/invite/{token}/accept", data, page=f"/invite/{token}")
    return page


def test_the_accept_page_asks_and_says_what_the_new_physio_would_see(
    app, db, client, auth, patient, other_physio, old_thread
):
    page = switch(app, db, client, auth, patient, other_physio, None)
    assert "Your messages with Fysio Jansen" in page
    assert "Fysio Bakker starts with an empty message list." in page
    assert "Fysio Bakker can then read every message between you and Fysio Jansen." in page
    assert 'id="share-no" name="share_thread" value="no" checked' in page


@pytest.mark.parametrize("choice", [None, "no"])
def test_by_default_the_new_physio_sees_no_old_message(
    app, db, client, auth, patient, other_physio, old_thread, choice
):
    switch(app, db, client, auth, patient, other_physio, choice)
    me = fresh(db).get(User, patient.id)
    assert me.physio_id == other_physio.id
    assert thread.thread(db, me) == []
    with app.app_context():
        row = dashboard(db, other_physio, START)[0]
    assert row.unread == 0 and "unread_message" not in row.reasons
    with app.test_request_context():
        thread.post_message(db, author=me, patient=me, body="Hallo", now=START, mailroom=mailroom())
    db.commit()
    assert [m.body for m in thread.thread(db, me)] == ["Hallo"]
    assert thread.unread_count(db, other_physio, me) == 1


def test_shared_on_the_accept_page_the_new_physio_reads_the_old_thread(
    app, db, client, auth, patient, other_physio, old_thread
):
    switch(app, db, client, auth, patient, other_physio, "yes")
    me = fresh(db).get(User, patient.id)
    bodies = [m.body for m in thread.thread(db, me)]
    assert bodies == ["Uw MRI laat een uitstulping zien.", PRIVATE]
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == me.id)).all()
    assert "messages.shared" in actions
