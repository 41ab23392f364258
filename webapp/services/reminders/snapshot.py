"""Due reminders read in batches as plain records, and what a pass changes written in bulk.

The planning passes read thousands of plans a minute only to compute quotas and render an
email; building and tracking an ORM object for every plan, patient and item was half of
their cost. Here a batch of due rows - whichever index made them due: ``Plan.
next_reminder_at`` for the daily reminder, ``ReminderSettings.next_followup_at`` and
``next_weekly_at`` for the others - is locked and read by a few Core queries into one
family of small frozen records (``PlanRow`` with its patient, items and weeks) holding the
attributes the quota rules (care/graded.py, duck-typed) and the email templates read.
Settings rows become copies that the pass changes; ``store`` writes back only what
changed, in the pass's transaction, with ``webapp.db.bulk_update``: the same rows,
columns and values a flush would write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from webapp.db import begin_write, bulk_update, in_ids
from webapp.models import (
    Exercise,
    Plan,
    PlanItem,
    PlanSchedule,
    PlanStatus,
    PlanWeek,
    ReminderSettings,
    User,
)


@dataclass(frozen=True, slots=True)
class PatientRow:
    """The patient fields a reminder reads."""

    id: int
    email: str
    name: str
    locale: str
    timezone: str | None
    onset_date: date | None


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
    starts_on: date | None
    ends_on: date | None

    # The model's own rules, so the two can never disagree.
    has_ramp = property(PlanItem.has_ramp.fget)
    applies_on = PlanItem.applies_on


@dataclass(frozen=True, slots=True)
class WeekRow:
    """A ramp week's stored decision and kept quotas."""

    week: int
    decision: str | None
    closed_at: datetime | None
    quotas: dict


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """A change of training days and reminder time from its first day."""

    starts_on: date
    weekdays: int
    reminder_time: time


@dataclass(frozen=True, slots=True)
class PlanRow:
    """An active plan with its patient, items (in order) and weeks."""

    id: int
    patient_id: int
    start_date: date
    weekdays: int
    reminder_time: time
    next_reminder_at: datetime | None
    ramp_start: date | None
    goal_reached_on: date | None
    patient: PatientRow
    items: tuple[ItemRow, ...]
    weeks: tuple[WeekRow, ...]
    schedules: tuple[ScheduleRow, ...] = ()

    graded_items = property(Plan.graded_items.fget)
    items_on = Plan.items_on
    timetable = property(Plan.timetable.fget)
    schedule_on = Plan.schedule_on
    planned_on = Plan.planned_on


class SettingsCopy(SimpleNamespace):
    """A reminder_settings row as plain attributes; changing one changes nothing stored."""


@dataclass(frozen=True, slots=True)
class Due:
    """One row of a batch: the patient's active plan (None when there is none) and settings."""

    plan: PlanRow | None
    settings: SettingsCopy


def in_batches(session: Session, limit: int, find: Callable, handle: Callable) -> int:
    """``handle(find(limit))`` in one writing transaction each, until fewer than ``limit`` come.

    ``find`` locks what it reads (SKIP LOCKED on PostgreSQL, so several schedulers share the
    work; SQLite has one writer at a time). Returns the sum of what ``handle`` returned.
    """
    done = 0
    while True:
        begin_write(session)
        due = find(limit)
        if due:
            done += handle(due)
        session.commit()
        if len(due) < limit:
            return done


def lock_due_plans(session: Session, now: datetime, limit: int, exercises: dict) -> list[Due]:
    """The next ``limit`` active plans whose daily reminder is due, locked, with the settings.

    ``exercises`` caches Exercise rows by id for the whole pass: a catalogue has a few dozen.
    """
    rows = session.execute(
        _plan_query()
        .where(Plan.status == PlanStatus.ACTIVE, Plan.next_reminder_at <= now)
        .order_by(Plan.next_reminder_at, Plan.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Plan)
    ).all()
    if not rows:  # the usual minute: nothing due, no more queries
        return []
    plans = _records(session, rows, exercises)
    settings = load_settings(session, [plan.patient_id for plan in plans])
    return [Due(plan, settings[plan.patient_id]) for plan in plans]


