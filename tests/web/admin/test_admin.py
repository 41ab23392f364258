"""Admin pages: staff accounts with a set-password email, the two-step policy, the audit log."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from config import parse_smtp_url
from scheduler.jobs import deliver_outbox
from tests.support.client import post_form
from webapp.models import AuditEvent, OutboxEmail, Role, SiteSetting, User
from webapp.services.core import audit
from webapp.services.core.audit import AuditTrailIsAppendOnly
from webapp.services.core.csvfile import delimiter_for, inert

EN = {"Accept-Language": "en"}
LINK_RE = re.compile(r"https?://[^\s\"<>]+(/password/reset/[A-Za-z0-9_-]{43})")
NEW_PHYSIO = {"name": "Kim de Boer", "email": "Kim@Example.org", "role": "physio", "locale": "en"}


def fresh(db):
    """End the test session's snapshot so it sees what the requests committed."""
    db.rollback()
    db.expire_all()
    return db


def actions(db, action):
    return fresh(db).scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.fixture
def signed_in_admin(client, auth, db, admin):
    """The admin, reading English (so tests can match texts), signed in."""
    admin.locale = "en"
    db.commit()
    auth.login("admin@example.org")
    return admin


@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit", "/admin/audit.csv", "/admin/"])
def test_only_admins_get_the_admin_pages(client, auth, patient, physio, path):
    assert client.get(path).status_code == 302  # anonymous: to the login page
    for email in ("patient@example.org", "physio@example.org"):
        auth.login(email)
        assert client.get(path).status_code == 403
        auth.logout()


def test_non_admins_cannot_create_accounts(client, auth, db, physio):
    auth.login("physio@example.org")
    response = post_form(client, "/admin/users", NEW_PHYSIO, page="/account")
    assert response.status_code == 403
    assert fresh(db).scalar(select(User).where(User.email == "kim@example.org")) is None


def test_the_account_list_shows_roles_and_two_step_state(client, db, signed_in_admin, patient):
    body = client.get("/admin/users", headers=EN).get_data(as_text=True)
    for text in ("Sanne de Vries", "patient@example.org", "Fysio Jansen", "Physiotherapist"):
        assert text in body
    assert "Off" in body
    # Listing shows patients' names and addresses: that is recorded.
    assert len(actions(db, "list_accounts")) == 1
    only_admins = client.get("/admin/users?role=admin", headers=EN).get_data(as_text=True)
    assert "Sanne de Vries" not in only_admins


def test_admin_creates_a_physio_who_chooses_a_password(
    app, client, auth, db, signed_in_admin, smtp_server, clock
):
    response = post_form(client, "/admin/users", NEW_PHYSIO, headers=EN)
    assert response.status_code == 302
    user = fresh(db).scalar(select(User).where(User.email == "kim@example.org"))
    assert user.role == Role.PHYSIO and user.locale == "en"
    created = actions(db, "create_account")
    assert [(e.actor_id, e.subject_id) for e in created] == [(signed_in_admin.id, user.id)]
    # The welcome email carries a week-long link to choose a password.
    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    deliver_outbox(app, clock())
    (message,) = smtp_server.messages
    assert message["To"] == "kim@example.org"
    assert "Welcome" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "7 days" in text and "physiotherapist" in text
    path = LINK_RE.search(text).group(1)
    auth.logout()
    clock.advance(days=6)
    new = "kims own long password"
    assert post_form(client, path, {"password": new, "password_confirm": new}).status_code == 302
    assert client.get("/physio/").status_code == 200
    auth.logout()
    assert auth.login("kim@example.org", new).status_code == 302


def test_the_welcome_link_expires_after_a_week(client, db, signed_in_admin, clock):
    post_form(client, "/admin/users", NEW_PHYSIO)
    email = fresh(db).scalar(select(OutboxEmail).where(OutboxEmail.kind == "welcome"))
    path = LINK_RE.search(email.text_body).group(1)
    clock.advance(days=7)
    assert client.get(path).status_code == 410


def test_the_page_creates_no_patients_and_refuses_bad_values(client, db, signed_in_admin):
    patient = post_form(client, "/admin/users", dict(NEW_PHYSIO, role="patient"))
    assert patient.status_code == 400
    bad = post_form(client, "/admin/users", dict(NEW_PHYSIO, email="not-an-email"))
    assert bad.status_code == 400
    taken = post_form(client, "/admin/users", dict(NEW_PHYSIO, email="admin@example.org"))
    assert taken.status_code == 400
    assert fresh(db).scalar(select(User).where(User.email == "kim@example.org")) is None
    assert fresh(db).scalars(select(OutboxEmail)).all() == []


