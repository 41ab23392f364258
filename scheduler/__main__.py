"""``python -m scheduler`` runs the scheduler; ``tick --at ISO8601`` runs one pass and exits."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from datetime import UTC, datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.exc import SQLAlchemyError

from scheduler.jobs import (
    close_weeks,
    deliver_outbox,
    deliver_push,
    plan_reminders,
    process_uploads,
    tick,
)
from webapp import create_app

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}


def parse_instant(raw: str) -> datetime:
    """An ISO 8601 instant with a UTC offset (``Z`` or ``+02:00``)."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{raw!r} is not an ISO 8601 time, e.g. 2026-03-29T08:00:00+02:00"
        ) from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{raw!r} has no UTC offset; add one, e.g. Z or +02:00")
    return value.astimezone(UTC)


def build_scheduler(app) -> BlockingScheduler:
    """A UTC BlockingScheduler with the fixed-id jobs."""
    scheduler = BlockingScheduler(timezone=UTC, job_defaults=JOB_DEFAULTS)
    now = datetime.now(UTC)
    scheduler.add_job(
        plan_reminders,
        "interval",
        args=[app],
        minutes=1,
        id="plan-reminders",
        next_run_time=now,
        replace_existing=True,
    )
    scheduler.add_job(
        deliver_outbox,
        "interval",
        args=[app],
        seconds=10,
        id="deliver-outbox",
        next_run_time=now,
        replace_existing=True,
    )
    scheduler.add_job(
        deliver_push,
        "interval",
        args=[app],
        seconds=10,
        id="deliver-push",
        next_run_time=now,
        replace_existing=True,
    )
    # Hourly, because weeks end at each patient's local midnight.
    scheduler.add_job(
        close_weeks,
        "interval",
        args=[app],
        hours=1,
        id="close-weeks",
        next_run_time=now,
        replace_existing=True,
    )
    scheduler.add_job(
        process_uploads,
        "interval",
        args=[app],
        seconds=30,
        id="process-uploads",
        next_run_time=now,
        replace_existing=True,
    )
    return scheduler


def run(app) -> int:
    """Run until SIGINT or SIGTERM, letting a running pass finish first."""
    scheduler = build_scheduler(app)

    def stop(signum, _frame) -> None:
        logging.getLogger("rugcoach.scheduler").info("stopping (signal %d)", signum)
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logging.getLogger("rugcoach.scheduler").info("scheduler started")
    scheduler.start()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the scheduler or one tick."""
    parser = argparse.ArgumentParser(prog="python -m scheduler", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    tick_parser = sub.add_parser("tick", help="run one plan + deliver pass as of an instant")
    tick_parser.add_argument("--at", required=True, type=parse_instant, help="ISO 8601 instant")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    app = create_app()
    if args.command == "tick":
        try:
            report = tick(app, args.at)
        except SQLAlchemyError as exc:
            # Unmigrated or unreachable database: say so instead of a traceback.
            reason = getattr(exc, "orig", None) or exc
            print(f"tick failed: database error: {reason}", file=sys.stderr)
            return 1
        d = report.delivery
        print(
            f"tick {args.at.isoformat()}: {report.planned} planned, {d.sent} sent, "
            f"{d.retried} to retry, {d.failed} failed, {d.expired} expired, "
            f"{report.weeks_closed} week(s) closed"
            + (f", {report.pushes.sent} push(es) sent" if report.pushes else "")
        )
        return 0
    return run(app)


if __name__ == "__main__":
    sys.exit(main())
