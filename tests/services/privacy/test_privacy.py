"""Privacy: the patient's data download, account deletion and the pseudonymised audit trail."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import JSON, String, Text, delete, func, select, update

from tests.support.client import post_form
from tests.support.patient_data import fill
from webapp.db import Base
from webapp.models import (
    AuditEvent,
    OutboxEmail,
    Role,
    User,
)
from webapp.services.core.audit import AuditTrailIsAppendOnly
from webapp.services.mail.delivery import deliver_due
from webapp.services.mail.transport import FileTransport
from webapp.services.privacy.export import rows_of
from webapp.services.privacy.scopes import NOT_PATIENT_DATA, PATIENT_DATA, person_of
from webapp.wiring import password_hasher

# Columns that name the account a row belongs to (or is about).
PERSON_COLUMNS = {"user_id", "patient_id", "subject_id", "actor_id", "used_by_id", "owner_id"}


@pytest.fixture
def two_patients(app, db, patient, physio, make_user, exercises, clock):
    """Two patients of the same physio with data in every table."""
    other = make_user("other@example.org", name="Karel Bakker")
    other.physio_id = physio.id
    user_a = db.get(User, patient.id)
    fill(db, user_a, physio, exercises[0], clock(), "alpha")
    fill(db, other, physio, exercises[0], clock(), "bravo")
    return user_a, other


def _text_values(db):
    """Every text-like value in every table: (table, column, value)."""
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON))]
        if not columns:
            continue
        for row in db.execute(select(*columns)):
            for column, value in zip(columns, row, strict=True):
                if value is not None:
                    text = value if isinstance(value, str) else json.dumps(value)
                    yield table.name, column.name, text


def test_every_table_that_names_an_account_is_covered():
    """A table pointing at an account (or at patient data) must be exported and erased."""
    covered = {scope.table for scope in PATIENT_DATA}
    missing = []
    for table in Base.metadata.sorted_tables:
        if table.name in covered or table.name in NOT_PATIENT_DATA:
            continue
        targets = {fk.column.table.name for fk in table.foreign_keys}
        if PERSON_COLUMNS & set(table.columns.keys()) or targets & covered:
            missing.append(table.name)
    assert not missing, f"tables with patient data not in PATIENT_DATA: {missing}"


def test_fixture_fills_every_table(app, db, two_patients):
    """The test data reaches every table of patient data, for both patients."""
    for user in two_patients:
        for scope in PATIENT_DATA:
            assert rows_of(db, scope, person_of(user)), (scope.name, user.email)


def test_privacy_page_is_public_and_linked(client):
    """Anyone can read what is stored; the footer links to it."""
    response = client.get("/privacy")
    assert response.status_code == 200
    assert 'href="/privacy"' in client.get("/login").get_data(as_text=True)


def test_data_pages_are_for_patients_only(client, auth, physio, admin):
    """Physios and admins do not use the patient's own download or deletion."""
    assert client.get("/account/data").status_code == 302
    for user in (physio, admin):
        auth.login(user.email)
        assert client.get("/account/data").status_code == 403
        assert client.get("/account/delete").status_code == 403
        auth.logout()


def test_export_holds_every_table_and_nothing_of_another_patient(client, auth, db, two_patients):
    """The zip has data.json and a CSV per table, with all of A's rows and none of B's."""
    user_a, user_b = two_patients
    auth.login(user_a.email)
    assert "/account/data" in client.get("/account").get_data(as_text=True)
    response = post_form(client, "/account/data/export", {}, page="/account/data")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    document = json.loads(archive.read("data.json"))
    db.rollback()
    for scope in PATIENT_DATA:
        # The export's own audit row is written after the zip was made.
        expected = [
            row
            for row in rows_of(db, scope, person_of(user_a))
            if row.get("action") != "export_own_data"
        ]
        got = document["tables"][scope.name]
        assert got == expected, scope.name
        assert got, scope.name
        lines = archive.read(f"{scope.name}.csv").decode().strip().splitlines()
        assert len(lines) == 1 + len(got), scope.name
        for row in got:
            for key in ("patient_id", "user_id", "used_by_id"):
                assert row.get(key) in (None, user_a.id), (scope.name, row)
    account = document["tables"]["account"][0]
    assert account["email"] == user_a.email and "password_hash" not in account
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert user_b.email not in everything and user_b.name not in everything
    assert "bravo" not in everything
    assert "alpha felt fine" in everything


def test_export_is_recorded_in_the_trail(client, auth, db, patient):
    """Downloading one's data is itself written to the audit trail."""
    auth.login(patient.email)
    post_form(client, "/account/data/export", {}, page="/account/data")
    db.rollback()
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.subject_id == patient.id, AuditEvent.action == "export_own_data")
        )
        == 1
    )