def test_create_user_command_makes_a_physio(runner, db):
    result = runner.invoke(
        args=["create-user", "--role", "physio", "--name", "Kim", "kim@example.org"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert fresh(db).scalar(select(User).where(User.email == "kim@example.org")).is_physio


def test_a_self_registered_account_is_always_a_patient(client, db):
    form = {
        "name": "Eve",
        "email": "eve@example.org",
        "locale": "en",
        "timezone": "Europe/Amsterdam",
        "role": "admin",
    }
    assert post_form(client, "/register", form).status_code == 200
    assert (
        fresh(db).scalar(select(User).where(User.email == "eve@example.org")).role == Role.PATIENT
    )


def test_the_two_step_requirement_is_a_site_setting(client, db, signed_in_admin):
    post_form(client, "/admin/users/two-factor", {"required": "y"}, page="/admin/users")
    assert fresh(db).get(SiteSetting, "require_two_factor").value == "1"
    assert [e.detail for e in actions(db, "change_setting")] == ["require_two_factor=on"]


@pytest.fixture
def trail(app, db, admin, physio, patient, clock):
    """Audit rows on three days: the physio looks at the patient, the admin at the list."""
    with app.app_context():
        for days, actor, subject, action, detail in (
            (-2, physio, patient.id, "view_patient", "page"),
            (-1, physio, patient.id, "adjust_plan", '=HYPERLINK("http://evil")'),
            (-1, physio, 999, "view_patient", "page"),
            (0, admin, None, "list_accounts", "role=all"),
        ):
            audit.record(
                db,
                actor=actor,
                subject_id=subject,
                action=action,
                detail=detail,
                now=clock() + timedelta(days=days),
                ip="192.0.2.5",
            )
    db.commit()


def listed(client, query=""):
    response = client.get(f"/admin/audit{query}", headers=EN)
    return response, response.get_data(as_text=True)


def test_audit_filters(client, db, trail, signed_in_admin, patient):
    response, body = listed(client)
    assert response.status_code == 200
    assert "4 entries" in body
    _r, body = listed(client, f"?subject={patient.id}")
    assert "2 entries" in body and "Adjusted a plan" in body
    # Readable labels, not the stored codes (the filter's option values keep the codes).
    assert "<td>adjust_plan</td>" not in body and "<code>adjust_plan</code>" not in body
    assert '<option value="adjust_plan">Adjusted a plan</option>' in body
    assert "(physiotherapist, " in body
    _r, body = listed(client, "?action=view_patient")
    assert "2 entries" in body
    _r, body = listed(client, "?actor=fysio")
    assert "3 entries" in body
    _r, body = listed(client, "?date_from=2026-11-24&date_to=2026-11-24")
    assert "2 entries" in body
    # Each reading of the trail is itself recorded, with its filter.
    viewed = actions(db, "view_audit")
    assert len(viewed) == 5
    assert viewed[1].subject_id == patient.id


def test_bad_filters_answer_400(client, trail, signed_in_admin):
    for query in (
        "?subject=abc",
        "?date_from=yesterday",
        "?date_from=2026-11-25&date_to=2026-11-01",
    ):
        assert listed(client, query)[0].status_code == 400


def test_csv_export_of_the_filtered_rows(client, db, trail, signed_in_admin, patient):
    response = client.get(f"/admin/audit.csv?subject={patient.id}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter_for(signed_in_admin.locale)))
    response.close()  # as a WSGI server does: ends the streamed response's request context
    assert rows[0][:3] == ["id", "created_at_utc", "actor_id"]
    # The export is recorded before the first row is read, so it lists itself too.
    assert [r[6] for r in rows[1:]] == ["view_patient", "adjust_plan", "export_audit"]
    # A formula in a cell is neutralised.
    assert rows[2][7] == '\'=HYPERLINK("http://evil")'
    exported = actions(db, "export_audit")
    assert len(exported) == 1
    assert exported[0].actor_id == signed_in_admin.id
    assert exported[0].subject_id == patient.id
    assert f"subject={patient.id}" in exported[0].detail


def test_csv_cells_are_safe():
    assert inert("=1+1") == "'=1+1"
    for risky in ("+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =1"):
        assert inert(risky).startswith("'")
    assert inert("Jansen") == "Jansen"
    assert inert(None) == ""
    assert inert(12) == "12"


def test_the_trail_cannot_be_changed(client, db, trail, signed_in_admin):
    assert client.post("/admin/audit").status_code in (400, 405)
    event = fresh(db).scalar(select(AuditEvent))
    event.detail = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.flush()
    db.rollback()


def test_the_dates_are_the_admins_days(client, db, app, admin, signed_in_admin, clock):
    # 23:30 UTC on the 24th is already the 25th in Amsterdam.
    late = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    with app.app_context():
        audit.record(db, actor=admin, subject_id=7, action="view_patient", now=late)
    db.commit()
    _r, body = listed(client, "?date_from=2026-11-25&date_to=2026-11-25&subject=7")
    assert "1 entry" in body
    _r, body = listed(client, "?date_to=2026-11-24&subject=7")
    assert "0 entries" in body


def test_the_admin_never_sees_or_sets_a_password(client, db, signed_in_admin):
    response = post_form(client, "/admin/users", NEW_PHYSIO, headers=EN)
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert 'type="password"' not in page
    user = fresh(db).scalar(select(User).where(User.email == "kim@example.org"))
    assert user.password_hash.startswith("$argon2id$")
