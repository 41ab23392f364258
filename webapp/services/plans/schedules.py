"""Training days and reminder time changed from a day on, the days before kept as they were.

A plan keeps the schedule it started with in its own columns and each later change as a
PlanSchedule from its first day (``webapp.domain.timetable`` reads them). Nothing is
switched when the day arrives, so no pass can miss it: every reader asks which schedule
holds on the day it counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.timetable import Schedule
from webapp.models import Plan, PlanChange, PlanSchedule, PlanStatus
from webapp.services.plans.plans import user_zone


def set_from(plan: Plan, day: date, schedule: Schedule) -> None:
    """The plan keeps ``schedule`` from ``day`` on; later changes give way to it."""
    for row in [row for row in plan.schedules if row.starts_on > day]:
        plan.schedules.remove(row)
    _put(plan, day, schedule)


def patient_choice(plan: Plan, today: date, weekdays: int, reminder_time: time) -> None:
    """The patient's own days and time from today; a coming change keeps what they left.

    A field the patient changed holds for the coming changes too (their time is their
    choice); a field they left as it was lets the physio's coming change stand.
    """
    before = plan.schedule_on(today)
    for row in plan.schedules:
        if row.starts_on > today:
            if weekdays != before.weekdays:
                row.weekdays = weekdays
            if reminder_time != before.reminder_time:
                row.reminder_time = reminder_time
    _put(plan, today, Schedule(weekdays, reminder_time))


def _put(plan: Plan, day: date, schedule: Schedule) -> None:
    """Store ``schedule`` from ``day`` until the next change.

    A row for the same day is updated in place, never deleted and inserted again: a flush
    inserts before it deletes, and the day is unique per plan.
    """
    if day <= plan.start_date:  # nothing ran before it: the plan starts with it
        for row in [row for row in plan.schedules if row.starts_on <= plan.start_date]:
            plan.schedules.remove(row)
        plan.weekdays, plan.reminder_time = schedule.weekdays, schedule.reminder_time
        return
    same_day = next((row for row in plan.schedules if row.starts_on == day), None)
    earlier = sorted(
        (row for row in plan.schedules if row.starts_on < day), key=lambda row: row.starts_on
    )
    before = earlier[-1] if earlier else plan
    if Schedule(before.weekdays, before.reminder_time) == schedule:
        if same_day is not None:
            plan.schedules.remove(same_day)
        return
    if same_day is None:
        same_day = PlanSchedule(starts_on=day)
        plan.schedules.append(same_day)
    same_day.weekdays, same_day.reminder_time = schedule.weekdays, schedule.reminder_time


def replan_reminder(session: Session, plan: Plan, now: datetime) -> None:
    """Move the plan's next reminder to what its schedules say from now."""
    session.flush()
    if plan.status != PlanStatus.ACTIVE:
        return
    plan.next_reminder_at = plan.timetable.next_reminder(
        now, user_zone(plan.patient), earliest_day=plan.start_date
    )


@dataclass(frozen=True)
class ComingSchedule:
    """A change of days or time that starts after today, with the physio's note on it."""

    starts_on: date
    schedule: Schedule
    note: str


def coming_schedules(session: Session, plan: Plan, today: date) -> list[ComingSchedule]:
    """The schedule changes still ahead, each with the note of the change that made it."""
    coming = plan.timetable.coming(today)
    if not coming:
        return []
    notes: dict[str, str] = {}
    for change in session.scalars(
        select(PlanChange)
        .where(PlanChange.plan_id == plan.id, PlanChange.kind == "changed")
        .order_by(PlanChange.created_at.desc(), PlanChange.id.desc())
    ):
        detail = change.detail or {}
        if "weekdays" in detail or "reminder_time" in detail:
            notes.setdefault(detail.get("from_date", ""), change.note)
    return [
        ComingSchedule(day, schedule, notes.get(day.isoformat(), "")) for day, schedule in coming
    ]
