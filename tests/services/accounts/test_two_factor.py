"""Two-step login (TOTP): set-up, the code at login, recovery codes, the admin's requirement."""

import re

import pyotp
import pytest
from sqlalchemy import select

from tests.support.client import PASSWORD, post_form
from webapp.models import PasswordReset, Role, User
from webapp.services.accounts import totp_box, twofactor

EN = {"Accept-Language": "en"}
RECOVERY_RE = re.compile(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>")


def fresh(db):
    """End the test session's snapshot so it sees what the requests committed."""
    db.rollback()
    db.expire_all()
    return db


def stored_secret(app, db, user_id) -> str:
    """The account's secret as the app decrypts it from the database."""
    sealed = fresh(db).get(User, user_id).totp_secret
    return totp_box.unseal(app.config["SECRET_KEY"], user_id, sealed)


def code_at(secret, clock, steps=0):
    """The app's code at the test clock's time, ``steps`` of 30 seconds later."""
    return pyotp.TOTP(secret).at(clock(), counter_offset=steps)


def enable(client, db, user, clock) -> tuple[str, list[str]]:
    """Set up two-step login through the pages; returns the secret and recovery codes."""
    assert (
        post_form(client, "/account/two-factor/start", {}, page="/account/two-factor").status_code
        == 302
    )
    page = client.get("/account/two-factor", headers=EN).get_data(as_text=True)
    secret = stored_secret(client.application, db, user.id)
    assert twofactor.grouped_secret(secret) in page
    assert '<img src="data:image/svg+xml' in page  # the QR code, an image the CSP allows
    assert "otpauth://totp/Rugcoach:" in page
    response = post_form(
        client, "/account/two-factor", {"code": code_at(secret, clock)}, headers=EN
    )
    assert response.status_code == 200
    codes = RECOVERY_RE.findall(response.get_data(as_text=True))
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT
    return secret, codes


@pytest.fixture
def physio(make_user):
    """A physiotherapist who reads English, so the tests can match the page texts."""
    return make_user("physio@example.org", Role.PHYSIO, name="Fysio Jansen", locale="en")


@pytest.fixture
def patient(make_user, physio, db):
    """A patient linked to ``physio``, reading English."""
    user = make_user("patient@example.org", name="Sanne de Vries", locale="en")
    user.physio_id = physio.id
    db.commit()
    return user


@pytest.fixture
def physio_with_2fa(client, auth, db, physio, clock):
    """The physio with two-step login on, logged out again; yields secret and codes."""
    auth.login("physio@example.org")
    secret, codes = enable(client, db, physio, clock)
    auth.logout()
    clock.advance(seconds=30)  # the code used to enable is spent
    return secret, codes


def second_step(client, code):
    return post_form(client, "/login/two-factor", {"code": code}, headers=EN)


def test_enabling_needs_a_current_code(client, auth, db, physio, clock):
    auth.login("physio@example.org")
    post_form(client, "/account/two-factor/start", {}, page="/account/two-factor")
    wrong = post_form(client, "/account/two-factor", {"code": "000000"}, headers=EN)
    assert wrong.status_code == 400
    assert "not right" in wrong.get_data(as_text=True)
    assert fresh(db).get(User, physio.id).totp_enabled is False
    secret, codes = enable(client, db, physio, clock)
    user = fresh(db).get(User, physio.id)
    assert user.totp_enabled and secret not in user.totp_secret  # stored encrypted
    # Only hashes are kept of the recovery codes.
    assert all(code not in str(user.__dict__) for code in codes)
    assert twofactor.recovery_codes_left(db, user) == len(codes)


def test_login_then_needs_the_code(client, auth, db, physio, physio_with_2fa, clock):
    secret, _codes = physio_with_2fa
    response = auth.login("physio@example.org")
    assert response.headers["Location"] == "/login/two-factor"
    assert client.get("/physio/").status_code == 302  # no session yet
    assert second_step(client, code_at(secret, clock)).status_code == 302
    assert client.get("/physio/").status_code == 200
    with client.session_transaction() as session:
        assert session["_user_id"] == f"{physio.id}:1"
        assert "two_factor_user" not in session


def test_a_wrong_code_is_refused(client, auth, physio_with_2fa, clock):
    secret, _codes = physio_with_2fa
    auth.login("physio@example.org")
    wrong = second_step(client, "123456" if code_at(secret, clock) != "123456" else "654321")
    assert wrong.status_code == 400
    assert "not right" in wrong.get_data(as_text=True)
    assert client.get("/physio/").status_code == 302


def test_a_code_works_once_and_a_neighbouring_step_is_accepted(
    client, auth, physio_with_2fa, clock
):
    secret, _codes = physio_with_2fa
    auth.login("physio@example.org")
    previous = code_at(secret, clock, steps=-1)  # the phone is 30 s behind
    assert second_step(client, previous).status_code == 400  # the enabling step is spent
    current = code_at(secret, clock)
    assert second_step(client, current).status_code == 302
    auth.logout()
    auth.login("physio@example.org")
    assert second_step(client, current).status_code == 400  # seen before: replay refused
    assert second_step(client, code_at(secret, clock, steps=1)).status_code == 302


def test_a_recovery_code_works_once(client, auth, db, physio, physio_with_2fa):
    _secret, codes = physio_with_2fa
    auth.login("physio@example.org")
    assert second_step(client, codes[0].upper().replace("-", " ")).status_code == 302
    auth.logout()
    auth.login("physio@example.org")
    assert second_step(client, codes[0]).status_code == 400
    assert twofactor.recovery_codes_left(fresh(db), physio) == len(codes) - 1


def test_wrong_codes_are_throttled(client, auth, physio_with_2fa, clock):
    secret, _codes = physio_with_2fa
    auth.login("physio@example.org")
    for _ in range(5):
        assert second_step(client, "000000").status_code == 400
    assert second_step(client, code_at(secret, clock)).status_code == 429


def test_the_code_page_needs_a_password_first(client, physio_with_2fa):
    response = client.get("/login/two-factor")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


def test_a_pending_login_expires(client, auth, physio_with_2fa, clock):
    secret, _codes = physio_with_2fa
    auth.login("physio@example.org")
    clock.advance(minutes=11)
    response = second_step(client, code_at(secret, clock))
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert client.get("/physio/").status_code == 302


def test_disabling_needs_a_current_code(client, auth, db, physio, physio_with_2fa, clock):
    secret, _codes = physio_with_2fa
    auth.login("physio@example.org")
    second_step(client, code_at(secret, clock))
    clock.advance(seconds=30)
    wrong = post_form(client, "/account/two-factor/disable", {"code": "000000"}, page="/account")
    assert wrong.status_code == 400
    assert fresh(db).get(User, physio.id).totp_enabled is True
    right = post_form(
        client, "/account/two-factor/disable", {"code": code_at(secret, clock)}, page="/account"
    )
    assert right.status_code == 302
    user = fresh(db).get(User, physio.id)
    assert user.totp_enabled is False and user.totp_secret is None
    auth.logout()
    assert auth.login("physio@example.org").headers["Location"] == "/"


def test_patients_are_not_offered_two_step_login(client, auth, patient):
    auth.login("patient@example.org")
    assert "Two-step login" not in client.get("/account", headers=EN).get_data(as_text=True)
    assert client.get("/account/two-factor").status_code == 403
    start = post_form(client, "/account/two-factor/start", {}, page="/account")
    assert start.status_code == 403


def test_admin_requirement_sends_staff_to_the_setup(client, auth, db, admin, physio, clock):
    auth.login("admin@example.org")
    policy = post_form(client, "/admin/users/two-factor", {"required": "y"}, page="/admin/users")
    assert policy.status_code == 302
    assert twofactor.is_required(fresh(db))
    # The admin has no two-step login either: from now on only the set-up is open.
    assert client.get("/admin/").headers["Location"] == "/account/two-factor"
    auth.logout()

    response = auth.login("physio@example.org")
    assert response.headers["Location"] == "/account/two-factor"
    blocked = client.get("/physio/")
    assert blocked.status_code == 302
    assert blocked.headers["Location"] == "/account/two-factor"
    assert client.get("/account/two-factor").status_code == 200
    enable(client, db, physio, clock)
    assert client.get("/physio/").status_code == 200
    # While required, it cannot be switched off.
    clock.advance(seconds=30)
    secret = stored_secret(client.application, db, physio.id)
    off = post_form(
        client, "/account/two-factor/disable", {"code": code_at(secret, clock)}, page="/account"
    )
    assert off.status_code == 400
    assert fresh(db).get(User, physio.id).totp_enabled is True


def test_requirement_does_not_concern_patients(client, auth, db, patient):
    twofactor.set_required(db, True)
    db.commit()
    auth.login("patient@example.org")
    assert client.get("/today").status_code == 200


def test_a_password_reset_still_asks_for_the_code(app, client, db, physio, physio_with_2fa, clock):
    from webapp.services.accounts.passwords import issue_link

    secret, _codes = physio_with_2fa
    with app.app_context():
        _link, token = issue_link(db, fresh(db).get(User, physio.id), now=clock())
    db.commit()
    path = f"/password/reset/{token}"
    new = "another long password"
    response = post_form(client, path, {"password": new, "password_confirm": new})
    assert response.headers["Location"] == "/login/two-factor"
    assert client.get("/physio/").status_code == 302
    assert second_step(client, code_at(secret, clock)).status_code == 302
    assert client.get("/physio/").status_code == 200
    assert fresh(db).scalar(select(PasswordReset)).used_at is not None


def test_changing_the_password_keeps_this_session_and_ends_others(app, client, auth, db, patient):
    from tests.support.client import AuthActions

    other = app.test_client()
    AuthActions(other, PASSWORD).login("patient@example.org")
    auth.login("patient@example.org")
    new = "a changed long password"
    wrong = post_form(
        client,
        "/account/password",
        {"current_password": "not it at all", "password": new, "password_confirm": new},
        page="/account",
    )
    assert wrong.status_code == 400
    response = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "password": new, "password_confirm": new},
        page="/account",
    )
    assert response.status_code == 302
    assert client.get("/today").status_code == 200
    assert other.get("/today").status_code == 302
    assert fresh(db).get(User, patient.id).session_version == 2
    auth.logout()
    assert auth.login("patient@example.org", new).status_code == 302
