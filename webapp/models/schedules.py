"""A plan's training days and reminder time from a day on (see ``webapp.domain.timetable``)."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base


class PlanSchedule(Base):
    """Training days and reminder time from a day on: a change that keeps the days before."""

    __tablename__ = "plan_schedules"
    __table_args__ = (
        UniqueConstraint("plan_id", "starts_on", name="uq_plan_schedules_day"),
        CheckConstraint("weekdays > 0 AND weekdays < 128", name="weekdays_mask"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    weekdays: Mapped[int] = mapped_column(Integer)
    reminder_time: Mapped[time] = mapped_column(Time)
