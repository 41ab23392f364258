"""Behind a reverse proxy: forwarded addresses count only when TRUSTED_PROXIES says so."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from config import ConfigError, load_config
from tests.support.client import PASSWORD, csrf_token
from webapp import create_app
from webapp.models import AuditEvent

EN = {"Accept-Language": "en"}
PROXY = "10.0.0.1"  # the address every request arrives from when nginx is in front


def make_app(database_url, clock, tmp_path, **extra):
    """The app as the fixture builds it, with extra settings."""
    return create_app(
        {
            "DATABASE_URL": database_url,
            "CLOCK": clock,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            **extra,
        }
    )


@pytest.fixture
def proxied_app(database_url, clock, tmp_path):
    """The app told that one proxy stands in front of it."""
    app = make_app(database_url, clock, tmp_path, TRUSTED_PROXIES=1)
    yield app
    app.extensions["rugcoach.engine"].dispose()


def attempt(client, email, forwarded, password="not the password"):
    """Post the login form through the proxy on behalf of client ``forwarded``."""
    token = csrf_token(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": PROXY},
        headers={**EN, "X-Forwarded-For": forwarded},
    )


def test_the_setting_defaults_to_no_proxy_and_is_checked():
    assert load_config({})["TRUSTED_PROXIES"] == 0
    assert load_config({"TRUSTED_PROXIES": "1"})["TRUSTED_PROXIES"] == 1
    for bad in ("one", "-1", "1.5"):
        with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
            load_config({"TRUSTED_PROXIES": bad})


def test_without_trusted_proxies_forwarded_headers_are_ignored(client, patient):
    for n in range(5):
        assert attempt(client, "patient@example.org", f"198.51.100.{n}").status_code == 400
    # Claiming yet another address does not escape the proxy's (here: the client's) count.
    refused = attempt(client, "patient@example.org", "203.0.113.9", PASSWORD)
    assert refused.status_code == 429


def test_behind_one_proxy_each_client_is_counted_on_its_own(proxied_app, patient):
    client = proxied_app.test_client()
    for _ in range(5):
        assert attempt(client, "patient@example.org", "198.51.100.7").status_code == 400
    assert attempt(client, "patient@example.org", "198.51.100.7", PASSWORD).status_code == 429
    # The owner, from another address behind the same proxy, is not held up.
    assert attempt(client, "patient@example.org", "203.0.113.9", PASSWORD).status_code == 302


def test_only_the_hop_the_proxy_added_is_believed(proxied_app, patient):
    client = proxied_app.test_client()
    # A client that sends its own X-Forwarded-For gets it extended by nginx: the last entry
    # is the one nginx saw, so rotating the forged first entry changes nothing.
    for n in range(5):
        forged = f"192.0.2.{n}, 198.51.100.7"
        assert attempt(client, "patient@example.org", forged).status_code == 400
    forged = "192.0.2.99, 198.51.100.7"
    assert attempt(client, "patient@example.org", forged, PASSWORD).status_code == 429


def test_the_audit_trail_records_the_client_address(proxied_app, admin, db):
    client = proxied_app.test_client()
    headers = {"X-Forwarded-For": "198.51.100.23"}
    environ = {"REMOTE_ADDR": PROXY}
    token = csrf_token(client, "/login")
    login = client.post(
        "/login",
        data={"email": admin.email, "password": PASSWORD, "csrf_token": token},
        environ_base=environ,
        headers=headers,
    )
    assert login.status_code == 302, login.headers
    assert client.get("/admin/audit", environ_base=environ, headers=headers).status_code == 200
    ips = db.scalars(select(AuditEvent.ip).where(AuditEvent.action.like("%audit%"))).all()
    assert ips and set(ips) == {"198.51.100.23"}


def test_hsts_only_when_the_site_is_https(database_url, clock, tmp_path):
    plain = make_app(database_url, clock, tmp_path)
    secure = make_app(database_url, clock, tmp_path, BASE_URL="https://rug.example.org")
    try:
        assert "Strict-Transport-Security" not in plain.test_client().get("/login").headers
        hsts = secure.test_client().get("/login").headers["Strict-Transport-Security"]
        assert hsts.startswith("max-age=") and int(hsts.split("=")[1]) >= 15552000
    finally:
        for app in (plain, secure):
            app.extensions["rugcoach.engine"].dispose()
