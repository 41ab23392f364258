"""'Who looked at my data': a patient sees the audit rows about them, in their language."""

from datetime import timedelta

import pytest
from flask import url_for

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
    if "physio.patient" not in app.view_functions:
        pytest.skip("the physio's patient page is not built yet")
    with app.test_request_context():
        path = url_for("physio.patient", patient_id=english_patient.id)
    auth.login("physio@example.org")
    assert client.get(path).status_code == 200
    auth.logout()
    auth.login("patient@example.org")
    body = client.get("/account/access-log").get_data(as_text=True)
    assert "Fysio Jansen (physiotherapist)" in body
    assert "Looked at your details, plan and progress" in body
