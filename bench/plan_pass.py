"""Benchmark: the planning pass queueing 10,000 reminders due in one minute among 100,000 patients.

Prints the seconds the pass takes on SQLite and on PostgreSQL (a throwaway database next to
--pg, dropped afterwards) and the rate; target: under 5 s. The data is bulk-inserted, with
settings rows in their steady state (weekly summary scheduled, not due). Run from the repo:
    .venv/bin/python bench/plan_pass.py [--patients 100000] [--due 10000]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT))
os.environ.setdefault("RUGCOACH_ENV", "testing")
for _name in ("DATABASE_URL", "SMTP_URL", "BASE_URL", "MAIL_FROM"):
    os.environ.pop(_name, None)

# A Tuesday morning: 08:00 in Amsterdam, with no DST change near.
AT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
ZONES = ("Europe/Amsterdam", "Europe/Brussels", "Europe/Berlin")


def specs(patients: int, due: int):
    """``due`` patients whose reminder falls in the minute before AT; the rest tomorrow."""
    from datetime import time as clock_time

    from tests.support.reminders.population import PatientSpec

    found = []
    for n in range(patients):
        zone = ZONES[n % len(ZONES)]
        locale = "en" if n % 5 == 0 else "nl"
        # Due ones at AT - n seconds (same minute); the others a day later.
        next_at = AT - timedelta(seconds=n % 60) if n < due else AT + timedelta(days=1)
        found.append(
            PatientSpec(
                zone=zone,
                at=clock_time(8, 0),
                next_at=next_at,
                locale=locale,
                weekly=True,
                next_weekly_at=AT + timedelta(days=3),
            )
        )
    return found


def run(backend: str, pg_url: str, patients: int, due: int) -> None:
    """Build the population on one backend and time one planning pass (and an idle one)."""
    from sqlalchemy import func, select

    from scheduler.jobs import plan_reminders
    from tests.support.reminders.population import demo_exercise_ids, populate, throwaway_database
    from webapp import create_app
    from webapp.db import new_session
    from webapp.models import OutboxEmail

    with throwaway_database(backend, pg_url) as url, tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": tmp, "CLOCK": lambda: AT})
        started = time.perf_counter()
        populate(
            app.extensions["rugcoach.engine"],
            specs(patients, due),
            exercise_ids=demo_exercise_ids(app),
            start_date=date(2026, 11, 2),
            now=AT - timedelta(days=22),
        )
        print(f"{backend}: {patients:,} patients created in {time.perf_counter() - started:.1f} s")
        started, cpu = time.perf_counter(), time.process_time()
        queued = plan_reminders(app, AT)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        started = time.perf_counter()
        again = plan_reminders(app, AT + timedelta(seconds=30))
        idle = time.perf_counter() - started
        with new_session(app) as session:
            rows = session.scalar(select(func.count()).select_from(OutboxEmail))
        print(
            f"{backend}: planning pass queued {queued:,} in {seconds:.2f} s "
            f"(this process's CPU {cpu:.2f} s; {queued / seconds:,.0f}/s; target < 5 s); "
            f"outbox rows {rows:,}; "
            f"next pass (nothing due) {again} in {idle * 1000:.0f} ms"
        )
        app.extensions["rugcoach.engine"].dispose()


def main() -> int:
    """Parse the options and run each backend in turn."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run(backend, args.pg, args.patients, args.due)
    return 0


if __name__ == "__main__":
    sys.exit(main())
