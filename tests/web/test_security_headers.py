"""The security headers on every kind of response: pages, error pages, static files, media."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from tests.support.media import add_video, write_file
from webapp.library.fastpath import CatalogueFastPath
from webapp.security import CSP


def assert_secure(response) -> None:
    """The response carries the strict policy and the other protective headers."""
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp == CSP
    directives = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in csp.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "same-origin"
    assert response.headers.get("X-Frame-Options") == "DENY"


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/privacy"])
def test_public_pages(client, path):
    """Pages anyone can open."""
    response = client.get(path)
    assert response.status_code == 200
    assert_secure(response)


def test_signed_in_pages_and_download(client, auth, patient):
    """A patient's pages and the data download."""
    from tests.support.client import post_form

    auth.login(patient.email)
    for path in ("/account", "/account/data", "/account/delete"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_secure(response)
    download = post_form(client, "/account/data/export", {}, page="/account/data")
    assert download.status_code == 200
    assert_secure(download)


def test_error_pages(app, client, auth, patient):
    """404, 405, 403, a CSRF failure and a crash all carry the headers."""

    def crash():
        raise RuntimeError("boom")

    app.add_url_rule("/crash-for-test", "crash_for_test", crash)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert_secure(client.get("/no-such-page"))
    assert_secure(client.get("/logout"))  # 405: logging out is a POST
    assert_secure(client.post("/login", data={"email": "x"}))  # no CSRF token: 400
    response = client.get("/crash-for-test")
    assert response.status_code == 500
    assert_secure(response)
    auth.login(patient.email)
    forbidden = client.get("/admin/users")
    assert forbidden.status_code == 403
    assert_secure(forbidden)


def test_static_files(client):
    """CSS, JS and icons from the static folder."""
    for path in ("/static/css/app.css", "/static/favicon.svg"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_secure(response)
        response.close()


@pytest.fixture
def catalogue_video(app, db, clock, exercises):
    """A ready catalogue video with its file on disk."""
    write_file(app.config["VIDEO_DIR"], "v-sec.mp4", b"\0" * 4096)
    return add_video(db, clock, exercises[0], "v-sec.mp4", content_hash="f" * 32)


def test_media_through_the_view(client, auth, patient, catalogue_video):
    """A video answered by the full view (validators send it past the fast path)."""
    auth.login(patient.email)
    response = client.get(f"/media/{catalogue_video.id}/v-sec.mp4", headers={"If-None-Match": "x"})
    assert response.status_code == 200
    assert_secure(response)
    response.close()


def test_media_through_the_fast_path(app, client, auth, patient, catalogue_video):
    """The WSGI fast path answers without Flask and still sends every header."""
    auth.login(patient.email)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])

    def no_fallback(environ, start_response):
        raise AssertionError("the fast path handed the request to the app")

    fast = Client(CatalogueFastPath(app, no_fallback))
    fast.set_cookie(cookie.key, cookie.value)
    for headers in ({}, {"Range": "bytes=0-99"}):
        response = fast.get(f"/media/{catalogue_video.id}/v-sec.mp4", headers=headers)
        assert response.status_code in (200, 206)
        assert_secure(response)
        response.close()
