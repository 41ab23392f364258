"""'Who looked at my data': a patient sees the audit rows about them, in their language."""

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import event, select

from webapp.db import new_session
from webapp.models import AuditEvent
from webapp.services.core import audit

EN = {"Accept-Language": "en"}


@pytest.fixture
def english_patient(db, patient):
    """The linked patient, reading in English."""
    patient.locale = "en"
    db.commit()
    return patient


def record(app, db, actor, subject_id, action, when):
    with app.app_context():
        audit.record(db, actor=actor, subject_id=subject_id, action=action, now=when)
    db.commit()


def test_the_log_shows_who_what_and_when(
    app, client, auth, db, english_patient, physio, admin, clock
):
    record(app, db, physio, english_patient.id, "view_patient", clock() - timedelta(days=1))
    record(app, db, admin, english_patient.id, "export_audit", clock())
    record(app, db, physio, english_patient.id, "something_new", clock())
    record(app, db, physio, english_patient.id + 100, "view_patient", clock())  # someone else
    auth.login("patient@example.org")
    response = client.get("/account/access-log")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Fysio Jansen (physiotherapist)" in body
    assert "Beheerder (admin)" in body
    assert "Looked at your details, plan and progress" in body
    assert "Exported the audit log about you" in body
    assert "Changed or used your data" in body  # an action without its own wording
    assert body.count("<tr>") == 1 + 3  # the header and this patient's three rows
    assert "Nov 24, 2026" in body  # the date, in the patient's language
    # Newest first.
    assert body.index("Exported the audit log") < body.index("Looked at your details")


def test_the_log_is_in_dutch_for_a_dutch_patient(app, client, auth, db, patient, physio, clock):
    record(app, db, physio, patient.id, "view_patient", clock())
    auth.login("patient@example.org")
    body = client.get("/account/access-log").get_data(as_text=True)
    assert 'lang="nl"' in body
    assert "nov 2026" in body  # Dutch month abbreviation from Babel


def test_an_empty_log_says_so(client, auth, english_patient):
    auth.login("patient@example.org")
    body = client.get("/account/access-log").get_data(as_text=True)
    assert "Nobody has looked at your data yet." in body


def test_the_log_needs_a_login(client):
    response = client.get("/account/access-log")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_account_page_links_to_the_log(client, auth, english_patient):
    auth.login("patient@example.org")
    body = client.get("/account").get_data(as_text=True)
    assert 'href="/account/access-log"' in body


def test_a_physio_viewing_the_patient_page_appears_in_the_log(
    app, client, auth, db, english_patient, physio
):
    with app.test_request_context():
        path = url_for("physio.patient", patient_id=english_patient.id)
    auth.login("physio@example.org")
    assert client.get(path).status_code == 200
    auth.logout()
    auth.login("patient@example.org")
    body = client.get("/account/access-log").get_data(as_text=True)
    assert "Fysio Jansen (physiotherapist)" in body
    assert "Looked at your details, plan and progress" in body


def test_a_look_is_recorded_per_patient_in_one_committed_insert(
    app, db, physio, patient, make_user, clock
):
    other = make_user("tweede@example.org")
    other.physio_id = physio.id
    db.commit()
    assert db.get(type(physio), physio.id) is physio  # the page has read before it records
    inserts = []

    def seen(_conn, _cursor, statement, *_args):
        """Keep an insert into the trail."""
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_EVENTS"):
            inserts.append(statement)

    engine = app.extensions["rugcoach.engine"]
    event.listen(engine, "before_cursor_execute", seen)
    try:
        audit.record_view(
            db,
            actor=physio,
            subject_ids=[patient.id, other.id],
            action="view_dashboard",
            now=clock(),
            ip="203.0.113.9",
            detail="x" * 1200,
        )
        audit.record_view(db, actor=physio, subject_ids=[], action="view_dashboard", now=clock())
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(inserts) == 1 and not db.in_transaction()  # one statement, committed
    with new_session(app) as fresh:
        rows = fresh.scalars(select(AuditEvent).order_by(AuditEvent.subject_id)).all()
    assert [r.subject_id for r in rows] == sorted([patient.id, other.id])
    assert {(r.actor_id, r.actor_role, r.actor_name, r.action) for r in rows} == {
        (physio.id, "physio", physio.name, "view_dashboard")
    }
    assert {(r.ip, len(r.detail), r.created_at) for r in rows} == {("203.0.113.9", 1000, clock())}
