"""Signing up: the same answer for a new and a known address, the owner told by email."""

from sqlalchemy import func, select

from tests.support.client import PASSWORD, answer_safety_check, post_form
from tests.support.registration import REGISTRATION, emails_to, sign_up
from webapp.models import OutboxEmail, Role, User


def _without_tokens(body: str) -> str:
    """The page without the parts that differ per request (CSRF token, nonces)."""
    import re

    return re.sub(r'value="[^"]{20,}"', 'value=""', body)


def test_new_and_known_addresses_get_the_same_page(app, client, db, patient):
    known = post_form(client, "/register", dict(REGISTRATION, email="PATIENT@example.org"))
    new = post_form(app.test_client(), "/register", REGISTRATION)
    assert known.status_code == new.status_code == 200
    assert _without_tokens(known.get_data(as_text=True)) == _without_tokens(
        new.get_data(as_text=True)
    )
    assert "already" not in known.get_data(as_text=True)
    # The known account is untouched: its password still works, its name is kept.
    db.expire_all()
    assert db.scalar(select(User.name).where(User.email == "patient@example.org")) == (
        "Sanne de Vries"
    )


def test_the_owner_of_a_known_address_is_told_by_email(client, db, patient):
    post_form(client, "/register", dict(REGISTRATION, email="PATIENT@example.org"))
    (email,) = emails_to(db, "patient@example.org")
    assert email.kind == "account_exists"
    assert "/password/forgot" in email.text_body and "/login" in email.text_body
    assert "/password/reset/" not in email.text_body  # no way in for whoever filled the form


def test_a_new_address_gets_a_link_and_signs_in_after_choosing_a_password(client, db):
    response = sign_up(client, db)
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "piet@example.org"))
    assert user.role == Role.PATIENT and user.locale == "en" and user.safety_check_due
    assert user.password_hash.startswith("$argon2id$")
    assert client.get("/today").headers["Location"] == "/safety/check?next=/today"
    answer_safety_check(client)
    page = client.get("/today")
    assert page.status_code == 200
    assert "No plan yet" in page.get_data(as_text=True)


def test_nobody_is_signed_in_before_the_link_is_used(client, db):
    post_form(client, "/register", REGISTRATION)
    assert client.get("/today").status_code == 302
    login = post_form(client, "/login", {"email": "piet@example.org", "password": PASSWORD})
    assert login.status_code == 400


def test_bad_values_get_messages_and_400_and_nothing_is_sent(client, db):
    bad = dict(REGISTRATION, email="not-an-email", timezone="Mars/Olympus")
    response = post_form(client, "/register", bad)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.scalar(select(User)) is None
    assert db.scalar(select(func.count(OutboxEmail.id))) == 0


def test_sign_ups_are_throttled_per_address_and_per_client(app, client, db):
    for n in range(5):
        response = post_form(client, "/register", dict(REGISTRATION, name=f"Piet {n}"))
        assert response.status_code == 200
    refused = post_form(client, "/register", REGISTRATION)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    # Another client may still sign up another address; one client cannot make dozens.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.9"
    for n in range(5):
        address = f"person{n}@example.org"
        assert post_form(other, "/register", dict(REGISTRATION, email=address)).status_code == 200
    refused = post_form(other, "/register", dict(REGISTRATION, email="person9@example.org"))
    assert refused.status_code == 429
    assert db.scalar(select(func.count(User.id))) == 6
