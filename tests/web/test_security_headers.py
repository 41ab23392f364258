"""The security headers on every kind of response: pages, error pages, static files, media."""

from __future__ import annotations

import pytest

from tests.support.media import add_video, write_file
from webapp.models import VideoSource
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
def videos(app, db, clock, exercises, physio):
    """A ready catalogue video and an upload, with their files on disk."""
    write_file(app.config["VIDEO_DIR"], "v-0123456789ab.mp4", b"\0" * 4096)
    write_file(app.config["UPLOAD_DIR"] + "/videos", "up-sec.mp4", b"\0" * 4096)
    add_video(db, clock, exercises[0], "v-0123456789ab.mp4", content_hash="f" * 32)
    return add_video(
        db, clock, exercises[1], "up-sec.mp4", source=VideoSource.UPLOAD, uploaded_by=physio.id
    )


def test_video_files(client, auth, patient, videos):
    """A public catalogue file and an upload answered after the access check."""
    for headers in ({}, {"Range": "bytes=0-99"}):
        response = client.get("/static/videos/v-0123456789ab.mp4", headers=headers)
        assert response.status_code in (200, 206)
        assert_secure(response)
        response.close()
    auth.login(patient.email)
    response = client.get(f"/media/{videos.id}/up-sec.mp4", headers={"Range": "bytes=0-99"})
    assert response.status_code == 206
    assert_secure(response)
    response.close()
