"""Reset requests are throttled like logins: per pair, then slowed per address asked for."""

from sqlalchemy import func, select

from tests.support.client import csrf_token
from tests.web.auth.test_throttling import PASSWORD, attempt, limiter_time  # noqa: F401
from webapp.models import OutboxEmail

EN = {"Accept-Language": "en"}


def ask(client, email, ip):
    """Ask for a reset link from a given address."""
    token = csrf_token(client, "/password/forgot")
    return client.post(
        "/password/forgot",
        data={"email": email, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
        headers=EN,
    )


def mails(db):
    """How many emails wait in the outbox."""
    db.rollback()
    return db.scalar(select(func.count()).select_from(OutboxEmail))


def test_a_stranger_asking_for_the_owner_does_not_block_the_owner(client, db, patient):
    for _ in range(4):
        assert ask(client, "patient@example.org", "198.51.100.1").status_code == 200
    assert ask(client, "patient@example.org", "198.51.100.1").status_code == 200
    assert ask(client, "patient@example.org", "198.51.100.1").status_code == 429
    # Five mails so far; the ceiling is reached, but a browser the owner used before still asks.
    assert attempt(client, "patient@example.org", PASSWORD, ip="203.0.113.9").status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/account")})
    assert ask(client, "patient@example.org", "203.0.113.9").status_code == 200
    assert mails(db) == 6


def test_beyond_the_ceiling_requests_slow_down(client, db, patient, limiter_time):  # noqa: F811
    for n in range(5):
        assert ask(client, "patient@example.org", f"198.51.100.{n}").status_code == 200
    # From a new address, without a known browser: one request per ten minutes now.
    assert ask(client, "patient@example.org", "203.0.113.5").status_code == 429
    limiter_time.now += 10 * 60 + 1
    assert ask(client, "patient@example.org", "203.0.113.5").status_code == 200
    assert ask(client, "patient@example.org", "203.0.113.6").status_code == 429
    assert mails(db) == 6