def lock_due_settings(
    session: Session, column, now: datetime, limit: int, exercises: dict
) -> list[Due]:
    """The next ``limit`` settings rows whose ``column`` instant is due, locked, with the plans."""
    table = ReminderSettings.__table__
    result = session.connection().execute(
        select(table)
        .where(column <= now)
        .order_by(column)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    settings = [_copy(row) for row in result.mappings()]
    plans = active_plans(session, [copy.user_id for copy in settings], exercises)
    return [Due(plans.get(copy.user_id), copy) for copy in settings]


def active_plans(session: Session, patient_ids: list[int], exercises: dict) -> dict[int, PlanRow]:
    """These patients' active plans (not locked), by patient id."""
    if not patient_ids:
        return {}
    rows = session.execute(
        _plan_query().where(
            in_ids(session, Plan.patient_id, patient_ids), Plan.status == PlanStatus.ACTIVE
        )
    ).all()
    return {plan.patient_id: plan for plan in _records(session, rows, exercises)}


def _columns(model, record, skip: tuple[str, ...] = ()) -> list:
    """The model's columns named as the record's fields, in the fields' order."""
    return [getattr(model, f.name) for f in fields(record) if f.name not in skip]


_PLAN_COLUMNS = _columns(Plan, PlanRow, skip=("patient", "items", "weeks", "schedules"))
_PATIENT_COLUMNS = _columns(User, PatientRow)
# Each item's and week's plan first, to group them by plan.
_ITEM_COLUMNS = [PlanItem.plan_id, *_columns(PlanItem, ItemRow, skip=("exercise",))]
_WEEK_COLUMNS = [PlanWeek.plan_id, *_columns(PlanWeek, WeekRow)]
_SCHEDULE_COLUMNS = [PlanSchedule.plan_id, *_columns(PlanSchedule, ScheduleRow)]


def _plan_query():
    """Plans with their patients, as the columns PlanRow and PatientRow hold."""
    return select(*_PLAN_COLUMNS, *_PATIENT_COLUMNS).join(User, User.id == Plan.patient_id)


def _records(session: Session, rows: list, exercises: dict) -> list[PlanRow]:
    """PlanRows for rows of ``_plan_query``, with items, weeks and schedules (three queries)."""
    if not rows:
        return []
    ids = [row[0] for row in rows]
    items, weeks, schedules = defaultdict(list), defaultdict(list), defaultdict(list)
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
    for plan_id, *values in session.execute(
        select(*_SCHEDULE_COLUMNS)
        .where(in_ids(session, PlanSchedule.plan_id, ids))
        .order_by(PlanSchedule.starts_on)
    ):
        schedules[plan_id].append(ScheduleRow(*values))
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
            schedules=tuple(schedules[row[0]]),
        )
        for row in rows
    ]


def _load_exercises(session: Session, cache: dict, wanted: set[int]) -> None:
    """Fetch the exercises not cached yet (plain loaded objects, read only)."""
    missing = wanted - cache.keys()
    if missing:
        for exercise in session.scalars(select(Exercise).where(Exercise.id.in_(missing))):
            cache[exercise.id] = exercise


# The settings columns the planning passes may change.
TRACKED = ("last_daily_on", "ignored_in_row", "weekly_only", "next_weekly_at", "next_followup_at")


def load_settings(session: Session, user_ids: list[int]) -> dict[int, SettingsCopy]:
    """Copies of these patients' settings rows (one query); missing rows get their defaults."""
    found = _select_settings(session, user_ids)
    missing = set(user_ids) - set(found)
    if missing:  # first reminder ever: insert the row as the settings page would
        rows = [ReminderSettings(user_id=user_id) for user_id in missing]
        session.add_all(rows)
        session.flush()
        for row in rows:
            session.expunge(row)  # the copy read below is the one the pass changes
        found.update(_select_settings(session, list(missing)))
    return found


def _select_settings(session: Session, user_ids: list[int]) -> dict[int, SettingsCopy]:
    """The settings rows of these patients as copies, by user id."""
    table = ReminderSettings.__table__
    result = session.connection().execute(
        select(table).where(in_ids(session, table.c.user_id, user_ids))
    )
    return {copy.user_id: copy for copy in map(_copy, result.mappings())}


def _copy(row) -> SettingsCopy:
    """A settings row as a copy that remembers what it held when read."""
    copy = SettingsCopy(**row)
    copy._loaded = tuple(row[f] for f in TRACKED)
    return copy


def store(session: Session, batch: list[Due], advances: dict[int, datetime] | None = None) -> None:
    """Write the batch's changed settings columns and the plans' next reminder instants.

    ``advances`` maps plan ids to their next instant. A plan this session holds as an
    object gets the new instant as its loaded value, so it stays clean and reads what is
    stored.
    """
    connection = session.connection()
    if advances:
        rows = [{"id": plan_id, "next_reminder_at": at} for plan_id, at in advances.items()]
        bulk_update(connection, Plan.__table__, "id", ("next_reminder_at",), rows)
        for plan_id, at in advances.items():
            loaded = session.identity_map.get(identity_key(Plan, plan_id))
            if loaded is not None:
                set_committed_value(loaded, "next_reminder_at", at)
    # One UPDATE per shape of change: the columns that changed, as a flush would group them.
    groups: dict[tuple[str, ...], list[dict]] = {}
    for copy in (due.settings for due in batch):
        changed = {
            f: getattr(copy, f)
            for f, old in zip(TRACKED, copy._loaded, strict=True)
            if getattr(copy, f) != old
        }
        if changed:
            groups.setdefault(tuple(changed), []).append({"user_id": copy.user_id, **changed})
            copy._loaded = tuple(getattr(copy, f) for f in TRACKED)
    for columns, rows in groups.items():
        bulk_update(connection, ReminderSettings.__table__, "user_id", columns, rows)
