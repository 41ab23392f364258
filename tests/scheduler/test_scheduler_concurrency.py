"""Three scheduler processes ticking together for a simulated week: nothing twice, nothing lost.

PostgreSQL only (several scheduler processes is the PostgreSQL deployment), on a database
of its own. 1,000 patients in five zones are bulk-inserted; once a day three
``python -m scheduler tick --at T`` processes start at the same moment for the same T, so
they race for the same due plans and the same outbox rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from config import ROOT
from tests.support.database import CI, PG_URL
from tests.support.reminders.population import (
    PatientSpec,
    demo_exercise_ids,
    log_days,
    populate,
    throwaway_database,
)
from tests.support.reminders.sink import CountingSink
from webapp import create_app
from webapp.db import new_session
from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.mail.outbox import message_id_for

PATIENTS = 1_000
PROCESSES = 3
FIRST_DAY = date(2026, 11, 25)  # a Wednesday; no DST change that week anywhere below
DAYS = 7
TICK = time(13, 0)  # UTC: daytime in every zone below, after each reminder, before 21:30
# (zone, local reminder time): every one falls before 13:00 UTC on its own day.
PROFILES = (
    ("Europe/Amsterdam", time(8, 0)),
    ("Europe/Amsterdam", time(12, 30)),
    ("Europe/London", time(9, 0)),
    ("Asia/Kolkata", time(8, 0)),
    ("America/New_York", time(7, 45)),
    ("Africa/Johannesburg", time(10, 0)),
)
MON_WED_FRI = mask_from_weekdays([0, 2, 4])


@pytest.fixture
def week_database():
    """A PostgreSQL database just for this test, with the current schema; dropped after."""
    if not PG_URL:
        if CI:
            pytest.fail("CI requires PostgreSQL (TEST_DATABASE_URL)")
        pytest.skip("TEST_DATABASE_URL not set: several schedulers need PostgreSQL")
    with throwaway_database("postgresql", PG_URL) as url:
        yield url


@pytest.fixture
def sink():
    """An SMTP server that counts the Message-IDs it accepts."""
    server = CountingSink()
    server.start()
    yield server
    server.stop()


def due_instant(day: date, at: time, zone: str) -> datetime:
    """The UTC instant of a wall time (this week has no DST change)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def tick_together(env: dict[str, str], at: datetime) -> None:
    """Start PROCESSES ``python -m scheduler tick --at`` at once and wait for all of them."""
    command = [sys.executable, "-m", "scheduler", "tick", "--at", at.isoformat()]
    running = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(PROCESSES)
    ]
    for process in running:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, f"tick --at {at} failed:\n{out}\n{err}"


def test_three_schedulers_send_each_reminder_exactly_once(week_database, sink, tmp_path):
    app = create_app({"DATABASE_URL": week_database, "INSTANCE_PATH": str(tmp_path)})
    engine = app.extensions["rugcoach.engine"]
    start = datetime.combine(FIRST_DAY, time(0, 0), tzinfo=UTC)
    specs, schedule = [], []
    for n in range(PATIENTS):
        zone, at = PROFILES[n % len(PROFILES)]
        weekdays = MON_WED_FRI if n % 3 == 0 else ALL_DAYS
        days = [FIRST_DAY + timedelta(days=d) for d in range(DAYS)]
        chosen = [d for d in days if weekdays & (1 << d.weekday())]
        specs.append(
            PatientSpec(
                zone=zone, at=at, weekdays=weekdays, next_at=due_instant(chosen[0], at, zone)
            )
        )
        schedule.append(chosen)
    # Plans start today and everyone logs: no escalation flag is due all week (their
    # concurrent raising is a known race, see the last test).
    made = populate(
        engine, specs, exercise_ids=demo_exercise_ids(app), start_date=FIRST_DAY, now=start
    )
    expected = {
        f"daily:{user_id}:{day.isoformat()}": (user_id, plan_id, day)
        for (user_id, plan_id), days in zip(made, schedule, strict=True)
        for day in days
    }

    env = dict(
        os.environ,
        DATABASE_URL=week_database,
        SMTP_URL=sink.url,
        MAIL_FROM=app.config["MAIL_FROM"],
        RUGCOACH_ENV="testing",
    )
    for offset in range(DAYS):
        day = FIRST_DAY + timedelta(days=offset)
        tick_together(env, datetime.combine(day, TICK, tzinfo=UTC))
        # Everyone logs the day after the reminder, so nobody drops to weekly-only.
        log_days(
            engine,
            [v for v in expected.values() if v[2] == day],
            datetime.combine(day, time(20, 0), tzinfo=UTC),
        )

    with new_session(app) as session:
        rows = session.execute(select(OutboxEmail.idempotency_key, OutboxEmail.status)).all()
    keys = [key for key, _ in rows]
    assert len(keys) == len(set(keys))
    assert set(keys) == expected.keys(), "a reminder was lost or made up"
    assert {status for _, status in rows} == {OutboxStatus.SENT}
    mail_from = app.config["MAIL_FROM"]
    wanted = {message_id_for(key, mail_from) for key in expected}
    assert sink.handler.ids.keys() == wanted, "a reminder never reached the server"
    twice = {mid: n for mid, n in sink.handler.ids.items() if n > 1}
    assert twice == {}, f"{len(twice)} reminder(s) reached the server more than once"
    assert len(expected) > 5_000  # the week really happened: ~5,700 reminders
    engine.dispose()
