"""The due plans of one planning batch, read as plain rows instead of ORM objects.

The planning pass reads thousands of plans a minute only to compute today's quotas and
render an email; building and tracking an ORM object for every plan, patient and item was
half of its cost. Here each batch is three Core queries (plans with their patients locked,
items, weeks) turned into small frozen records with the attributes the quota rules and the
email templates read. Nothing here is written back through them: the pass stores what
changes (the next instant) with its own UPDATE.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.db import in_ids
from webapp.models import Exercise, Plan, PlanItem, PlanStatus, PlanWeek, User


@dataclass(frozen=True, slots=True)
class PatientRow:
    """The patient fields a reminder reads."""

    id: int
    email: str
    name: str
    locale: str
    timezone: str | None


@dataclass(frozen=True, slots=True)
class ItemRow:
    """A plan item as the quota rules and the reminder template read it."""

    id: int
    exercise: Exercise
    exercise_id: int
    sets: int
    amount: int
    graded: bool
    start_quota: int | None
    goal: int | None
    ramp_weeks: int | None
    params_from_week: int

    # The model's own rule, so the two can never disagree.
    has_ramp = property(PlanItem.has_ramp.fget)


@dataclass(frozen=True, slots=True)
class WeekRow:
    """A ramp week's stored decision and kept quotas."""

    week: int
    decision: str | None
    closed_at: datetime | None
    quotas: dict


@dataclass(frozen=True, slots=True)
class PlanRow:
    """An active plan with its patient, items (in order) and weeks."""

    id: int
    patient_id: int
    start_date: date
    weekdays: int
    reminder_time: time
    next_reminder_at: datetime
    ramp_start: date | None
    patient: PatientRow
    items: tuple[ItemRow, ...]
    weeks: tuple[WeekRow, ...]


_PLAN_COLUMNS = (
    Plan.id, Plan.patient_id, Plan.start_date, Plan.weekdays, Plan.reminder_time,
    Plan.next_reminder_at, Plan.ramp_start,
)  # fmt: skip
_PATIENT_COLUMNS = (User.id, User.email, User.name, User.locale, User.timezone)
_ITEM_COLUMNS = (
    PlanItem.plan_id, PlanItem.id, PlanItem.exercise_id, PlanItem.sets, PlanItem.amount,
    PlanItem.graded, PlanItem.start_quota, PlanItem.goal, PlanItem.ramp_weeks,
    PlanItem.params_from_week,
)  # fmt: skip
_WEEK_COLUMNS = (
    PlanWeek.plan_id,
    PlanWeek.week,
    PlanWeek.decision,
    PlanWeek.closed_at,
    PlanWeek.quotas,
)


def lock_due_plans(session: Session, now: datetime, limit: int, exercises: dict) -> list[PlanRow]:
    """The next ``limit`` active plans whose reminder is due, locked for this transaction.

    PostgreSQL skips plans another scheduler holds; SQLite has one writer at a time (the
    caller began with BEGIN IMMEDIATE). ``exercises`` caches Exercise rows by id for the
    whole pass: a catalogue has a few dozen.
    """
    due = session.execute(
        select(*_PLAN_COLUMNS, *_PATIENT_COLUMNS)
        .join(User, User.id == Plan.patient_id)
        .where(Plan.status == PlanStatus.ACTIVE, Plan.next_reminder_at <= now)
        .order_by(Plan.next_reminder_at, Plan.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Plan)
    ).all()
    if not due:
        return []
    ids = [row[0] for row in due]
    items, weeks = defaultdict(list), defaultdict(list)
    # The items' order is the plan's (position), as Plan.items reads them.
    for plan_id, *values in session.execute(
        select(*_ITEM_COLUMNS)
        .where(in_ids(session, PlanItem.plan_id, ids))
        .order_by(PlanItem.plan_id, PlanItem.position, PlanItem.id)
    ):
        items[plan_id].append(values)
    for plan_id, week, decision, closed_at, quotas in session.execute(
        select(*_WEEK_COLUMNS).where(in_ids(session, PlanWeek.plan_id, ids)).order_by(PlanWeek.week)
    ):
        weeks[plan_id].append(WeekRow(week, decision, closed_at, quotas or {}))
    _load_exercises(session, exercises, {values[1] for rows in items.values() for values in rows})
    width = len(_PLAN_COLUMNS)
    return [
        PlanRow(
            *row[:width],
            patient=PatientRow(*row[width:]),
            items=tuple(
                ItemRow(values[0], exercises[values[1]], *values[1:]) for values in items[row[0]]
            ),
            weeks=tuple(weeks[row[0]]),
        )
        for row in due
    ]


def _load_exercises(session: Session, cache: dict, wanted: set[int]) -> None:
    """Fetch the exercises not cached yet (plain loaded objects, read only)."""
    missing = wanted - cache.keys()
    if missing:
        for exercise in session.scalars(select(Exercise).where(Exercise.id.in_(missing))):
            cache[exercise.id] = exercise
