"""Putting a ready video with its file on disk into the library for the media tests."""

from __future__ import annotations

from pathlib import Path

from webapp.models import Video, VideoAudience, VideoSource, VideoStatus


def add_video(
    db,
    clock,
    exercise,
    name: str,
    *,
    source=VideoSource.CATALOGUE,
    uploaded_by=None,
    content_hash: str = "abc123" * 5,
    audience: VideoAudience = VideoAudience.ALL,
) -> Video:
    """A ready video row for the file ``name``, with a poster and a Dutch caption track."""
    video = Video(
        exercise_id=exercise.id,
        source=source,
        status=VideoStatus.READY,
        content_hash=content_hash,
        mp4_file=name,
        poster_file=name.replace(".mp4", ".jpg"),
        captions={"nl": name.replace(".mp4", ".nl.vtt")},
        uploaded_by_id=uploaded_by,
        audience=audience.value,
        created_at=clock(),
        updated_at=clock(),
    )
    db.add(video)
    db.commit()
    return video


def write_file(folder: str | Path, name: str, data: bytes) -> Path:
    """Write one file into a video folder, creating the folder when needed."""
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
