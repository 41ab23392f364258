"""A treatment episode and what is measured in it: intake screen, profile, NPRS, GPE, scores
measured elsewhere, and the patient's choice about the national database (LDF)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime


class Episode(Base):
    """One treatment episode of a patient, from the intake to the physio's close."""

    __tablename__ = "episodes"
    __table_args__ = (
        # One open episode per patient; closed ones stay for the record.
        Index(
            "uq_episodes_one_open_per_patient",
            "patient_id",
            unique=True,
            sqlite_where=text("closed_on IS NULL"),
            postgresql_where=text("closed_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    # The intake screen: question key -> "yes" / "no" / "not_working".
    intake_answers: Mapped[dict | None] = mapped_column(JSON)
    intake_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the screen proposed, beside what the physio chose (and why, when they differ).
    proposed_profile: Mapped[str | None] = mapped_column(String(8))
    profile: Mapped[str | None] = mapped_column(String(8))
    profile_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    profile_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    profile_set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # Set when the physio starts closing: the patient is asked the final measures first.
    closing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    close_reason: Mapped[str | None] = mapped_column(String(16))
    close_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="episode", cascade="all, delete-orphan", order_by="Measurement.recorded_on"
    )


class Measurement(Base):
    """The NPRS and GPE the patient gave at one moment (intake, week 6, week 12, close)."""

    __tablename__ = "measurements"
    __table_args__ = (
        UniqueConstraint("episode_id", "moment", name="uq_measurements_moment"),
        CheckConstraint("pain >= 0 AND pain <= 10", name="pain_range"),
        CheckConstraint("moment IN ('intake', 'week6', 'week12', 'close')", name="moment_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    moment: Mapped[str] = mapped_column(String(8))
    # NPRS: the average pain over the last 24 hours.
    pain: Mapped[int] = mapped_column(Integer)
    # The GPE step (not asked at intake).
    gpe: Mapped[str | None] = mapped_column(String(20))
    recorded_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    episode: Mapped[Episode] = relationship(back_populates="measurements")


class ExternalScore(Base):
    """The total of a licensed questionnaire measured elsewhere, typed in by the physio."""

    __tablename__ = "external_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        ForeignKey("episodes.id", ondelete="CASCADE"), index=True
    )
    instrument: Mapped[str] = mapped_column(String(16))
    total: Mapped[int] = mapped_column(Integer)
    # Only STarT Back has one: its psychosocial subscale.
    subscale: Mapped[int | None] = mapped_column(Integer)
    measured_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LdfChoice(Base):
    """The patient's yes or no to sharing their measures with the national database (LDF)."""

    __tablename__ = "ldf_choices"

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    opted_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
