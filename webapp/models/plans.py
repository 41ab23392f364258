"""Plans, their items and the session log."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
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
from webapp.domain.timetable import Schedule, Timetable
from webapp.models.accounts import User
from webapp.models.base import stored_enum
from webapp.models.library import Exercise

if TYPE_CHECKING:
    from webapp.models.schedules import PlanSchedule


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


class Feeling(enum.StrEnum):
    """How a session felt to the patient."""

    GOOD = "good"
    OK = "ok"
    HARD = "hard"


class Plan(Base):
    """A patient's exercise plan: which days, at what local time, which exercises.

    A build-up plan starts with a baseline week (``ramp_start`` unset); confirming the
    proposal sets ``ramp_start``, the first day of ramp week 0. Weeks are counted in days
    from there, so the quota of any week follows from the items' parameters and the stored
    PlanWeek decisions.
    """

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
        stored_enum(PlanStatus, "plan_status"), default=PlanStatus.ACTIVE
    )
    start_date: Mapped[date] = mapped_column(Date)
    # The schedule the plan started with (bit 0 is Monday ... bit 6 is Sunday); a later
    # change is a PlanSchedule from its first day. Read them through ``schedule_on``.
    weekdays: Mapped[int] = mapped_column(Integer, default=0b1111111)
    reminder_time: Mapped[time] = mapped_column(Time, default=time(18, 30))
    # The next instant (UTC) a reminder is due; the scheduler's index.
    next_reminder_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # When the scheduler's week close next looks at this plan (just after the patient's
    # local midnight); NULL means at the next run. Keeps the hourly close to the plans due.
    next_close_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    template: Mapped[str] = mapped_column(String(24), default="custom", server_default="custom")
    ramp_start: Mapped[date | None] = mapped_column(Date)
    goal_reached_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    patient: Mapped[User] = relationship(foreign_keys=[patient_id])
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", order_by="PlanItem.position", cascade="all, delete-orphan"
    )
    weeks: Mapped[list[PlanWeek]] = relationship(
        back_populates="plan", order_by="PlanWeek.week", cascade="all, delete-orphan"
    )
    # Few rows per plan, read by every page that counts planned days: loaded with the plan.
    schedules: Mapped[list[PlanSchedule]] = relationship(
        order_by="PlanSchedule.starts_on",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def timetable(self) -> Timetable:
        """The schedule the plan started with and its later changes, by their first day."""
        changes = tuple(
            (row.starts_on, Schedule(row.weekdays, row.reminder_time))
            for row in sorted(self.schedules, key=lambda row: row.starts_on)
        )
        return Timetable(Schedule(self.weekdays, self.reminder_time), changes)

    def schedule_on(self, day: date) -> Schedule:
        """The training days and reminder time that hold on a local day."""
        return self.timetable.on(day)

    def planned_on(self, day: date) -> bool:
        """True when the plan asks a session on a local day (from its start, on its days)."""
        return day >= self.start_date and self.timetable.is_training_day(day)

    @property
    def graded_items(self) -> list[PlanItem]:
        """The items that build up on the fixed schedule (not those a change took out)."""
        return [item for item in self.items if item.graded and item.ends_on is None]

    def items_on(self, day: date) -> list[PlanItem]:
        """The exercises the plan asks on a local day: a change adds and ends items by date."""
        return [item for item in self.items if item.applies_on(day)]

    def items_from(self, day: date) -> list[PlanItem]:
        """The exercises that still apply on or after a day: the plan as it runs from then."""
        return [item for item in self.items if item.ends_on is None or item.ends_on >= day]

    @property
    def in_baseline(self) -> bool:
        """True while the build-up items still wait for their measured baseline."""
        return self.ramp_start is None and any(item.graded for item in self.items)


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
    # The fixed dose per set; for a graded item, the dose during the baseline week.
    amount: Mapped[int] = mapped_column(Integer)
    # Graded activity (time-contingent): baseline B, start quota Q0, goal G over N weeks.
    graded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    baseline: Mapped[float | None] = mapped_column(Float)
    start_quota: Mapped[int | None] = mapped_column(Integer)
    goal: Mapped[int | None] = mapped_column(Integer)
    ramp_weeks: Mapped[int | None] = mapped_column(Integer)
    # The ramp week these parameters apply from (a physio's change starts a new ramp).
    params_from_week: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A physio's change to a running plan: the first and last local day the item applies
    # (None: from the plan's start, and open-ended). An ended item keeps its logs.
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="items")
    exercise: Mapped[Exercise] = relationship()

    @property
    def has_ramp(self) -> bool:
        """True once the item's graded-activity parameters are set."""
        return self.graded and None not in (self.start_quota, self.goal, self.ramp_weeks)

    def applies_on(self, day: date) -> bool:
        """True when the plan asks this item on a local day."""
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )


