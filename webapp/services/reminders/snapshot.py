"""Due plans read as plain rows, and the reminder rows the planning pass changes written in bulk.

The planning pass reads thousands of plans a minute only to compute today's quotas and
render an email; building and tracking an ORM object for every plan, patient and item was
half of its cost. Here each batch is three Core queries (plans with their patients locked,
items, weeks) turned into small frozen records with the attributes the quota rules and the
email templates read. Settings are read as plain copies, and every change goes back as one
executemany UPDATE per shape of change, in the pass's transaction: the same rows, columns
and values a flush would write.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from types import SimpleNamespace

from sqlalchemy import Table, bindparam, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from webapp.db import in_ids
from webapp.models import Exercise, Plan, PlanItem, PlanStatus, PlanWeek, ReminderSettings, User


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
    Plan.id,
    Plan.patient_id,
    Plan.start_date,
    Plan.weekdays,
    Plan.reminder_time,
    Plan.next_reminder_at,
    Plan.ramp_start,
)
_PATIENT_COLUMNS = (User.id, User.email, User.name, User.locale, User.timezone)
_ITEM_COLUMNS = (
    PlanItem.plan_id,
    PlanItem.id,
    PlanItem.exercise_id,
    PlanItem.sets,
    PlanItem.amount,
    PlanItem.graded,
    PlanItem.start_quota,
    PlanItem.goal,
    PlanItem.ramp_weeks,
    PlanItem.params_from_week,
)
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


# The settings columns the daily pass may change.
TRACKED = ("last_daily_on", "ignored_in_row", "weekly_only", "next_weekly_at", "next_followup_at")


class SettingsCopy(SimpleNamespace):
    """A reminder_settings row as plain attributes; changing one changes nothing stored."""


def load_settings(session: Session, user_ids: list[int]) -> dict[int, SettingsCopy]:
    """Copies of these patients' settings rows (one query); missing rows get their defaults."""
    table = ReminderSettings.__table__
    found = _select(session, table, user_ids)
    missing = set(user_ids) - set(found)
    if missing:  # first reminder ever: insert the row as the settings page would
        rows = [ReminderSettings(user_id=user_id) for user_id in missing]
        session.add_all(rows)
        session.flush()
        for row in rows:
            session.expunge(row)  # the copy read below is the one the pass changes
        found.update(_select(session, table, list(missing)))
    return found


def _select(session: Session, table: Table, user_ids: list[int]) -> dict[int, SettingsCopy]:
    """The settings rows of these patients as copies, with what they held at loading."""
    result = session.connection().execute(
        select(table).where(in_ids(session, table.c.user_id, user_ids))
    )
    found = {}
    for row in result.mappings():
        copy = SettingsCopy(**row)
        copy._loaded = tuple(row[f] for f in TRACKED)
        found[copy.user_id] = copy
    return found


def store(session: Session, advances: dict[int, datetime], settings: list[SettingsCopy]) -> None:
    """Write the plans' next reminder instants (by plan id) and the settings' changed columns.

    A plan this session holds as an object gets the new instant as its loaded value, so it
    stays clean and reads what is stored.
    """
    connection = session.connection()
    if advances:
        params = [{"pk": plan_id, "new_next_reminder_at": at} for plan_id, at in advances.items()]
        _write(connection, Plan.__table__, "id", ("next_reminder_at",), params)
        for plan_id, at in advances.items():
            loaded = session.identity_map.get(identity_key(Plan, plan_id))
            if loaded is not None:
                set_committed_value(loaded, "next_reminder_at", at)
    groups: dict[tuple[str, ...], list[dict]] = {}
    for copy in settings:
        changed = {
            f: getattr(copy, f)
            for f, old in zip(TRACKED, copy._loaded, strict=True)
            if getattr(copy, f) != old
        }
        if changed:
            params = {f"new_{f}": value for f, value in changed.items()}
            groups.setdefault(tuple(changed), []).append({"pk": copy.user_id, **params})
            copy._loaded = tuple(getattr(copy, f) for f in TRACKED)
    for fields, params in groups.items():
        _write(connection, ReminderSettings.__table__, "user_id", fields, params)


def _write(connection, table: Table, key: str, fields: tuple[str, ...], params: list[dict]):
    """Run the UPDATE for every row of ``params`` (``pk`` and ``new_<field>`` each).

    SQLite: an executemany. PostgreSQL: one statement joining the rows given as one JSON
    document, instead of a round trip per row.
    """
    if connection.dialect.name != "postgresql":
        connection.execute(_update(table, key, fields), params)
        return
    document = json.dumps(params, default=_json_value, ensure_ascii=False)
    connection.execute(_pg_update(table, key, fields), {"rows": document})


def _json_value(value: object) -> str:
    """A date or an aware datetime as ISO 8601 (what the DATE and timestamptz columns read)."""
    if isinstance(value, datetime) and value.utcoffset() is None:
        raise TypeError(f"naive datetime {value!r}")  # as UTCDateTime refuses it
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot store {value!r}")


@functools.cache
def _update(table: Table, key: str, fields: tuple[str, ...]):
    """UPDATE of these columns of one row by primary key, built once per shape."""
    return (
        table.update()
        .where(table.c[key] == bindparam("pk"))
        .values({table.c[f]: bindparam(f"new_{f}") for f in fields})
    )


@functools.cache
def _pg_update(table: Table, key: str, fields: tuple[str, ...]):
    """UPDATE ... FROM json_to_recordset(:rows): the same rows and values, in one statement."""
    dialect = postgresql.dialect()
    kinds = {name: table.c[name].type.compile(dialect=dialect) for name in (key, *fields)}
    record = ", ".join([f"pk {kinds[key]}", *(f"new_{f} {kinds[f]}" for f in fields)])
    assignments = ", ".join(f"{f} = r.new_{f}" for f in fields)
    # Names and types come from the table's own definition, never from input.
    return text(
        f"UPDATE {table.name} SET {assignments} "  # noqa: S608
        f"FROM json_to_recordset(CAST(:rows AS json)) AS r({record}) "
        f"WHERE {table.name}.{key} = r.pk"
    )
