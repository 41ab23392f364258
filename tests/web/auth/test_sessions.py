"""Sessions that end: logging out, idle staff and patients, the account's list of devices."""

from sqlalchemy import select

from tests.support.client import answer_safety_check, csrf_token, post_form
from webapp.models import LoginSession

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def _copy_cookie(app, client):
    """A second browser holding a copy of this one's session cookie."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    thief = app.test_client()
    thief.set_cookie(cookie.key, cookie.value)
    return thief


def test_a_copied_cookie_opens_nothing_after_logout(app, client, auth, patient, db):
    auth.login("patient@example.org")
    answer_safety_check(client)
    token = csrf_token(client, "/account/data")
    thief = _copy_cookie(app, client)
    assert thief.get("/account").status_code == 200  # the copy works while logged in
    assert auth.logout().status_code == 302
    for path in ("/today", "/account", "/account/data"):
        response = thief.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login"), path
    download = thief.post("/account/data/export", data={"csrf_token": token})
    assert download.status_code == 302
    assert download.headers["Location"].startswith("/login")
    assert db.scalar(select(LoginSession)) is None


def test_login_records_the_device_and_the_account_page_lists_it(app, client, auth, patient, db):
    client.environ_base["HTTP_USER_AGENT"] = FIREFOX
    auth.login("patient@example.org")
    other = app.test_client()
    other.environ_base.update(HTTP_USER_AGENT=IPHONE, REMOTE_ADDR="192.0.2.7")
    post_form(other, "/login", {"email": "patient@example.org", "password": auth.password})
    page = client.get("/account").get_data(as_text=True)
    assert "Firefox" in page and "Windows" in page
    assert "iPhone" in page and "192.0.2.7" in page
    stored = db.scalars(select(LoginSession.token_hash)).all()
    assert len(stored) == 2
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert not any(digest in cookie for digest in stored)  # the cookie holds the id, not the hash


def test_ending_one_device_logs_out_only_that_device(app, client, auth, patient, db):
    auth.login("patient@example.org")
    other = app.test_client()
    other.environ_base["HTTP_USER_AGENT"] = IPHONE
    post_form(other, "/login", {"email": "patient@example.org", "password": auth.password})
    phone = db.scalar(select(LoginSession).where(LoginSession.user_agent == IPHONE))
    response = post_form(client, f"/account/sessions/{phone.id}/end", {}, page="/account")
    assert response.status_code == 302
    assert other.get("/account").status_code == 302
    assert client.get("/account").status_code == 200


def test_nobody_ends_another_accounts_session(app, client, auth, patient, physio, db):
    auth.login("patient@example.org")
    staff = app.test_client()
    post_form(staff, "/login", {"email": "physio@example.org", "password": auth.password})
    theirs = db.scalar(select(LoginSession).where(LoginSession.user_id == physio.id))
    post_form(client, f"/account/sessions/{theirs.id}/end", {}, page="/account")
    assert staff.get("/account").status_code == 200


def test_log_out_everywhere_ends_every_session(app, client, auth, patient, db):
    auth.login("patient@example.org")
    other = app.test_client()
    post_form(other, "/login", {"email": "patient@example.org", "password": auth.password})
    response = post_form(client, "/account/sessions/end-all", {}, page="/account")
    assert response.headers["Location"].startswith("/login")
    assert other.get("/account").status_code == 302
    assert client.get("/account").status_code == 302
    assert db.scalar(select(LoginSession)) is None


def test_staff_sessions_end_after_an_hour_idle_patients_after_two_weeks(
    app, client, auth, patient, physio, clock
):
    auth.login("patient@example.org")
    staff = app.test_client()
    post_form(staff, "/login", {"email": "physio@example.org", "password": auth.password})
    clock.advance(minutes=59)
    assert staff.get("/account").status_code == 200  # a request keeps it alive
    clock.advance(minutes=61)
    assert staff.get("/account").status_code == 302
    assert client.get("/account").status_code == 200
    clock.advance(days=13, hours=23)
    assert client.get("/account").status_code == 200
    clock.advance(days=14, minutes=1)
    assert client.get("/account").status_code == 302


def test_a_password_change_ends_the_other_devices_and_keeps_this_one(app, client, auth, patient):
    auth.login("patient@example.org")
    other = app.test_client()
    post_form(other, "/login", {"email": "patient@example.org", "password": auth.password})
    new = "another long password"
    response = post_form(
        client,
        "/account/password",
        {"current_password": auth.password, "password": new, "password_confirm": new},
        page="/account",
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
