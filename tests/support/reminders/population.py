"""Patients with plans made in bulk (Core executemany, no argon2, no ORM per row).

Tests and benchmarks that need hundreds of thousands of patients cannot afford the services'
one-by-one path; the rows here are what those services would have written.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from webapp.db import Base
from webapp.domain.schedule import ALL_DAYS
from webapp.models import Plan, PlanItem, ReminderSettings, User

# Not a real hash: bulk patients never sign in, and argon2 would cost seconds per thousand.
NO_PASSWORD = "!bulk-no-login"
CHUNK = 5_000


@dataclass(frozen=True)
class PatientSpec:
    """One patient: where, when and on which days the daily reminder goes."""

    zone: str
    at: time
    next_at: datetime  # the plan's first reminder instant (UTC)
    weekdays: int = ALL_DAYS
    locale: str = "nl"
    quiet: tuple[time, time] = (time(21, 30), time(7, 30))
    weekly: bool = False
    next_weekly_at: datetime | None = None


def first_instant(day: date, at: time, zone: str) -> datetime:
    """The UTC instant of a wall time with no DST transition nearby (fixtures only)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _next_id(conn: Connection, model) -> int:
    """The first id above every existing row of a table."""
    return (conn.scalar(select(func.max(model.id))) or 0) + 1


def _insert(conn: Connection, table, rows: list[dict]) -> None:
    """Insert rows in chunks (SQLAlchemy turns each chunk into multi-row VALUES)."""
    for start in range(0, len(rows), CHUNK):
        conn.execute(insert(table), rows[start : start + CHUNK])


def populate(
    engine: Engine,
    specs: Sequence[PatientSpec],
    *,
    exercise_ids: Iterable[int],
    start_date: date,
    now: datetime,
    email_domain: str = "bulk.example.org",
) -> list[tuple[int, int]]:
    """Create one patient, active plan and settings row per spec; returns (user id, plan id)."""
    exercise_ids = list(exercise_ids)
    with engine.begin() as conn:
        first_user, first_plan = _next_id(conn, User), _next_id(conn, Plan)
        first_item = _next_id(conn, PlanItem)
        users, plans, items, settings = [], [], [], []
        for n, spec in enumerate(specs):
            user_id, plan_id = first_user + n, first_plan + n
            users.append(
                dict(
                    id=user_id,
                    email=f"p{user_id}@{email_domain}",
                    password_hash=NO_PASSWORD,
                    role="patient",
                    name=f"Patient {user_id}",
                    locale=spec.locale,
                    timezone=spec.zone,
                    created_at=now,
                )
            )
            plans.append(
                dict(
                    id=plan_id,
                    patient_id=user_id,
                    status="active",
                    start_date=start_date,
                    weekdays=spec.weekdays,
                    reminder_time=spec.at,
                    next_reminder_at=spec.next_at,
                    created_at=now,
                )
            )
            for position, exercise_id in enumerate(exercise_ids):
                items.append(
                    dict(
                        id=first_item + len(items),
                        plan_id=plan_id,
                        exercise_id=exercise_id,
                        position=position,
                        sets=1,
                        amount=10,
                    )
                )
            settings.append(
                dict(
                    user_id=user_id,
                    daily_enabled=True,
                    followup_enabled=False,
                    weekly_enabled=spec.weekly,
                    quiet_start=spec.quiet[0],
                    quiet_end=spec.quiet[1],
                    ignored_in_row=0,
                    weekly_only=False,
                    next_weekly_at=spec.next_weekly_at,
                )
            )
        _insert(conn, User.__table__, users)
        _insert(conn, Plan.__table__, plans)
        _insert(conn, PlanItem.__table__, items)
        _insert(conn, ReminderSettings.__table__, settings)
        if conn.dialect.name == "postgresql":
            # Explicit ids leave the sequences behind; later ORM inserts must not collide.
            for model in (User, Plan, PlanItem):
                name = model.__table__.name
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT max(id) FROM {name}))"
                    )
                )
    return [(u["id"], p["id"]) for u, p in zip(users, plans, strict=True)]


def log_days(engine: Engine, logged: Iterable[tuple[int, int, date]], now: datetime) -> None:
    """Record a done session for each (user, plan, local day), as the log page would."""
    from webapp.models import SessionLog

    rows = [
        dict(
            patient_id=user_id,
            plan_id=plan_id,
            local_date=day,
            status="done",
            pain=2,
            note="",
            baseline=False,
            source="web",
            created_at=now,
            updated_at=now,
        )
        for user_id, plan_id, day in logged
    ]
    if rows:
        with engine.begin() as conn:
            _insert(conn, SessionLog.__table__, rows)


@contextmanager
def throwaway_database(backend: str, pg_url: str | None = None) -> Iterator[str]:
    """An empty database with the current schema, dropped afterwards; yields its URL.

    PostgreSQL: a new database next to the one ``pg_url`` names (like tests/test_migrations.py).
    """
    workdir = tempfile.TemporaryDirectory()
    if backend == "sqlite":
        url = f"sqlite:///{Path(workdir.name) / 'throwaway.db'}"
        admin = None
    else:
        base = make_url(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
        name = f"rugcoach_throwaway_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    try:
        yield url
    finally:
        workdir.cleanup()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def demo_exercise_ids(app) -> list[int]:
    """The ids of the demo plan's exercises, loading the catalogue into the app's database."""
    from webapp.db import new_session
    from webapp.services.ops.demo import demo_exercises

    with app.app_context(), new_session(app) as session:
        found = demo_exercises(session, app.config["CATALOGUE_DIR"])
        session.commit()
        return [e.id for e in found]
