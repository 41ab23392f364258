"""Physiotherapists' own recordings: accepted from a stream, probed, transcoded in the background.

The request only saves the upload to disk and probes it (so a renamed text file or a broken
video is refused at once, with a reason); the slow transcode runs in the scheduler process.
Uploaded videos live outside ``static/`` and are served only through the access-checked view.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from webapp.db import begin_write
from webapp.media.errors import MediaUnavailable, ProbeError, TranscodeError
from webapp.media.probe import probe, transcode_to_mp4
from webapp.media.thumbs import make_thumbnails
from webapp.models import Exercise, User, Video, VideoSource, VideoStatus
from webapp.services.core.errors import ServiceError
from webapp.services.core.files import (
    PASSAGE_DIR,
    PRIVATE_FILE,
    SERVED_DIR,
    SERVED_FILE,
    private_dir,
)

ALLOWED_SUFFIXES = (".mp4", ".mov", ".webm", ".m4v")
LEASE = timedelta(minutes=30)
log = logging.getLogger("rugcoach.uploads")


def upload_dirs(upload_dir: str | Path) -> tuple[Path, Path]:
    """The folders for incoming originals and for finished videos."""
    root = Path(upload_dir)
    return root / "incoming", root / "videos"


def accept_upload(
    session: Session,
    *,
    physio: User,
    exercise: Exercise,
    upload: FileStorage,
    upload_dir: str | Path,
    max_seconds: int,
    now: datetime,
) -> Video:
    """Save and probe an uploaded recording and queue it for transcoding; the caller commits."""
    original = (upload.filename or "").strip()
    suffix = Path(original).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ServiceError(_l("Upload an MP4, MOV or WebM video."), field="video")
    incoming, _ = upload_dirs(upload_dir)
    private_dir(upload_dir, PASSAGE_DIR)
    private_dir(incoming)
    stored = incoming / f"{uuid.uuid4().hex}{suffix}"
    upload.save(stored)  # copies the spooled upload in chunks; never read whole into memory
    stored.chmod(PRIVATE_FILE)
    try:
        found = probe(stored)
    except MediaUnavailable:
        # Only on a first start, while the video packages are still being installed.
        stored.unlink(missing_ok=True)
        raise ServiceError(
            _l("Video uploads are not ready on this server yet. Try again in a few minutes."),
            field="video",
        ) from None
    except ProbeError:
        stored.unlink(missing_ok=True)
        raise ServiceError(
            _l("This file is not a video we can play, or it is damaged."), field="video"
        ) from None
    if found.duration <= 0 or found.duration > max_seconds:
        stored.unlink(missing_ok=True)
        raise ServiceError(
            _l("A video may last at most %(n)d minutes.", n=max_seconds // 60), field="video"
        )
    video = Video(
        exercise_id=exercise.id,
        source=VideoSource.UPLOAD,
        status=VideoStatus.PROCESSING,
        uploaded_by_id=physio.id,
        original_name=original[:255],
        incoming_file=stored.name,
        duration=found.duration,
        created_at=now,
        updated_at=now,
    )
    session.add(video)
    session.flush()
    return video


def _claim_one(session: Session, now: datetime) -> Video | None:
    """Take one waiting upload for this process (a lease, so a crashed worker's is retried)."""
    begin_write(session)
    candidate = session.scalar(
        select(Video.id)
        .where(
            Video.status == VideoStatus.PROCESSING,
            or_(Video.lease_until.is_(None), Video.lease_until < now),
        )
        .order_by(Video.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if candidate is None:
        session.commit()
        return None
    claimed = session.execute(
        update(Video)
        .where(Video.id == candidate, Video.status == VideoStatus.PROCESSING)
        .values(lease_until=now + LEASE)
        .execution_options(synchronize_session=False)
    ).rowcount
    video = session.get(Video, candidate) if claimed else None
    session.commit()  # hold no transaction during the long transcode
    return video


def process_uploads(session: Session, upload_dir: str | Path, now: datetime, limit: int = 2) -> int:
    """Transcode up to ``limit`` waiting uploads; returns how many were finished or failed."""
    done = 0
    incoming, finished = upload_dirs(upload_dir)
    private_dir(upload_dir, PASSAGE_DIR)
    private_dir(finished, SERVED_DIR)
    for _ in range(limit):
        video = _claim_one(session, now)
        if video is None:
            break
        _transcode(session, video, incoming, finished, now)
        done += 1
    return done


def _transcode(
    session: Session, video: Video, incoming: Path, finished: Path, now: datetime
) -> None:
    """Turn one original into an H.264 MP4 and a poster, and record the outcome."""
    source = incoming / (video.incoming_file or "")
    stem = f"u{video.id}-{uuid.uuid4().hex[:8]}"
    mp4, poster = finished / f"{stem}.mp4", finished / f"{stem}.jpg"
    try:
        result = transcode_to_mp4(source, mp4, poster, max_height=720)
    except (ProbeError, TranscodeError, OSError) as exc:
        log.warning("upload %s failed: %s", video.id, exc)
        video.status = VideoStatus.FAILED
        video.error = str(exc)[:500]
    else:
        digest = _sha256(mp4)
        named_mp4 = finished / f"u{video.id}-{digest[:12]}.mp4"
        named_poster = finished / f"u{video.id}-{digest[:12]}.jpg"
        mp4.replace(named_mp4)
        poster.replace(named_poster)
        for served in (named_mp4, named_poster):
            served.chmod(SERVED_FILE)
        make_thumbnails(named_poster)
        video.status = VideoStatus.READY
        video.content_hash = digest
        video.mp4_file, video.poster_file = named_mp4.name, named_poster.name
        video.duration, video.width, video.height = result.duration, result.width, result.height
        video.size_bytes = named_mp4.stat().st_size
        video.error = ""
    source.unlink(missing_ok=True)
    video.incoming_file = None
    video.lease_until = None
    video.updated_at = now
    begin_write(session)
    session.commit()


def _sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def uploads_of(session: Session, physio: User) -> list[Video]:
    """The physio's uploads, newest first, with their exercises."""
    return list(
        session.scalars(
            select(Video)
            .where(Video.source == VideoSource.UPLOAD, Video.uploaded_by_id == physio.id)
            .order_by(Video.created_at.desc(), Video.id.desc())
        )
    )
