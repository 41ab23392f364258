"""What patients report beyond the daily log: weekly checks and their hard activities."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
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
    """One of up to three activities the patient finds hard (patient-specific functioning)."""

    __tablename__ = "functioning_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    scores: Mapped[list[FunctioningScore]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="FunctioningScore.week"
    )


class FunctioningScore(Base):
    """How well the patient can do an activity (0 = not at all, 10 = as before) at a checkpoint."""

    __tablename__ = "functioning_scores"
    __table_args__ = (
        UniqueConstraint("activity_id", "week", name="uq_functioning_scores_week"),
        CheckConstraint("score >= 0 AND score <= 10", name="score_range"),
        CheckConstraint("week IN (0, 6, 12)", name="checkpoint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("functioning_activities.id", ondelete="CASCADE")
    )
    week: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    recorded_on: Mapped[date] = mapped_column(Date)

    activity: Mapped[FunctioningActivity] = relationship(back_populates="scores")
