"""Login throttling: 5 failures per account-and-address in 15 minutes, then 429 for a while."""

import pytest

from config import ConfigError, parse_ratelimit_storage
from tests.support.client import PASSWORD, csrf_token
from tests.support.database import CI
from webapp.extensions import limiter

EN = {"Accept-Language": "en"}
WRONG = "not the password"
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by these tests


def attempt(client, email, password=WRONG, ip="192.0.2.1"):
    """Post the login form from a given address."""
    token = csrf_token(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
        headers=EN,
    )


class FakeTime:
    """Stands in for the ``time`` module inside the limiter's memory storage."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def limiter_time(monkeypatch):
    """Let a test move the limiter's clock (memory storage only)."""
    import time

    import limits.storage.memory

    fake = FakeTime(time.time())
    monkeypatch.setattr(limits.storage.memory, "time", fake)
    return fake


def test_five_failures_of_one_account_from_one_address_lock_that_pair(client, patient):
    for _ in range(5):
        assert attempt(client, "patient@example.org").status_code == 400
    # The right password from the same address: that pair is paused.
    refused = attempt(client, "Patient@Example.org ", PASSWORD)
    assert refused.status_code == 429
    body = refused.get_data(as_text=True)
    assert "Too many attempts" in body
    assert "You can try again in 15 minutes" in body
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert client.get("/today").status_code == 302  # not signed in
    # The owner at another address is not held up by the stranger's guesses.
    assert attempt(client, "patient@example.org", PASSWORD, ip="203.0.113.9").status_code == 302


def test_failures_from_many_addresses_do_not_lock_the_owner_out(client, patient):
    for n in range(5):
        assert attempt(client, "patient@example.org", ip=f"198.51.100.{n}").status_code == 400
    assert attempt(client, "patient@example.org", PASSWORD, ip="203.0.113.9").status_code == 302


def test_one_address_trying_many_accounts_is_stopped(client, patient):
    for n in range(30):
        assert attempt(client, f"nobody{n}@example.org").status_code == 400
    assert attempt(client, "patient@example.org", PASSWORD).status_code == 429
    # Another address is not held up.
    assert attempt(client, "patient@example.org", PASSWORD, ip="192.0.2.2").status_code == 302


def guesses_from_many_addresses(client, count):
    """Wrong passwords for the patient, four from each address (under the pair limit)."""
    for n in range(count):
        assert (
            attempt(client, "patient@example.org", ip=f"198.51.{n // 4}.{n % 4}").status_code == 400
        )


def test_beyond_the_account_ceiling_guesses_slow_down(client, patient, limiter_time):
    guesses_from_many_addresses(client, 30)
    # One check per 30 seconds now, from any address: a guess is answered, the next waits.
    assert attempt(client, "patient@example.org", ip="203.0.113.1").status_code == 429
    limiter_time.now += 31
    assert attempt(client, "patient@example.org", ip="203.0.113.1").status_code == 400
    slowed = attempt(client, "patient@example.org", PASSWORD, ip="203.0.113.2")
    assert slowed.status_code == 429 and 0 < int(slowed.headers["Retry-After"]) <= 30
    limiter_time.now += 31
    assert attempt(client, "patient@example.org", PASSWORD, ip="203.0.113.2").status_code == 302


def test_a_browser_that_signed_in_before_is_never_slowed(client, auth, patient):
    assert attempt(client, "patient@example.org", PASSWORD, ip="203.0.113.9").status_code == 302
    auth.logout()
    stranger = client.application.test_client()
    guesses_from_many_addresses(stranger, 30)
    assert attempt(stranger, "patient@example.org", PASSWORD, ip="203.0.113.8").status_code == 429
    # The owner's own browser, from its own address, still signs in at once.
    assert attempt(client, "patient@example.org", PASSWORD, ip="203.0.113.9").status_code == 302


def test_a_forged_device_cookie_counts_for_nothing(client, patient):
    guesses_from_many_addresses(client, 30)
    client.set_cookie("rugcoach_device", "forged.value.here")
    assert attempt(client, "patient@example.org", PASSWORD, ip="203.0.113.2").status_code == 429


def test_a_success_does_not_count(client, auth, patient):
    for _ in range(4):
        assert attempt(client, "patient@example.org").status_code == 400
    for _ in range(3):
        assert attempt(client, "patient@example.org", PASSWORD).status_code == 302
        auth.logout()
    assert attempt(client, "patient@example.org").status_code == 400  # the fifth failure
    assert attempt(client, "patient@example.org", PASSWORD).status_code == 429