class PlanWeek(Base):
    """One ramp week of a plan and what was decided at its end (advanced, held or flare)."""

    __tablename__ = "plan_weeks"
    __table_args__ = (UniqueConstraint("plan_id", "week", name="uq_plan_weeks_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    week: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    # None while the week is open; a flare is stored as soon as the patient declares it.
    decision: Mapped[str | None] = mapped_column(String(16))
    flare_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    planned_sessions: Mapped[int] = mapped_column(Integer, default=0)
    met_sessions: Mapped[int] = mapped_column(Integer, default=0)
    # {plan_item_id: quota} as it was that week, so later changes never rewrite history.
    quotas: Mapped[dict] = mapped_column(JSON, default=dict)

    plan: Mapped[Plan] = relationship(back_populates="weeks")


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
    status: Mapped[SessionStatus] = mapped_column(stored_enum(SessionStatus, "session_status"))
    pain: Mapped[int] = mapped_column(Integer)
    # Which question the pain score answered: logs before the NPRS change asked "pain now"
    # (the column's default, which the migration gave every older row).
    pain_question: Mapped[str] = mapped_column(String(8), default="avg_24h", server_default="now")
    feeling: Mapped[Feeling | None] = mapped_column(stored_enum(Feeling, "feeling"))
    note: Mapped[str] = mapped_column(Text, default="")
    # A measured session of the baseline week: amounts are measurements, not capped.
    baseline: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    source: Mapped[str] = mapped_column(String(8), default="web")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    items: Mapped[list[ItemLog]] = relationship(
        back_populates="log", cascade="all, delete-orphan", order_by="ItemLog.plan_item_id"
    )

    def amount_for(self, item_id: int) -> int | None:
        """The amount logged for a plan item, if any."""
        for entry in self.items:
            if entry.plan_item_id == item_id:
                return entry.amount
        return None


class ItemLog(Base):
    """How much of one plan item was done in a logged session."""

    __tablename__ = "item_logs"
    __table_args__ = (
        UniqueConstraint("session_log_id", "plan_item_id", name="uq_item_logs_item"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_log_id: Mapped[int] = mapped_column(
        ForeignKey("session_logs.id", ondelete="CASCADE"), index=True
    )
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(Integer)
    # The quota that applied that day (None in the baseline week); the amount never exceeds it.
    quota: Mapped[int | None] = mapped_column(Integer)
    capped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    log: Mapped[SessionLog] = relationship(back_populates="items")


class LogReceipt(Base):
    """A log sent with the phone's own id: kept so the same send, replayed, never counts twice.

    A log made without a connection waits on the phone and may reach the server more than
    once (a retry after a lost answer); the patient and the id say it was already received.
    """

    __tablename__ = "log_receipts"
    __table_args__ = (UniqueConstraint("patient_id", "client_id", name="uq_log_receipts_client"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    session_log_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_logs.id", ondelete="SET NULL"), index=True
    )
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
