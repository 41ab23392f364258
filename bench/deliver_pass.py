"""Benchmark: the deliver pass against a local aiosmtpd sink, next to a bare smtplib loop.

Fills the outbox with real daily reminders (one planning pass), then times the deliver pass
(claim, build, send over one connection, mark each row) and a bare loop sending the same
messages over one smtplib connection, against the same sink (aiosmtpd's Sink handler in its
own process). Prints messages per second for both and the ratio; target: >= 0.8 of the bare
loop; each is run ``--rounds`` times, in alternating order, and the medians are compared
(this machine is small and shared: a single pair of runs swings by a third). Run from the
repository:
    .venv/bin/python bench/deliver_pass.py [--messages 2000] [--backends sqlite,postgresql]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import os
import smtplib
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from loadgen import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT))
os.environ.setdefault("RUGCOACH_ENV", "testing")
for _name in ("DATABASE_URL", "SMTP_URL", "BASE_URL", "MAIL_FROM"):
    os.environ.pop(_name, None)

AT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam


def start_sink() -> tuple[subprocess.Popen, int]:
    """aiosmtpd with its Sink handler (accepts and discards) in a process of its own."""
    port = free_port()
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for(port)
    return sink, port


def fill_outbox(app, messages: int) -> None:
    """``messages`` patients due now, planned into the outbox by the real planning pass."""
    from datetime import time as clock_time

    from scheduler.jobs import plan_reminders
    from tests.support.reminders.population import PatientSpec, demo_exercise_ids, populate

    specs = [
        PatientSpec(
            zone="Europe/Amsterdam",
            at=clock_time(8, 0),
            next_at=AT,
            locale="en" if n % 5 == 0 else "nl",
        )
        for n in range(messages)
    ]
    populate(
        app.extensions["rugcoach.engine"],
        specs,
        exercise_ids=demo_exercise_ids(app),
        start_date=date(2026, 11, 2),
        now=AT - timedelta(days=22),
    )
    assert plan_reminders(app, AT) == messages
    engine = app.extensions["rugcoach.engine"]
    if engine.dialect.name == "postgresql":
        # Statistics as autovacuum keeps them on a running server: with none yet, the
        # planner takes the fresh outbox for a few rows and sorts instead of walking the index.
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE outbox_emails")
            connection.commit()


def bare_loop(app, port: int) -> tuple[int, float, float]:
    """The same messages, built beforehand, sent over one smtplib connection (MAIL, RCPT, DATA).

    Returns (count, seconds, CPU seconds of this process).
    """
    from sqlalchemy import select

    from webapp.db import new_session
    from webapp.models import OutboxEmail
    from webapp.services.mail.delivery import build_message

    mail_from = app.config["MAIL_FROM"]
    with new_session(app) as session:
        rows = session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        messages = [build_message(row, mail_from, AT) for row in rows]
    started, cpu = time.perf_counter(), time.process_time()
    with smtplib.SMTP("127.0.0.1", port) as conn:
        for message in messages:
            conn.sendmail(message.sender, list(message.recipients), message.data)
    return len(messages), time.perf_counter() - started, time.process_time() - cpu


def run(backend: str, pg_url: str, messages: int, port: int, rounds: int) -> None:
    """Fill the outbox on one backend, then time the deliver pass and the bare loop, in turns."""
    from config import parse_smtp_url
    from scheduler.jobs import deliver_outbox
    from tests.support.reminders.population import throwaway_database
    from webapp import create_app

    with throwaway_database(backend, pg_url) as url, tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "DATABASE_URL": url,
                "INSTANCE_PATH": tmp,
                "CLOCK": lambda: AT,
                "SMTP": parse_smtp_url(f"smtp://127.0.0.1:{port}"),
            }
        )
        fill_outbox(app, messages)
        ours_runs, bare_runs = [], []
        for round_number in range(rounds):
            # Alternate which goes first: on a small shared machine the order shows.
            for which in ("ours", "bare") if round_number % 2 == 0 else ("bare", "ours"):
                if which == "ours":
                    reset_outbox(app)
                    started, cpu = time.perf_counter(), time.process_time()
                    report = deliver_outbox(app, AT)
                    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                    assert report.sent == messages, report
                    ours_runs.append((report.sent / seconds, seconds, cpu))
                else:
                    sent, bare_seconds, bare_cpu = bare_loop(app, port)
                    bare_runs.append((sent / bare_seconds, bare_seconds, bare_cpu))
        ours, seconds, cpu = sorted(ours_runs)[len(ours_runs) // 2]
        bare, bare_seconds, bare_cpu = sorted(bare_runs)[len(bare_runs) // 2]
        ratios = ", ".join(f"{o[0] / b[0]:.2f}" for o, b in zip(ours_runs, bare_runs, strict=True))
        print(
            f"{backend}: deliver pass {messages:,} in {seconds:.2f} s = {ours:,.0f} msg/s "
            f"(CPU {cpu:.2f} s); bare smtplib loop {messages:,} in {bare_seconds:.2f} s = "
            f"{bare:,.0f} msg/s (CPU {bare_cpu:.2f} s); ratio of the medians {ours / bare:.2f} "
            f"(target >= 0.8; each round: {ratios})"
        )
        app.extensions["rugcoach.engine"].dispose()


def reset_outbox(app) -> None:
    """Every queued email pending again, as the planning pass left it."""
    from sqlalchemy import update

    from webapp.db import new_session
    from webapp.models import OutboxEmail, OutboxStatus

    with new_session(app) as session:
        session.execute(
            update(OutboxEmail).values(
                status=OutboxStatus.PENDING,
                attempts=0,
                claim_token=None,
                lease_until=None,
                sent_at=None,
                last_error="",
            )
        )
        session.commit()


def main() -> int:
    """Start the sink, run each backend in turn, stop the sink."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (median)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    sink, port = start_sink()
    try:
        for backend in args.backends.split(","):
            run(backend, args.pg, args.messages, port, args.rounds)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