def test_the_pause_ends_after_fifteen_minutes(client, patient, limiter_time):
    for _ in range(5):
        attempt(client, "patient@example.org")
    limiter_time.now += 14 * 60
    assert attempt(client, "patient@example.org", PASSWORD).status_code == 429
    limiter_time.now += 60 + 1
    assert attempt(client, "patient@example.org", PASSWORD).status_code == 302


def test_the_429_page_is_in_dutch_by_default(client, patient):
    for _ in range(5):
        attempt(client, "patient@example.org")
    token = csrf_token(client, "/login")
    refused = client.post(
        "/login",
        data={"email": "patient@example.org", "password": PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "192.0.2.1"},
    )
    assert refused.status_code == 429
    assert 'lang="nl"' in refused.get_data(as_text=True)


def test_the_login_page_itself_is_never_limited(client, patient):
    for _ in range(6):
        attempt(client, "patient@example.org")
    assert client.get("/login").status_code == 200


def test_a_new_app_starts_without_counts(app, patient, database_url, clock, tmp_path):
    from webapp import create_app

    client = app.test_client()
    for _ in range(5):
        attempt(client, "patient@example.org")
    assert attempt(client, "patient@example.org", PASSWORD).status_code == 429
    fresh = create_app({"DATABASE_URL": database_url, "CLOCK": clock})
    try:
        assert attempt(fresh.test_client(), "patient@example.org", PASSWORD).status_code == 302
    finally:
        fresh.extensions["rugcoach.engine"].dispose()


def test_storage_setting_is_parsed():
    assert parse_ratelimit_storage(None) == "memory://"
    assert parse_ratelimit_storage(" ") == "memory://"
    assert parse_ratelimit_storage("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    assert parse_ratelimit_storage("rediss://user:pw@cache.example:6380") is not None
    for bad in ("mysql://x", "redis://", "redis://host:port", "redis://host/abc", "memcached"):
        with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
            parse_ratelimit_storage(bad)


def test_storage_comes_from_the_environment(monkeypatch):
    from config import load_config

    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/3")
    assert load_config()["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    monkeypatch.delenv("RATELIMIT_STORAGE_URI")
    assert load_config()["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.fixture
def redis_client():
    """A connection to the local Redis; under CI a missing Redis fails the test."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        if CI:
            pytest.fail(f"CI=true but Redis at {REDIS_URL} is unreachable: {exc}")
        pytest.skip(f"Redis unreachable: {exc}")
    yield client
    client.close()


@pytest.fixture
def redis_app(database_url, clock, tmp_path, redis_client):
    """The app with its limits kept in Redis, emptied before and after."""
    from webapp import create_app

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "CLOCK": clock,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
        }
    )
    limiter.reset()
    yield app
    limiter.reset()
    app.extensions["rugcoach.engine"].dispose()


def test_redis_storage_counts_failures(redis_app, redis_client, clock):
    from webapp.db import new_session
    from webapp.models import Role
    from webapp.services.accounts.users import create_user
    from webapp.wiring import password_hasher

    assert type(limiter.storage).__name__ == "RedisStorage"
    with redis_app.app_context(), new_session(redis_app) as session:
        create_user(
            session,
            email="patient@example.org",
            name="Sanne",
            password=PASSWORD,
            role=Role.PATIENT,
            now=clock(),
            hasher=password_hasher(),
        )
        session.commit()
    client = redis_app.test_client()
    for _ in range(5):
        assert attempt(client, "patient@example.org").status_code == 400
    assert redis_client.keys("LIMITS*"), "the failures were not counted in Redis"
    # A second browser on the same Redis (as a second web worker would) sees the same counts.
    other = redis_app.test_client()
    assert attempt(other, "patient@example.org", PASSWORD).status_code == 429


def test_made_up_invitation_tokens_are_throttled_per_address(client):
    token = csrf_token(client, "/login")
    for n in range(5):
        guessed = client.post(
            f"/invite/guess{n}/register",
            data={"csrf_token": token, "name": "X", "password": "x"},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
            headers=EN,
        )
        assert guessed.status_code == 404
    refused = client.post(
        "/invite/guess5/register",
        data={"csrf_token": token, "name": "X", "password": "x"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
        headers=EN,
    )
    assert refused.status_code == 429 and "Too many attempts" in refused.get_data(as_text=True)
