"""The catalogue fast path: what it remembers between ranges, and what it must not."""

from __future__ import annotations

import os
import time

import pytest
from werkzeug.test import Client

from tests.support.media import add_video, write_file
from webapp.library.fastpath import COOKIE_KEY_MAX, CatalogueFastPath

NAME = "v-fast.mp4"


@pytest.fixture
def video(app, db, clock, exercises):
    """A ready catalogue video of 64 KiB."""
    write_file(app.config["VIDEO_DIR"], NAME, os.urandom(65536))
    return add_video(db, clock, exercises[0], NAME)


@pytest.fixture
def session_value(app, client, auth, patient):
    """The signed session cookie of the signed-in demo patient."""
    auth.login(patient.email)
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


@pytest.fixture
def fast(app):
    """The fast path in front of an app that answers 404 to whatever reaches it."""

    def fallback(environ, start_response):
        fallback.calls += 1
        start_response("404 Not Found", [("Content-Length", "0")])
        return []

    fallback.calls = 0
    path = CatalogueFastPath(app, fallback)
    path.fallback = fallback
    return path


def fetch(fast, video, cookie_header: str, **headers):
    """One GET through the fast path with exactly this Cookie header."""
    environ = {"HTTP_COOKIE": cookie_header} if cookie_header else {}
    response = Client(fast, use_cookies=False).get(
        f"/media/{video.id}/{NAME}", headers=headers, environ_overrides=environ
    )
    body = response.get_data()
    response.close()
    return response, body


def test_every_header_that_carries_a_valid_session_is_served(fast, video, session_value):
    for header in (
        f"session={session_value}",
        f"lang=nl; session={session_value}",
        f"session={session_value}; consent=1",
        f"session={session_value}",  # a repeat: answered from what was verified
    ):
        response, _ = fetch(fast, video, header, Range="bytes=0-9")
        assert response.status_code == 206, header
    assert fast.fallback.calls == 0


def test_a_tampered_session_next_to_a_verified_one_is_not_served(fast, video, session_value):
    assert fetch(fast, video, f"session={session_value}")[0].status_code == 200
    tampered = session_value[:-2] + ("AA" if not session_value.endswith("AA") else "BB")
    assert fetch(fast, video, f"session={tampered}")[0].status_code == 404
    assert fetch(fast, video, f"lang=nl; session={tampered}")[0].status_code == 404
    assert fast.fallback.calls == 2


def test_a_header_is_never_taken_for_a_session_value(fast, video, session_value):
    """A bare value without the cookie's name carries no session, verified or not."""
    assert fetch(fast, video, f"session={session_value}")[0].status_code == 200
    assert fetch(fast, video, session_value)[0].status_code == 404


def test_a_long_header_is_served_but_not_kept(fast, video, session_value):
    for number in range(5):
        header = f"pad{number}={'x' * COOKIE_KEY_MAX}; session={session_value}"
        assert fetch(fast, video, header)[0].status_code == 200
    assert fast.fallback.calls == 0
    assert len(fast._verified_headers) == 0  # each long header was parsed, none remembered


def test_a_remembered_header_expires_with_its_session_check(
    fast, video, session_value, db, patient, monkeypatch
):
    """After a minute the session is checked again, so a password change ends the access."""
    header = f"session={session_value}"
    assert fetch(fast, video, header)[0].status_code == 200
    db.rollback()
    db.merge(patient).session_version += 1  # what a password change does
    db.commit()
    assert fetch(fast, video, header)[0].status_code == 200  # within the minute
    later = time.monotonic() + 61
    monkeypatch.setattr("webapp.library.fastpath.time.monotonic", lambda: later)
    assert fetch(fast, video, header)[0].status_code == 404


def test_a_file_replaced_under_its_name_gets_fresh_headers(app, fast, video, session_value):
    header = f"session={session_value}"
    first, _ = fetch(fast, video, header)
    path = write_file(app.config["VIDEO_DIR"], NAME, b"shorter")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    second, body = fetch(fast, video, header)
    assert first.headers["Content-Length"] == "65536"
    assert second.headers["Content-Length"] == "7" and body == b"shorter"
    assert second.headers["Last-Modified"] == "Tue, 14 Nov 2023 22:13:20 GMT"


def test_no_file_stays_open(fast, video, session_value):
    """Ranges, HEAD, a range past the end and the server's file wrapper all close the file."""

    class Wrapper:
        def __init__(self, handle, block):
            self.handle = handle

        def __iter__(self):
            return iter([self.handle.read(16)])

        def close(self):
            self.handle.close()

    header = f"session={session_value}"
    before = len(os.listdir("/proc/self/fd"))
    client = Client(fast, use_cookies=False)
    url = f"/media/{video.id}/{NAME}"
    for _ in range(20):
        for method, extra in (("GET", {}), ("HEAD", {}), ("GET", {"wsgi.file_wrapper": Wrapper})):
            response = client.open(
                url,
                method=method,
                headers={"Range": "bytes=100-199"},
                environ_overrides={"HTTP_COOKIE": header, **extra},
            )
            response.get_data()
            response.close()
        past = client.get(
            url, headers={"Range": "bytes=999999-"}, environ_overrides={"HTTP_COOKIE": header}
        )
        past.close()
    assert len(os.listdir("/proc/self/fd")) == before
