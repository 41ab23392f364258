"""The private video view (uploads): byte ranges, validators, caching, access, nginx hand-off."""

import os
from pathlib import Path

import pytest

from tests.support.media import add_video, write_file
from webapp.models import Role, VideoSource

SIZE = 300_000


@pytest.fixture
def video_bytes() -> bytes:
    return os.urandom(SIZE)


@pytest.fixture
def uploaded_video(app, db, clock, exercises, physio, video_bytes):
    write_file(Path(app.config["UPLOAD_DIR"]) / "videos", "v-abc.mp4", video_bytes)
    return add_video(
        db, clock, exercises[0], "v-abc.mp4", source=VideoSource.UPLOAD, uploaded_by=physio.id
    )


@pytest.fixture
def url(uploaded_video):
    return f"/media/{uploaded_video.id}/v-abc.mp4"


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    body = response.get_data()
    response.close()
    return response, body


def test_whole_file_without_range(client, auth, patient, url, video_bytes):
    auth.login("patient@example.org")
    response, body = get(client, url)
    assert response.status_code == 200
    assert body == video_bytes
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["Content-Length"] == str(SIZE)
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response.mimetype == "video/mp4"
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Last-Modified"]


@pytest.mark.parametrize(
    "header,start,stop",
    [
        ("bytes=0-", 0, SIZE),
        ("bytes=1000-1999", 1000, 2000),
        ("bytes=-500", SIZE - 500, SIZE),
        ("bytes=299000-999999", 299000, SIZE),
    ],
)
def test_ranges_are_exact(client, auth, patient, url, video_bytes, header, start, stop):
    auth.login("patient@example.org")
    response, body = get(client, url, Range=header)
    assert response.status_code == 206
    assert body == video_bytes[start:stop]
    assert response.headers["Content-Range"] == f"bytes {start}-{stop - 1}/{SIZE}"
    assert response.headers["Content-Length"] == str(stop - start)


def test_range_past_the_end_is_416(client, auth, patient, url):
    auth.login("patient@example.org")
    response, body = get(client, url, Range=f"bytes={SIZE}-")
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{SIZE}"
    assert body == b""


def test_malformed_range_is_ignored(client, auth, patient, url, video_bytes):
    auth.login("patient@example.org")
    response, body = get(client, url, Range="bytes=abc")
    assert response.status_code == 200 and body == video_bytes


def test_if_range_with_a_stale_etag_gets_the_whole_file(client, auth, patient, url, video_bytes):
    auth.login("patient@example.org")
    etag = get(client, url)[0].headers["ETag"]
    fresh, body = get(client, url, Range="bytes=0-9", **{"If-Range": etag})
    assert fresh.status_code == 206 and body == video_bytes[:10]
    stale, body = get(client, url, Range="bytes=0-9", **{"If-Range": '"old"'})
    assert stale.status_code == 200 and body == video_bytes


def test_if_none_match_is_304(client, auth, patient, url):
    auth.login("patient@example.org")
    etag = get(client, url)[0].headers["ETag"]
    response, body = get(client, url, **{"If-None-Match": etag})
    assert response.status_code == 304 and body == b""


def test_head_answers_headers_only(client, auth, patient, url):
    auth.login("patient@example.org")
    response = client.head(url, headers={"Range": "bytes=10-19"})
    assert response.status_code == 206
    assert response.headers["Content-Length"] == "10"
    assert response.get_data() == b""


def test_file_wrapper_gets_the_file_positioned_at_the_range(client, auth, patient, url):
    """With gunicorn's wsgi.file_wrapper, the open file goes out positioned, unread."""
    seen = {}

    class Wrapper:
        def __init__(self, handle, block):
            seen["position"] = handle.tell()
            self.handle = handle

        def __iter__(self):
            return iter([])

        def close(self):
            self.handle.close()

    auth.login("patient@example.org")
    response = client.get(
        url, headers={"Range": "bytes=4096-8191"}, environ_overrides={"wsgi.file_wrapper": Wrapper}
    )
    response.close()
    assert seen["position"] == 4096
    assert response.headers["Content-Length"] == "4096"


def test_accel_redirect_hands_the_bytes_to_nginx(app, client, auth, patient, url):
    app.config["VIDEO_ACCEL_REDIRECT"] = "/internal-videos/"
    auth.login("patient@example.org")
    response, body = get(client, url, Range="bytes=0-99")
    assert response.headers["X-Accel-Redirect"] == "/internal-videos/uploads/v-abc.mp4"
    assert body == b""


