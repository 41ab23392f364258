"""Exercises and their demonstration videos."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime
from webapp.media.thumbs import thumbnail_names
from webapp.models.base import stored_enum


class Unit(enum.StrEnum):
    """How an exercise's amount is counted."""

    REPS = "reps"
    HOLD = "hold"  # seconds held per repetition
    MINUTES = "minutes"


class VideoSource(enum.StrEnum):
    """Where a video comes from: rendered by the project, or uploaded by a physio."""

    CATALOGUE = "catalogue"
    UPLOAD = "upload"


class VideoStatus(enum.StrEnum):
    """An uploaded video is processed in the background before it can be played."""

    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class VideoAudience(enum.StrEnum):
    """Which of the uploading physio's patients see an upload instead of the standard video."""

    NOBODY = "nobody"
    ALL = "all"
    CHOSEN = "chosen"


class Exercise(Base):
    """An exercise with its default dose and texts; catalogue ones have no owner."""

    __tablename__ = "exercises"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name_nl: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    unit: Mapped[Unit] = mapped_column(stored_enum(Unit, "unit"))
    default_sets: Mapped[int] = mapped_column(Integer, default=1)
    default_amount: Mapped[int] = mapped_column(Integer)
    position: Mapped[str] = mapped_column(String(16), default="", server_default="")
    category: Mapped[str] = mapped_column(String(16), default="", server_default="")
    per_side: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # {"nl": {"summary", "starting_position", "steps", "mistakes", "stop"}, "en": {...}};
    # "stop" is a list of signs (a text in exercises stored before it became one).
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    # A physio's own exercise; None for the catalogue.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )

    def name(self, locale: str) -> str:
        """The exercise's name in the given language."""
        return self.name_en if locale == "en" else self.name_nl

    def text(self, locale: str) -> dict:
        """The exercise's texts in the given language (Dutch when missing)."""
        return self.texts.get(locale) or self.texts.get("nl") or {}


class Video(Base):
    """A playable demonstration video: its files, size, captions and who may see it."""

    __tablename__ = "videos"

    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[VideoSource] = mapped_column(stored_enum(VideoSource, "video_source"))
    status: Mapped[VideoStatus] = mapped_column(
        stored_enum(VideoStatus, "video_status"), default=VideoStatus.READY
    )
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    mp4_file: Mapped[str | None] = mapped_column(String(200))
    webm_file: Mapped[str | None] = mapped_column(String(200))
    poster_file: Mapped[str | None] = mapped_column(String(200))
    captions: Mapped[dict] = mapped_column(JSON, default=dict)  # {"nl": file, "en": file}
    transcript: Mapped[dict] = mapped_column(JSON, default=dict)  # {"nl": [[start, end, text]]}
    duration: Mapped[float] = mapped_column(Float, default=0.0)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    # Uploads: private to this physio and their patients.
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    original_name: Mapped[str] = mapped_column(String(255), default="")
    # A new upload is shown to nobody until the physio chooses; a VideoAudience value.
    audience: Mapped[str] = mapped_column(
        String(8), default=VideoAudience.NOBODY, server_default=VideoAudience.NOBODY.value
    )
    title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    incoming_file: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str] = mapped_column(Text, default="")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    exercise: Mapped[Exercise] = relationship()
    viewers: Mapped[list[VideoViewer]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    def thumbnails(self) -> dict[str, str]:
        """The list thumbnails made from the poster, by format (none without a poster)."""
        return thumbnail_names(self.poster_file) if self.poster_file else {}

    def files(self) -> set[str]:
        """Every file name that belongs to this video."""
        names = {self.mp4_file, self.webm_file, self.poster_file, *self.captions.values()}
        return {name for name in names | set(self.thumbnails().values()) if name}


class VideoViewer(Base):
    """A patient chosen to see an upload whose audience is the chosen patients."""

    __tablename__ = "video_viewers"

    video_id: Mapped[int] = mapped_column(
        ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True
    )
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
