"""The physio's upload library page: preview, rename, choose who sees it, switch back, delete."""

import logging
from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.support.client import csrf_token
from tests.support.media import add_video, write_file
from webapp.models import AuditEvent, Video, VideoAudience, VideoSource, VideoStatus

PAGE = "/physio/videos"


@pytest.fixture
def upload(app, db, clock, exercises, physio):
    """A processed upload of the physio, shown to nobody yet, with its files on disk."""
    video = add_video(
        db,
        clock,
        exercises[1],
        "u5-abc.mp4",
        source=VideoSource.UPLOAD,
        uploaded_by=physio.id,
        audience=VideoAudience.NOBODY,
    )
    video.original_name = "opname.mov"
    db.commit()
    for name in video.files():
        write_file(Path(app.config["UPLOAD_DIR"]) / "videos", name, b"x")
    return video


def _post(client, url: str, **form):
    return client.post(url, data={"csrf_token": csrf_token(client, PAGE), **form})


def _audit(db, action: str) -> list[AuditEvent]:
    db.rollback()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_library_shows_each_upload_with_its_poster_player_and_audience(physio_in, upload):
    page = physio_in.get(PAGE).get_data(as_text=True)
    assert f'src="/media/{upload.id}/u5-abc.thumb.jpg"' in page
    assert f'<source src="/media/{upload.id}/u5-abc.mp4"' in page
    assert f'poster="/media/{upload.id}/u5-abc.jpg"' in page
    assert "Not shown to anyone. Your patients see the standard video." in page
    assert "opname.mov" in page and "Sanne de Vries" not in page  # no patients yet


def test_a_physio_renames_an_upload_and_the_change_is_audited(physio_in, db, upload):
    response = _post(physio_in, f"{PAGE}/{upload.id}/title", title="  Bekken  kantelen ")
    assert response.status_code == 302
    db.refresh(upload)
    assert upload.title == "Bekken kantelen"
    assert "Bekken kantelen" in physio_in.get(PAGE).get_data(as_text=True)
    (event,) = _audit(db, "upload.renamed")
    assert event.ip == "203.0.113.7" and event.detail == f"video {upload.id}"


def test_a_chosen_patient_sees_the_upload_and_switching_back_restores_the_standard(
    physio_in, auth, db, patient, make_user, physio, upload
):
    other = make_user("tweede@example.org", name="Tweede Patient")
    other.physio_id = physio.id
    db.commit()
    page = physio_in.get(PAGE).get_data(as_text=True)
    assert "Sanne de Vries" in page and "Tweede Patient" in page
    response = _post(
        physio_in, f"{PAGE}/{upload.id}/audience", audience="chosen", patients=str(other.id)
    )
    assert response.status_code == 302
    assert "Shown to the patients you chose" in physio_in.get(PAGE).get_data(as_text=True)
    physio_in.post("/logout", data={"csrf_token": csrf_token(physio_in, PAGE)})
    for email, shown in (("tweede@example.org", True), ("patient@example.org", False)):
        auth.login(email)
        page = physio_in.get("/exercises/pelvic-tilt").get_data(as_text=True)
        assert (f"/media/{upload.id}/u5-abc.mp4" in page) is shown
        physio_in.post("/logout", data={"csrf_token": csrf_token(physio_in, "/today")})

    auth.login("physio@example.org")
    assert _post(physio_in, f"{PAGE}/{upload.id}/audience", audience="nobody").status_code == 302
    physio_in.post("/logout", data={"csrf_token": csrf_token(physio_in, PAGE)})
    auth.login("tweede@example.org")
    page = physio_in.get("/exercises/pelvic-tilt").get_data(as_text=True)
    assert f"/media/{upload.id}/" not in page
    assert physio_in.get(f"/media/{upload.id}/u5-abc.mp4").status_code == 404
    assert len(_audit(db, "upload.shared")) == 2


