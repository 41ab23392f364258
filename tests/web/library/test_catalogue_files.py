"""The catalogue's rendered videos are public, immutable static files, for anyone."""

import os

import pytest

from tests.support.media import add_video, write_file

NAME = "bridge-0123456789ab.mp4"
SIZE = 200_000


def get(client, url, **headers):
    """A response with its body read and its file closed."""
    response = client.get(url, headers=headers)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def video_bytes() -> bytes:
    return os.urandom(SIZE)


@pytest.fixture
def catalogue_video(app, db, clock, exercises, video_bytes):
    write_file(app.config["VIDEO_DIR"], NAME, video_bytes)
    write_file(app.config["VIDEO_DIR"], NAME.replace(".mp4", ".nl.vtt"), b"WEBVTT\n")
    return add_video(db, clock, exercises[0], NAME)


def test_an_anonymous_visitor_gets_the_file_cached_forever(client, catalogue_video, video_bytes):
    response = get(client, f"/static/videos/{NAME}")
    assert response.status_code == 200 and response.get_data() == video_bytes
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.mimetype == "video/mp4"
    captions = get(client, f"/static/videos/{NAME.replace('.mp4', '.nl.vtt')}")
    assert captions.status_code == 200 and captions.mimetype == "text/vtt"


def test_ranges_are_served(client, catalogue_video, video_bytes):
    response = get(client, f"/static/videos/{NAME}", Range="bytes=100-199")
    assert response.status_code == 206 and response.get_data() == video_bytes[100:200]
    assert response.headers["Content-Range"] == f"bytes 100-199/{SIZE}"


def test_the_old_media_address_points_to_the_public_file(client, catalogue_video):
    response = client.get(f"/media/{catalogue_video.id}/{NAME}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/static/videos/{NAME}")


def test_only_rendered_files_are_served(app, client, catalogue_video):
    write_file(app.config["VIDEO_DIR"], "notes.txt", b"x")
    for name in (
        "notes.txt",
        "..%2Fsecret_key",
        "bridge-0123456789ab.exe.mp4x",
        "missing-0123456789ab.mp4",
    ):
        assert client.get(f"/static/videos/{name}").status_code == 404, name


def test_pages_link_to_the_public_files(client, auth, patient, catalogue_video, exercises):
    auth.login(patient.email)
    body = client.get(f"/exercises/{exercises[0].slug}").get_data(as_text=True)
    assert f'src="/static/videos/{NAME}"' in body
    assert "/media/" not in body


def test_the_library_lists_thumbnails_with_webp_for_browsers_that_take_it(
    client, auth, patient, catalogue_video
):
    auth.login(patient.email)
    body = client.get("/exercises").get_data(as_text=True)
    stem = NAME.removesuffix(".mp4")
    assert f'<source srcset="/static/videos/{stem}.thumb.webp" type="image/webp">' in body
    assert f'src="/static/videos/{stem}.thumb.jpg"' in body
    assert f"/static/videos/{stem}.jpg" not in body  # not the 960x540 poster
