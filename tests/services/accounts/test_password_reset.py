"""Password reset: one answer for every address, a 30-minute single-use link, old sessions end."""

import hashlib
import re
from datetime import timedelta

from sqlalchemy import func, select

from config import parse_smtp_url
from scheduler.jobs import deliver_outbox
from tests.support.client import CSRF_RE, PASSWORD, post_form
from webapp.models import OutboxEmail, PasswordReset, User

EN = {"Accept-Language": "en"}
NEW = "a brand new password"
LINK_RE = re.compile(r"https?://[^\s\"<>]+/password/reset/([A-Za-z0-9_-]{43})")


def fresh(db):
    """End the test session's snapshot so it sees what the requests committed."""
    db.rollback()
    db.expire_all()
    return db


def ask(client, email):
    """Ask for a reset link, in English."""
    return post_form(client, "/password/forgot", {"email": email}, headers=EN)


def deliver(app, smtp_server, clock):
    """One outbox pass to the test's SMTP server."""
    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    return deliver_outbox(app, clock())


def emailed_path(app, client, smtp_server, clock, email="patient@example.org") -> str:
    """Ask for a link, deliver it over SMTP and return its path (same in text and HTML)."""
    assert ask(client, email).status_code == 200
    deliver(app, smtp_server, clock)
    message = smtp_server.messages[-1]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    found = LINK_RE.search(text)
    assert found and LINK_RE.search(html).group(0) == found.group(0)
    return "/password/reset/" + found.group(1)


def set_password(client, path, password=NEW):
    return post_form(client, path, {"password": password, "password_confirm": password}, headers=EN)


def without_tokens(body: str) -> str:
    return CSRF_RE.sub("", body)


def test_login_page_links_to_forgot_password(client):
    body = client.get("/login", headers=EN).get_data(as_text=True)
    assert 'href="/password/forgot"' in body
    assert "Forgot your password?" in body


def test_same_answer_for_known_and_unknown_addresses(client, db, patient):
    known = ask(client, "patient@example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.get_data(as_text=True)) == without_tokens(
        unknown.get_data(as_text=True)
    )
    assert "If an account exists for this address" in known.get_data(as_text=True)
    emails = fresh(db).scalars(select(OutboxEmail)).all()
    assert [(e.kind, e.to_address) for e in emails] == [("password_reset", "patient@example.org")]


def test_an_invalid_address_gets_a_form_error(client):
    response = ask(client, "not an address")
    assert response.status_code == 400


def test_the_link_arrives_by_smtp_and_sets_the_password(
    app, client, db, patient, smtp_server, clock
):
    path = emailed_path(app, client, smtp_server, clock)
    message = smtp_server.messages[-1]
    assert message["To"] == "patient@example.org"
    assert "30" in message.get_body(("plain",)).get_content()
    assert client.get(path, headers=EN).status_code == 200
    response = set_password(client, path)
    assert response.status_code == 302
    assert client.get("/today").status_code == 200  # signed in on a fresh session
    user = fresh(db).get(User, patient.id)
    assert user.session_version == 2
    with client.session_transaction() as session:
        assert session["_user_id"] == f"{patient.id}:2"


def test_only_the_hash_of_the_token_is_stored(app, client, db, patient, smtp_server, clock):
    path = emailed_path(app, client, smtp_server, clock)
    token = path.rsplit("/", 1)[1]
    stored = fresh(db).scalar(select(PasswordReset))
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    assert len(token) >= 43  # 32 random bytes, 256 bits
    assert stored.expires_at - stored.created_at == timedelta(minutes=30)


def test_the_old_password_stops_working(app, client, auth, patient, smtp_server, clock):
    path = emailed_path(app, client, smtp_server, clock)
    set_password(client, path)
    auth.logout()
    assert auth.login("patient@example.org").status_code == 400
    assert auth.login("patient@example.org", NEW).status_code == 302


def test_other_sessions_end(app, client, patient, smtp_server, clock):
    from tests.support.client import AuthActions

    other = app.test_client()
    AuthActions(other, PASSWORD).login("patient@example.org")
    assert other.get("/today").status_code == 200
    set_password(client, emailed_path(app, client, smtp_server, clock))
    assert other.get("/today").status_code == 302


def test_a_link_works_once(app, client, auth, patient, smtp_server, clock):
    path = emailed_path(app, client, smtp_server, clock)
    assert set_password(client, path).status_code == 302
    auth.logout()
    again = client.get(path, headers=EN)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_a_link_expires_after_thirty_minutes(app, client, patient, smtp_server, clock):
    path = emailed_path(app, client, smtp_server, clock)
    clock.advance(minutes=29)
    assert client.get(path, headers=EN).status_code == 200
    clock.advance(minutes=1)
    expired = client.get(path, headers=EN)
    assert expired.status_code == 410
    assert "expired" in expired.get_data(as_text=True)
    assert 'href="/password/forgot"' in expired.get_data(as_text=True)


def test_a_tampered_link_is_refused(app, client, patient, smtp_server, clock):
    path = emailed_path(app, client, smtp_server, clock)
    tampered = path[:-1] + ("A" if path[-1] != "A" else "B")
    response = client.get(tampered, headers=EN)
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)
    assert client.get("/password/reset/x", headers=EN).status_code == 404


def test_a_new_link_voids_the_older_one(app, client, patient, smtp_server, clock):
    first = emailed_path(app, client, smtp_server, clock)
    second = emailed_path(app, client, smtp_server, clock)
    assert first != second
    assert client.get(first, headers=EN).status_code == 410
    assert client.get(second, headers=EN).status_code == 200


def test_the_new_password_follows_the_registration_rules(
    app, client, db, patient, smtp_server, clock
):
    path = emailed_path(app, client, smtp_server, clock)
    short = set_password(client, path, "short")
    assert short.status_code == 400
    differ = post_form(client, path, {"password": NEW, "password_confirm": NEW + "!"}, headers=EN)
    assert differ.status_code == 400
    assert fresh(db).scalar(select(PasswordReset)).used_at is None
    assert set_password(client, path).status_code == 302


def test_reset_requests_are_limited_without_telling_anything(client, db, patient):
    for _ in range(5):
        assert ask(client, "patient@example.org").status_code == 200
    assert ask(client, "patient@example.org").status_code == 429
    count = fresh(db).scalar(select(func.count()).select_from(OutboxEmail))
    assert count == 5