@pytest.mark.parametrize(
    ("action", "form", "message"),
    [
        ("audience", {"audience": "everyone"}, "Choose who sees this video."),
        ("audience", {"audience": "chosen"}, "Tick at least one patient."),
        ("audience", {"audience": "chosen", "patients": "abc"}, "Choose patients from your own"),
        ("title", {"title": "   "}, "Give the video a name."),
        ("title", {"title": "x" * 121}, "A name may be at most 120 characters."),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    physio_in, db, patient, upload, action, form, message
):
    response = _post(physio_in, f"{PAGE}/{upload.id}/{action}", **form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.refresh(upload)
    assert (upload.audience, upload.title) == (VideoAudience.NOBODY, "")
    assert not _audit(db, f"upload.{'shared' if action == 'audience' else 'renamed'}")


def test_another_physios_patient_cannot_be_chosen(physio_in, db, make_user, other_physio, upload):
    stranger = make_user("vreemde@example.org")
    stranger.physio_id = other_physio.id
    db.commit()
    response = _post(
        physio_in, f"{PAGE}/{upload.id}/audience", audience="chosen", patients=str(stranger.id)
    )
    assert response.status_code == 400
    db.refresh(upload)
    assert upload.viewers == []


def test_another_physios_upload_is_404_for_every_action(client, auth, db, other_physio, upload):
    auth.login("other.physio@example.org")
    for action, form in (
        ("title", {"title": "Van mij"}),
        ("audience", {"audience": "all"}),
        ("delete", {}),
    ):
        assert _post(client, f"{PAGE}/{upload.id}/{action}", **form).status_code == 404
    db.refresh(upload)
    assert (upload.title, upload.audience) == ("", VideoAudience.NOBODY)
    assert f"/media/{upload.id}/" not in client.get(PAGE).get_data(as_text=True)


def test_deleting_removes_the_row_and_its_files_from_disk_and_is_audited(
    app, physio_in, db, upload
):
    folder = Path(app.config["UPLOAD_DIR"]) / "videos"
    names, video_id = upload.files(), upload.id
    assert all((folder / name).exists() for name in names)
    response = _post(physio_in, f"{PAGE}/{video_id}/delete")
    assert response.status_code == 302
    assert not [name for name in names if (folder / name).exists()]
    (event,) = _audit(db, "upload.deleted")
    assert db.scalar(select(Video.id).where(Video.id == video_id)) is None
    assert event.detail == f"video {video_id} (opname.mov)"
    assert _post(physio_in, f"{PAGE}/{video_id}/delete").status_code == 404


def test_an_upload_being_prepared_is_not_deleted(app, physio_in, db, upload):
    upload.status = VideoStatus.PROCESSING
    db.commit()
    response = _post(physio_in, f"{PAGE}/{upload.id}/delete")
    assert response.status_code == 400
    assert "still being prepared" in response.get_data(as_text=True)
    db.rollback()
    assert db.get(Video, upload.id) is not None


def test_a_failing_commit_leaves_the_upload_and_its_files_on_disk(app, physio_in, db, upload):
    folder = Path(app.config["UPLOAD_DIR"]) / "videos"
    names, video_id = upload.files(), upload.id

    def refuse(session):
        raise OperationalError("COMMIT", {}, Exception("disk full"))

    event.listen(Session, "before_commit", refuse)
    try:
        try:
            response = _post(physio_in, f"{PAGE}/{video_id}/delete")
        except OperationalError:
            response = None  # the test app lets the error through instead of the 500 page
    finally:
        event.remove(Session, "before_commit", refuse)
    assert response is None or response.status_code in (500, 503)
    assert all((folder / name).exists() for name in names)
    db.rollback()
    assert db.get(Video, video_id) is not None
    assert _audit(db, "upload.deleted") == []


def test_a_file_that_cannot_be_removed_is_logged_and_the_deletion_stands(
    app, physio_in, db, upload, caplog
):
    folder = Path(app.config["UPLOAD_DIR"]) / "videos"
    names, video_id = sorted(upload.files()), upload.id
    stuck = folder / names[-1]
    stuck.unlink()
    (stuck / "inside").mkdir(parents=True)  # a directory in its place: unlink fails
    with caplog.at_level(logging.WARNING, logger="webapp.services.library.shelf"):
        response = _post(physio_in, f"{PAGE}/{video_id}/delete")
    assert response.status_code == 302
    assert "could not remove" in caplog.text and stuck.name in caplog.text
    assert not [name for name in names[:-1] if (folder / name).exists()]
    db.rollback()
    assert db.scalar(select(Video.id).where(Video.id == video_id)) is None
