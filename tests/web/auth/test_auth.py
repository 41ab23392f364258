"""Accounts: register, log in, log out; cookies; roles; the create-user command."""

from sqlalchemy import select

from tests.support.client import PASSWORD, csrf_token
from webapp.models import Role, User


def test_login_and_logout(client, auth, patient):
    response = auth.login("patient@example.org")
    assert response.status_code == 302
    assert client.get("/today").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/today").status_code == 302


def test_wrong_password_gives_a_message_and_400(client, auth, patient):
    response = auth.login("patient@example.org", "wrong password!")
    assert response.status_code == 400
    assert client.get("/today").status_code == 302


def test_unknown_email_answers_like_a_wrong_password(client, auth, patient):
    unknown = auth.login("nobody@example.org")
    wrong = auth.login("patient@example.org", "wrong password!")
    assert unknown.status_code == wrong.status_code == 400


def test_login_starts_a_new_session(client, auth, patient):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login("patient@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") == f"{patient.id}:1"


def test_login_does_not_redirect_elsewhere(client, patient):
    token = csrf_token(client, "/login")
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": "patient@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_session_cookie_is_httponly_and_lax(client, auth, patient):
    response = auth.login("patient@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_behind_https(monkeypatch, database_url, clock, tmp_path):
    from webapp import create_app

    monkeypatch.setenv("BASE_URL", "https://rugcoach.example.org")
    app = create_app({"DATABASE_URL": database_url, "CLOCK": clock})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    app.extensions["rugcoach.engine"].dispose()


def test_post_without_csrf_token_is_400(client, patient):
    response = client.post("/login", data={"email": "patient@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert "form has expired" in response.get_data(as_text=True) or "verlopen" in (
        response.get_data(as_text=True)
    )


def test_physio_cannot_open_the_patient_page(client, auth, physio):
    auth.login("physio@example.org")
    assert client.get("/today").status_code == 403
    assert client.get("/physio/").status_code == 200


def test_admin_overview_only_for_admins(client, auth, admin, patient):
    auth.login("patient@example.org")
    assert client.get("/admin/").status_code == 403
    auth.logout()
    auth.login("admin@example.org")
    assert client.get("/admin/").status_code == 200


def test_create_user_command_creates_a_physio(runner, db):
    result = runner.invoke(
        args=["create-user", "--role", "physio", "new.physio@example.org"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email == "new.physio@example.org"))
    assert user.role == Role.PHYSIO


def test_create_user_command_refuses_a_bad_email_cleanly(runner, db):
    result = runner.invoke(
        args=["create-user", "--role", "physio", "not-an-email", "--password", "long enough pw"]
    )
    assert result.exit_code == 1
    assert "geldig e-mailadres" in result.output  # the default language is Dutch
    assert "Traceback" not in result.output
