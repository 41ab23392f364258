"""Videos: which one a viewer gets for an exercise, and the catalogue's rows from its manifest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from webapp.models import (
    Exercise,
    Role,
    User,
    Video,
    VideoAudience,
    VideoSource,
    VideoStatus,
    VideoViewer,
)


def _uploads_shown_to(viewer: User | None) -> ColumnElement[bool]:
    """Which uploads this viewer gets instead of the standard video.

    A patient sees their own physio's uploads shared with all patients or with them by name;
    a physio sees their own uploads that are shared with anyone, as their patients do.
    """
    if viewer is None or not viewer.is_authenticated:
        return false()
    if viewer.role == Role.PATIENT:
        if not viewer.physio_id:
            return false()
        chosen = select(VideoViewer.video_id).where(VideoViewer.patient_id == viewer.id)
        return and_(
            Video.uploaded_by_id == viewer.physio_id,
            or_(
                Video.audience == VideoAudience.ALL.value,
                and_(Video.audience == VideoAudience.CHOSEN.value, Video.id.in_(chosen)),
            ),
        )
    return and_(Video.uploaded_by_id == viewer.id, Video.audience != VideoAudience.NOBODY.value)


def videos_for(
    session: Session, exercises: Iterable[Exercise], viewer: User | None
) -> dict[int, Video]:
    """The video each exercise shows this viewer: their physio's upload, else the catalogue's."""
    ids = [e.id for e in exercises]
    if not ids:
        return {}
    rows = session.scalars(
        select(Video)
        .where(
            Video.exercise_id.in_(ids),
            Video.status == VideoStatus.READY,
            or_(Video.source == VideoSource.CATALOGUE, _uploads_shown_to(viewer)),
        )
        .order_by(Video.created_at, Video.id)
    ).all()
    chosen: dict[int, Video] = {}
    for video in rows:
        current = chosen.get(video.exercise_id)
        # A physio's own recording wins over the catalogue; the newest upload wins.
        if current is None or video.source == VideoSource.UPLOAD:
            chosen[video.exercise_id] = video
    return chosen


def video_directory(video: Video, video_dir: str | Path, upload_dir: str | Path) -> Path:
    """The folder a video's files live in: the rendered catalogue's, or the uploads'."""
    if video.source == VideoSource.CATALOGUE:
        return Path(video_dir)
    return Path(upload_dir) / "videos"


def sync_catalogue_videos(session: Session, manifest: dict, now: datetime) -> int:
    """Make the catalogue's Video rows match the render manifest; returns rows changed."""
    entries = manifest.get("videos", {})
    exercises = {
        e.slug: e for e in session.scalars(select(Exercise).where(Exercise.owner_id.is_(None)))
    }
    rows = {
        v.exercise_id: v
        for v in session.scalars(select(Video).where(Video.source == VideoSource.CATALOGUE))
    }
    changed = 0
    for slug, exercise in exercises.items():
        entry = entries.get(slug)
        video = rows.get(exercise.id)
        if entry is None:
            if video is not None:
                session.delete(video)
                changed += 1
            continue
        if video is None:
            video = Video(exercise_id=exercise.id, source=VideoSource.CATALOGUE, created_at=now)
            session.add(video)
        if video.content_hash == entry["hash"] and video.status == VideoStatus.READY:
            continue
        video.status = VideoStatus.READY
        video.content_hash = entry["hash"]
        video.mp4_file = entry["mp4"]
        video.webm_file = entry.get("webm")
        video.poster_file = entry.get("poster")
        video.captions = dict(entry.get("captions", {}))
        video.transcript = dict(entry.get("transcript", {}))
        video.duration = float(entry.get("duration", 0))
        video.width = int(entry.get("width", 0))
        video.height = int(entry.get("height", 0))
        video.size_bytes = int(entry.get("sizes", {}).get("mp4", 0))
        video.updated_at = now
        changed += 1
    session.flush()
    return changed
