"""Rugcoach's tables as SQLAlchemy 2 typed models."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    """Store an enum as its value in a VARCHAR with a CHECK, the same on both databases."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Role(enum.StrEnum):
    """What an account may do."""

    PATIENT = "patient"
    PHYSIO = "physio"
    ADMIN = "admin"


class Unit(enum.StrEnum):
    """How an exercise's amount is counted."""

    REPS = "reps"
    HOLD = "hold"  # seconds held per repetition
    MINUTES = "minutes"


class PlanStatus(enum.StrEnum):
    """A plan's life cycle; a patient has at most one active plan."""

    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class SessionStatus(enum.StrEnum):
    """How a day's session went: partial and skipped are honest answers too."""

    DONE = "done"
    PARTIAL = "partial"
    SKIPPED = "skipped"


class OutboxStatus(enum.StrEnum):
    """Where an outgoing email is in the delivery pipeline."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    EXPIRED = "expired"


class User(UserMixin, Base):
    """A patient, physiotherapist or admin account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), default=Role.PATIENT)
    name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    physio_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    onset_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    physio: Mapped[User | None] = relationship(remote_side=[id])

    @property
    def is_physio(self) -> bool:
        """True for physiotherapists."""
        return self.role == Role.PHYSIO

    @property
    def is_admin(self) -> bool:
        """True for admins."""
        return self.role == Role.ADMIN


class VideoSource(enum.StrEnum):
    """Where a video comes from: rendered by the project, or uploaded by a physio."""

    CATALOGUE = "catalogue"
    UPLOAD = "upload"


class VideoStatus(enum.StrEnum):
    """An uploaded video is processed in the background before it can be played."""

    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class Exercise(Base):
    """An exercise with its default dose and texts; catalogue ones have no owner."""

    __tablename__ = "exercises"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name_nl: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    unit: Mapped[Unit] = mapped_column(_enum(Unit, "unit"))
    default_sets: Mapped[int] = mapped_column(Integer, default=1)
    default_amount: Mapped[int] = mapped_column(Integer)
    position: Mapped[str] = mapped_column(String(16), default="", server_default="")
    category: Mapped[str] = mapped_column(String(16), default="", server_default="")
    per_side: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # {"nl": {"summary", "starting_position", "steps", "mistakes", "stop"}, "en": {...}}
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
    source: Mapped[VideoSource] = mapped_column(_enum(VideoSource, "video_source"))
    status: Mapped[VideoStatus] = mapped_column(
        _enum(VideoStatus, "video_status"), default=VideoStatus.READY
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
    incoming_file: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str] = mapped_column(Text, default="")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    exercise: Mapped[Exercise] = relationship()

    def files(self) -> set[str]:
        """Every file name that belongs to this video."""
        names = {self.mp4_file, self.webm_file, self.poster_file, *self.captions.values()}
        return {name for name in names if name}


class Plan(Base):
    """A patient's exercise plan: which days, at what local time, which exercises."""

    __tablename__ = "plans"
    __table_args__ = (
        # At most one active plan per patient, enforced by the database.
        Index(
            "uq_plans_one_active_per_patient",
            "patient_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
        CheckConstraint("weekdays > 0 AND weekdays < 128", name="weekdays_mask"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[PlanStatus] = mapped_column(
        _enum(PlanStatus, "plan_status"), default=PlanStatus.ACTIVE
    )
    start_date: Mapped[date] = mapped_column(Date)
    # Bit 0 is Monday ... bit 6 is Sunday.
    weekdays: Mapped[int] = mapped_column(Integer, default=0b1111111)
    reminder_time: Mapped[time] = mapped_column(Time, default=time(18, 30))
    # The next instant (UTC) a reminder is due; the scheduler's index.
    next_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    patient: Mapped[User] = relationship(foreign_keys=[patient_id])
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", order_by="PlanItem.position", cascade="all, delete-orphan"
    )


class PlanItem(Base):
    """One exercise in a plan with its dose."""

    __tablename__ = "plan_items"
    __table_args__ = (
        CheckConstraint("sets >= 1", name="sets_positive"),
        CheckConstraint("amount >= 1", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    sets: Mapped[int] = mapped_column(Integer, default=1)
    amount: Mapped[int] = mapped_column(Integer)

    plan: Mapped[Plan] = relationship(back_populates="items")
    exercise: Mapped[Exercise] = relationship()


class SessionLog(Base):
    """What a patient did on one local day of a plan."""

    __tablename__ = "session_logs"
    __table_args__ = (
        UniqueConstraint("patient_id", "plan_id", "local_date", name="uq_session_logs_day"),
        CheckConstraint("pain >= 0 AND pain <= 10", name="pain_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    local_date: Mapped[date] = mapped_column(Date)
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus, "session_status"))
    pain: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(8), default="web")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxEmail(Base):
    """An email waiting for, in, or past delivery; the key makes a second insert a no-op."""

    __tablename__ = "outbox_emails"
    __table_args__ = (Index("ix_outbox_emails_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    headers: Mapped[str] = mapped_column(Text, default="{}")  # JSON object of extra headers
    message_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[OutboxStatus] = mapped_column(
        _enum(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(36))
    not_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