def test_wrong_password_deletes_nothing(client, auth, db, two_patients):
    """A wrong password is refused with a message next to the field."""
    user_a, _ = two_patients
    user_a.locale = "en"
    db.commit()
    auth.login(user_a.email)
    response = post_form(client, "/account/delete", {"password": "not the password"})
    assert response.status_code == 400
    assert "This password is not correct." in response.get_data(as_text=True)
    assert 'aria-describedby="password-hint password-error"' in response.get_data(as_text=True)
    empty = post_form(client, "/account/delete", {"password": ""})
    assert empty.status_code == 400
    db.rollback()
    assert db.get(User, user_a.id).email == user_a.email
    assert rows_of(db, PATIENT_DATA[1], person_of(user_a))


def test_delete_erases_personal_data_and_keeps_a_pseudonymised_trail(
    app, client, auth, db, two_patients, tmp_path, clock, admin
):
    """After deletion no table holds A's name or email; B is untouched; the trail remains."""
    user_a, user_b = two_patients
    email, name, a_id = user_a.email, user_a.name, user_a.id
    audit_before = db.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.subject_id == a_id)
    )
    b_rows = {s.name: len(rows_of(db, s, person_of(user_b))) for s in PATIENT_DATA}
    auth.login(email)
    response = post_form(
        client, "/account/delete", {"password": "correct horse battery"}, page="/account/delete"
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.endswith("/privacy"), response.location
    # Logged out: the account pages send to the login page.
    assert client.get("/account").status_code == 302
    db.rollback()

    leaks = [
        (table, column, text)
        for table, column, text in _text_values(db)
        if email in text.lower() or name.lower() in text.lower() or "alpha" in text.lower()
    ]
    assert not leaks, leaks
    tombstone = db.get(User, a_id)
    assert tombstone.email.endswith("@deleted.invalid") and tombstone.physio_id is None
    for scope in PATIENT_DATA:
        if scope.table not in ("users", "audit_events"):
            assert not rows_of(db, scope, person_of(tombstone)), scope.name
        assert len(rows_of(db, scope, person_of(user_b))) == b_rows[scope.name], scope.name

    trail = db.scalars(select(AuditEvent).where(AuditEvent.subject_id == a_id)).all()
    assert len(trail) == audit_before + 1
    assert {e.action for e in trail} >= {"view_patient", "physio.linked", "account.deleted"}
    mine = [e for e in trail if e.actor_id == a_id]
    assert mine and all(e.actor_name == tombstone.name for e in mine)

    # No mail left for A; a deliver pass sends B's pending email and nothing to A.
    assert not db.scalars(select(OutboxEmail).where(OutboxEmail.user_id == a_id)).all()
    outbox = tmp_path / "eml"
    report = deliver_due(db, FileTransport(outbox), now=clock(), mail_from="rc@example.org")
    assert report.sent == 1
    sent = "".join(p.read_text() for p in outbox.glob("*.eml"))
    assert user_b.email in sent and email not in sent

    # The old credentials no longer open anything.
    assert auth.login(email).status_code == 400
    assert client.get("/account").status_code == 302

    # The admin's account list shows the remaining accounts, not the tombstone.
    auth.login(admin.email)
    listing = client.get("/admin/users").get_data(as_text=True)
    assert user_b.email in listing
    assert tombstone.email not in listing and tombstone.name not in listing


def test_audit_rows_refuse_bulk_changes(app, db, patient, clock):
    """Only the marked pseudonymisation may touch audit rows; other statements are refused."""
    db.add(
        AuditEvent(
            actor_id=patient.id,
            actor_role="patient",
            actor_name=patient.name,
            subject_id=patient.id,
            action="x",
            created_at=clock(),
        )
    )
    db.commit()
    with pytest.raises(AuditTrailIsAppendOnly):
        db.execute(delete(AuditEvent))
    db.rollback()
    with pytest.raises(AuditTrailIsAppendOnly):
        db.execute(update(AuditEvent).values(actor_name="someone else"))
    db.rollback()
    assert db.scalar(select(AuditEvent.actor_name)) == patient.name


def test_staff_accounts_cannot_be_deleted_here(app, db, physio):
    """The deletion service is for patient accounts only."""
    from webapp.services.core.errors import ServiceError
    from webapp.services.privacy.delete import delete_account

    with app.test_request_context(), pytest.raises(ServiceError):
        delete_account(
            db, physio, password="correct horse battery", now=None, hasher=password_hasher(app)
        )
    assert physio.role == Role.PHYSIO
