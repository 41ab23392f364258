"""Benchmark: peak memory of ``python -m scheduler tick`` with 100,000 patients with plans.

Builds the population in a throwaway database (SQLite file; PostgreSQL next to --pg, dropped
afterwards), 10,000 of them due in the minute of the tick, then runs the real command as a
child process against an aiosmtpd sink, three times:
- first run: no plan has been looked at yet, so the week close walks every active plan,
  next to the planning pass (10,000 due) and the deliver pass;
- steady state, nothing due (thirty seconds later): imports and app only;
- steady state, nightly close: the tick just after the patients' local midnight, when the
  week close looks at each plan once for the day (every plan here: all zones are UTC+1).
Each child's peak is its own VmHWM (read from /proc by the child at exit): wait4's
ru_maxrss would report the bench's own peak, since a vfork+exec child inherits it.
Target: under 150 MB. Run from the repository:
    .venv/bin/python bench/scheduler_memory.py [--patients 100000] [--due 10000]
        [--pg postgresql://postgres@127.0.0.1:5432/postgres] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("RUGCOACH_ENV", "testing")
for _name in ("DATABASE_URL", "SMTP_URL", "BASE_URL", "MAIL_FROM"):
    os.environ.pop(_name, None)

from deliver_pass import start_sink  # noqa: E402
from plan_pass import AT, specs  # noqa: E402

# Runs ``python -m scheduler`` and prints the process's own peak RSS (VmHWM) at exit.
_WITH_PEAK = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("PEAK_KB", line.split()[1], flush=True)
atexit.register(peak)
sys.argv = ["scheduler", *sys.argv[1:]]
runpy.run_module("scheduler", run_name="__main__", alter_sys=True)
"""


def run_tick(url: str, port: int, at) -> tuple[float, float, int, str]:
    """Run one ``python -m scheduler tick``; (seconds, CPU seconds, peak RSS in kB, summary)."""
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SMTP_URL=f"smtp://127.0.0.1:{port}",
        RUGCOACH_ENV="testing",
        PYTHONPATH=str(ROOT),
    )
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", _WITH_PEAK, "tick", "--at", at.isoformat()],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"tick failed ({child.returncode}): {output}")
    lines = output.strip().splitlines()
    peak = next(int(line.split()[1]) for line in lines if line.startswith("PEAK_KB"))
    summary = next(line for line in reversed(lines) if line.startswith("tick "))
    return seconds, usage.ru_utime + usage.ru_stime, peak, summary


def run(backend: str, pg_url: str, patients: int, due: int, port: int) -> None:
    """Build the population on one backend and measure a first run and the steady state."""
    from datetime import date

    from tests.support.reminders.population import demo_exercise_ids, populate, throwaway_database
    from webapp import create_app

    with throwaway_database(backend, pg_url) as url:
        app = create_app({"DATABASE_URL": url, "CLOCK": lambda: AT})
        started = time.perf_counter()
        populate(
            app.extensions["rugcoach.engine"],
            specs(patients, due),
            exercise_ids=demo_exercise_ids(app),
            start_date=date(2026, 11, 2),
            now=AT - timedelta(days=22),
        )
        app.extensions["rugcoach.engine"].dispose()
        print(f"{backend}: {patients:,} patients created in {time.perf_counter() - started:.1f} s")
        # 23:05 UTC is 00:05 the next day in every zone of the population (all UTC+1).
        night = AT.replace(hour=23, minute=5)
        ticks = (
            ("first run", AT),
            ("steady, nothing due", AT + timedelta(seconds=30)),
            ("steady, nightly close", night),
        )
        for name, at in ticks:
            seconds, cpu, peak_kb, line = run_tick(url, port, at)
            print(
                f"{backend}: {name}: {seconds:.1f} s (CPU {cpu:.1f} s), peak RSS "
                f"{peak_kb / 1024:.0f} MB (target < 150 MB): {line}",
                flush=True,
            )


def main() -> int:
    """Start the sink, run each backend in turn, stop the sink."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    sink, port = start_sink()
    try:
        for backend in args.backends.split(","):
            run(backend, args.pg, args.patients, args.due, port)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