def test_anonymous_and_unknown_names_get_404(client, auth, patient, url, uploaded_video):
    assert get(client, url)[0].status_code == 404
    auth.login("patient@example.org")
    assert get(client, f"/media/{uploaded_video.id}/other.mp4")[0].status_code == 404
    assert get(client, f"/media/{uploaded_video.id}/../secret")[0].status_code == 404
    assert get(client, "/media/999999/v-abc.mp4")[0].status_code == 404


def test_uploaded_video_is_private_to_the_physio_and_their_patients(
    app, client, auth, db, clock, exercises, physio, patient, make_user, video_bytes
):
    write_file(Path(app.config["UPLOAD_DIR"]) / "videos", "up-1.mp4", video_bytes)
    video = add_video(
        db, clock, exercises[1], "up-1.mp4", source=VideoSource.UPLOAD, uploaded_by=physio.id
    )
    make_user("other.physio@example.org", Role.PHYSIO)
    make_user("other.patient@example.org")
    url = f"/media/{video.id}/up-1.mp4"
    for email, expected in [
        ("patient@example.org", 200),
        ("physio@example.org", 200),
        ("other.patient@example.org", 404),
        ("other.physio@example.org", 404),
    ]:
        auth.login(email)
        response, _ = get(client, url)
        assert response.status_code == expected, email
        if expected == 200:
            assert response.headers["Cache-Control"].startswith("private")
        auth.logout()


def test_a_forged_session_cookie_gets_nothing(client, url):
    client.set_cookie("session", "eyJfdXNlcl9pZCI6IjEifQ.forged.signature")
    assert get(client, url)[0].status_code == 404


def test_a_video_added_after_the_first_request_is_still_served(
    app, client, auth, physio, patient, url, db, clock, exercises, video_bytes
):
    auth.login("patient@example.org")
    assert get(client, url)[0].status_code == 200
    write_file(Path(app.config["UPLOAD_DIR"]) / "videos", "later.mp4", video_bytes[:1000])
    later = add_video(
        db, clock, exercises[2], "later.mp4", source=VideoSource.UPLOAD, uploaded_by=physio.id
    )
    response, body = get(client, f"/media/{later.id}/later.mp4")
    assert response.status_code == 200 and body == video_bytes[:1000]


def test_a_session_ended_by_a_password_change_gets_nothing(app, client, auth, db, patient, url):
    auth.login("patient@example.org")
    cookie = client.get_cookie("session").value
    db.rollback()
    patient = db.merge(patient)
    patient.session_version += 1  # what a password change does
    db.commit()
    stale = app.test_client()
    stale.set_cookie("session", cookie)
    assert get(stale, url)[0].status_code == 404


@pytest.mark.parametrize("extra", [{}, {"If-None-Match": '"other"'}], ids=["plain", "validator"])
def test_an_open_ended_range_stops_within_a_send_buffer(
    client, auth, patient, url, video_bytes, monkeypatch, extra
):
    """Players ask "bytes=N-"; a paused one must not hold a server thread for the whole file."""
    monkeypatch.setattr("webapp.library.sendfile.OPEN_RANGE_MAX", 100_000)
    auth.login("patient@example.org")
    response, body = get(client, url, Range="bytes=1000-", **extra)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 1000-100999/{SIZE}"
    assert body == video_bytes[1000:101000]
    head = client.head(url, headers={"Range": "bytes=1000-", **extra})
    assert head.headers["Content-Length"] == "100000"
    explicit, body = get(client, url, Range="bytes=0-199999", **extra)  # asked for: sent whole
    assert explicit.headers["Content-Range"] == f"bytes 0-199999/{SIZE}"
    assert body == video_bytes[:200000]


def test_an_older_upload_gets_its_thumbnails_when_first_asked(
    app, client, auth, db, clock, exercises, physio, patient
):
    from PIL import Image

    folder = Path(app.config["UPLOAD_DIR"]) / "videos"
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (960, 540), "teal").save(folder / "old-1.jpg", "JPEG")
    video = add_video(
        db, clock, exercises[1], "old-1.mp4", source=VideoSource.UPLOAD, uploaded_by=physio.id
    )
    auth.login("patient@example.org")
    response, body = get(client, f"/media/{video.id}/old-1.thumb.webp")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert body.startswith(b"RIFF") and (folder / "old-1.thumb.jpg").is_file()
