"""What patients report beyond the daily log: weekly checks and their hard activities."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime
from webapp.models.base import stored_enum


class Comparison(enum.StrEnum):
    """How the past week compared with the one before."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


class WeeklyCheck(Base):
    """The short look back a patient gives with the first log of a new week."""

    __tablename__ = "weekly_checks"
    __table_args__ = (
        UniqueConstraint("plan_id", "week", name="uq_weekly_checks_week"),
        CheckConstraint("pain >= 0 AND pain <= 10", name="pain_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    # The ramp week looked back on.
    week: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    comparison: Mapped[Comparison] = mapped_column(stored_enum(Comparison, "comparison"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FunctioningActivity(Base):
    """One of up to five activities the patient finds hard (PSK: Patient Specifieke Klachten)."""

    __tablename__ = "functioning_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    episode_id: Mapped[int | None] = mapped_column(
        ForeignKey("episodes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    scores: Mapped[list[FunctioningScore]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="FunctioningScore.id"
    )

    def score_at(self, moment: str) -> int | None:
        """The difficulty scored at a moment, if any."""
        return next((s.score for s in self.scores if s.moment == moment), None)


class FunctioningScore(Base):
    """How much difficulty the activity gives at a moment: 0 = none at all, 10 = impossible."""

    __tablename__ = "functioning_scores"
    __table_args__ = (
        UniqueConstraint("activity_id", "moment", name="uq_functioning_scores_moment"),
        CheckConstraint("score >= 0 AND score <= 10", name="score_range"),
        CheckConstraint("moment IN ('intake', 'week6', 'week12', 'close')", name="moment_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("functioning_activities.id", ondelete="CASCADE")
    )
    moment: Mapped[str] = mapped_column(String(8))
    score: Mapped[int] = mapped_column(Integer)
    # Scored the other way round (0 = cannot do it) before the PSK, and stored as 10 - x.
    converted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    recorded_on: Mapped[date] = mapped_column(Date)

    activity: Mapped[FunctioningActivity] = relationship(back_populates="scores")
