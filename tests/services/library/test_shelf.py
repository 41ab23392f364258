"""A physio's upload library: who sees an upload instead of the standard video."""

from pathlib import Path

import pytest

from tests.support.media import add_video, write_file
from webapp.models import AuditEvent, Role, Video, VideoAudience, VideoSource, VideoStatus
from webapp.services.core.access import can_view_video
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.library.shelf import (
    delete_upload,
    own_upload,
    remove_files,
    rename_upload,
    share_upload,
)
from webapp.services.library.videos import videos_for


@pytest.fixture
def people(make_user, physio, patient, other_physio, db):
    """Two patients of the physio and one of another physio."""
    second = make_user("tweede@example.org", name="Tweede Patient")
    second.physio_id = physio.id
    stranger = make_user("vreemde@example.org", name="Vreemde Patient")
    stranger.physio_id = other_physio.id
    db.commit()
    return patient, second, stranger


@pytest.fixture
def upload(db, clock, exercises, physio):
    """A processed upload of the physio for pelvic tilt, beside the catalogue's video."""
    add_video(db, clock, exercises[1], "catalogue.mp4")
    return add_video(
        db,
        clock,
        exercises[1],
        "u9-own.mp4",
        source=VideoSource.UPLOAD,
        uploaded_by=physio.id,
        audience=VideoAudience.NOBODY,
    )


def _shown(db, exercise, viewer) -> str:
    """The file of the video this viewer gets for the exercise."""
    return videos_for(db, [exercise], viewer)[exercise.id].mp4_file


def test_an_upload_shown_to_nobody_leaves_every_patient_the_standard_video(
    db, exercises, people, upload
):
    for person in people:
        assert _shown(db, exercises[1], person) == "catalogue.mp4"
        assert not can_view_video(person, upload)


def test_all_my_patients_see_the_upload_but_not_another_physios_patients(
    db, clock, exercises, physio, people, upload
):
    share_upload(db, physio, upload, "all", [], clock())
    db.commit()
    first, second, stranger = people
    assert _shown(db, exercises[1], first) == "u9-own.mp4"
    assert _shown(db, exercises[1], second) == "u9-own.mp4"
    assert _shown(db, exercises[1], stranger) == "catalogue.mp4"
    assert can_view_video(second, upload) and not can_view_video(stranger, upload)


def test_only_the_chosen_patients_see_the_upload(db, clock, exercises, physio, people, upload):
    first, second, _ = people
    share_upload(db, physio, upload, "chosen", [second.id], clock())
    db.commit()
    assert _shown(db, exercises[1], first) == "catalogue.mp4"
    assert _shown(db, exercises[1], second) == "u9-own.mp4"
    assert not can_view_video(first, upload) and can_view_video(second, upload)


def test_switching_back_to_nobody_shows_the_standard_video_again(
    db, clock, exercises, physio, people, upload
):
    first, second, _ = people
    share_upload(db, physio, upload, "chosen", [first.id, second.id], clock())
    db.commit()
    share_upload(db, physio, upload, "nobody", [first.id], clock())
    db.commit()
    db.refresh(upload)
    assert upload.viewers == []
    assert _shown(db, exercises[1], first) == "catalogue.mp4"
    shared = db.query(AuditEvent).filter_by(action="upload.shared").all()
    assert [e.detail for e in shared] == [
        f"video {upload.id}: chosen {first.id},{second.id}",
        f"video {upload.id}: nobody",
    ]


@pytest.mark.parametrize(
    ("audience", "choose", "field"),
    [
        ("everyone", [], "audience"),
        ("chosen", [], "patients"),
        ("chosen", ["stranger"], "patients"),
    ],
)
def test_a_wrong_choice_is_refused_and_changes_nothing(
    db, clock, physio, people, upload, audience, choose, field
):
    ids = [people[2].id for _ in choose]
    with pytest.raises(ServiceError) as refused:
        share_upload(db, physio, upload, audience, ids, clock())
    assert refused.value.field == field
    db.rollback()
    db.refresh(upload)
    assert upload.audience == VideoAudience.NOBODY and upload.viewers == []


def test_another_physios_upload_is_not_found(db, other_physio, upload):
    with pytest.raises(NotFound):
        own_upload(db, other_physio, upload.id)


def test_a_name_is_trimmed_and_an_empty_or_long_one_refused(db, clock, physio, upload):
    rename_upload(db, physio, upload, "  Bekken   kantelen  ", clock())
    assert upload.title == "Bekken kantelen"
    for bad in ("   ", "x" * 121):
        with pytest.raises(ServiceError):
            rename_upload(db, physio, upload, bad, clock())
    assert upload.title == "Bekken kantelen"


def test_deleting_removes_the_row_and_every_file(app, db, clock, physio, people, upload):
    folder = Path(app.config["UPLOAD_DIR"]) / "videos"
    share_upload(db, physio, upload, "chosen", [people[0].id], clock())
    db.commit()
    names = upload.files()
    assert {"u9-own.mp4", "u9-own.jpg", "u9-own.thumb.jpg", "u9-own.thumb.webp"} <= names
    for name in names:
        write_file(folder, name, b"x")
    other = write_file(folder, "u10-keep.mp4", b"x")
    video_id = upload.id
    files = delete_upload(db, physio, upload, app.config["UPLOAD_DIR"], clock())
    assert all((folder / n).exists() for n in names)  # nothing goes before the commit
    db.commit()
    assert remove_files(files) == 0
    assert db.get(Video, video_id) is None
    assert not [n for n in names if (folder / n).exists()]
    assert other.exists()
    deleted = db.query(AuditEvent).filter_by(action="upload.deleted").one()
    assert deleted.actor_id == physio.id and deleted.actor_role == Role.PHYSIO.value


def test_an_upload_still_being_prepared_cannot_be_deleted(app, db, clock, physio, upload):
    upload.status = VideoStatus.PROCESSING
    db.commit()
    with pytest.raises(ServiceError):
        delete_upload(db, physio, upload, app.config["UPLOAD_DIR"], clock())
    assert db.get(Video, upload.id) is not None
