"""Physiotherapists' own videos: streamed in, probed, transcoded in the background, private."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.support.client import csrf_token
from webapp.media.encode import ffmpeg_exe
from webapp.media.probe import probe
from webapp.models import Video, VideoStatus
from webapp.services.library.uploads import process_uploads


def _clip(path: Path, seconds: float = 2, extra: tuple[str, ...] = ()) -> Path:
    """A small real video made with ffmpeg's test source."""
    subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size=160x120:rate=10:duration={seconds}",
            *extra,
            str(path),
        ],
        check=True,
    )
    return path


@pytest.fixture
def physio_in(client, auth, physio, patient, exercises):
    auth.login("physio@example.org")
    return client


def _upload(client, data: bytes, filename: str, exercise="", **fields):
    form = {
        "exercise": exercise,
        "video": FileStorage(io.BytesIO(data), filename=filename),
        "csrf_token": csrf_token(client, "/physio/videos"),
        **fields,
    }
    # Encoded in memory: the test client would spool a large body to a temporary file that
    # nobody closes when the app refuses to read it (413).
    boundary, body = encode_multipart(form)
    return client.post(
        "/physio/videos", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def test_a_real_video_is_transcoded_and_shown_to_the_patients_once_the_physio_chooses(
    app, physio_in, auth, db, exercises, tmp_path, clock, make_user
):
    webm = _clip(tmp_path / "own.webm", extra=("-c:v", "libvpx-vp9", "-b:v", "200k"))
    response = _upload(physio_in, webm.read_bytes(), "own.webm", str(exercises[1].id))
    assert response.status_code == 302
    video = db.scalar(select(Video))
    assert video.status == VideoStatus.PROCESSING and video.original_name == "own.webm"
    page = physio_in.get("/physio/videos").get_data(as_text=True)
    assert "Wordt klaargemaakt" in page

    with app.app_context():
        assert process_uploads(db, app.config["UPLOAD_DIR"], clock()) == 1
    db.refresh(video)
    assert video.status == VideoStatus.READY, video.error
    mp4 = Path(app.config["UPLOAD_DIR"]) / "videos" / video.mp4_file
    found = probe(mp4)
    assert (found.video_codec, found.pix_fmt) == ("h264", "yuv420p")
    assert abs(found.duration - 2) < 0.3
    assert not list((Path(app.config["UPLOAD_DIR"]) / "incoming").iterdir())
    assert "Klaar" in physio_in.get("/physio/videos").get_data(as_text=True)

    physio_in.post("/logout", data={"csrf_token": csrf_token(physio_in, "/physio/")})
    auth.login("patient@example.org")
    page = physio_in.get("/exercises/pelvic-tilt").get_data(as_text=True)
    # Processed is not shown: the physio chooses who sees it first.
    assert f"/media/{video.id}/" not in page
    assert physio_in.get(f"/media/{video.id}/{video.mp4_file}").status_code == 404
    physio_in.post("/logout", data={"csrf_token": csrf_token(physio_in, "/today")})

    auth.login("physio@example.org")
    shared = physio_in.post(
        f"/physio/videos/{video.id}/audience",
        data={"audience": "all", "csrf_token": csrf_token(physio_in, "/physio/videos")},
    )
    assert shared.status_code == 302
    physio_in.post("/logout", data={"csrf_token": csrf_token(physio_in, "/physio/")})
    auth.login("patient@example.org")
    page = physio_in.get("/exercises/pelvic-tilt").get_data(as_text=True)
    assert f"/media/{video.id}/{video.mp4_file}" in page
    with physio_in.get(f"/media/{video.id}/{video.mp4_file}") as response:
        assert response.status_code == 200
    physio_in.post("/logout", data={"csrf_token": csrf_token(physio_in, "/today")})

    db.rollback()  # the views committed (audit rows) since this session last read
    make_user("stranger@example.org")
    auth.login("stranger@example.org")
    assert physio_in.get(f"/media/{video.id}/{video.mp4_file}").status_code == 404
    assert f"/media/{video.id}/" not in physio_in.get("/exercises/pelvic-tilt").get_data(
        as_text=True
    )


def test_a_renamed_text_file_is_refused_with_a_message(app, physio_in, db, exercises):
    response = _upload(
        physio_in, b"this is not a video\n" * 100, "oefening.mp4", str(exercises[0].id)
    )
    assert response.status_code == 400
    assert "geen video die we kunnen afspelen" in response.get_data(as_text=True)
    assert db.scalar(select(Video)) is None
    incoming = Path(app.config["UPLOAD_DIR"]) / "incoming"
    assert not incoming.exists() or not list(incoming.iterdir())


def test_a_truncated_mp4_is_refused(physio_in, db, exercises, tmp_path):
    whole = _clip(tmp_path / "whole.mp4", seconds=3).read_bytes()  # moov at the end
    response = _upload(physio_in, whole[: len(whole) // 2], "cut.mp4", str(exercises[0].id))
    assert response.status_code == 400
    assert db.scalar(select(Video)) is None


def test_other_file_types_are_refused(physio_in, exercises):
    response = _upload(physio_in, b"GIF89a", "plaatje.gif", str(exercises[0].id))
    assert response.status_code == 400
    assert "Upload een MP4-, MOV- of WebM-video" in response.get_data(as_text=True)


def test_a_video_longer_than_allowed_is_refused(app, physio_in, exercises, tmp_path):
    app.config["MAX_UPLOAD_MINUTES"] = 1
    long_clip = _clip(
        tmp_path / "long.webm", seconds=61, extra=("-r", "1", "-c:v", "libvpx-vp9", "-b:v", "20k")
    )
    response = _upload(physio_in, long_clip.read_bytes(), "long.webm", str(exercises[0].id))
    assert response.status_code == 400
    assert "hoogstens 1 minuten" in response.get_data(as_text=True)


def test_an_oversized_upload_is_413(app, physio_in, exercises):
    app.config["MAX_UPLOAD_MB"] = 1
    response = _upload(physio_in, b"\0" * (3 * 1024 * 1024), "big.mp4", str(exercises[0].id))
    assert response.status_code == 413


def test_an_upload_creates_a_new_exercise_of_the_physios_own(physio_in, db, tmp_path):
    clip = _clip(tmp_path / "stairs.mp4")
    response = _upload(
        physio_in,
        clip.read_bytes(),
        "stairs.mp4",
        "new",
        name_nl="Traplopen",
        name_en="",
        unit="minutes",
        position="standing",
        category="activity",
        sets="1",
        amount="5",
        steps="Loop rustig.\nRust.",
    )
    assert response.status_code == 302
    video = db.scalar(select(Video))
    assert video.exercise.name_nl == "Traplopen" and video.exercise.owner_id is not None


def test_a_patient_cannot_upload(client, auth, patient, exercises):
    auth.login("patient@example.org")
    assert client.get("/physio/videos").status_code == 403


def test_a_failed_transcode_is_shown_with_its_reason(
    app, physio_in, db, exercises, clock, tmp_path
):
    clip = _clip(tmp_path / "ok.mp4")
    _upload(physio_in, clip.read_bytes(), "ok.mp4", str(exercises[0].id))
    video = db.scalar(select(Video))
    (Path(app.config["UPLOAD_DIR"]) / "incoming" / video.incoming_file).write_bytes(b"gone")
    with app.app_context():
        process_uploads(db, app.config["UPLOAD_DIR"], clock())
    db.refresh(video)
    assert video.status == VideoStatus.FAILED and video.error
    assert "Niet bruikbaar" in physio_in.get("/physio/videos").get_data(as_text=True)


def test_an_upload_before_the_video_packages_are_installed_is_refused_with_a_reason(
    app, physio_in, db, exercises, tmp_path, monkeypatch
):
    # As on a first start, while PyAV is still being installed behind the running site.
    monkeypatch.setitem(sys.modules, "av", None)
    clip = _clip(tmp_path / "clip.mp4").read_bytes()
    response = _upload(physio_in, clip, "oefening.mp4", str(exercises[0].id))
    assert response.status_code == 400
    assert "nog niet klaar" in response.get_data(as_text=True)
    assert db.scalar(select(Video)) is None
    incoming = Path(app.config["UPLOAD_DIR"]) / "incoming"
    assert not incoming.exists() or not list(incoming.iterdir())
