"""Benchmark: the today page in-process (Flask test client): ms per request and queries.

Seeds the demo practice like today_page.py, signs the demo patient in, then times
``--requests`` page views and counts the SQL statements of one. ``--profile`` prints the
top of a cProfile of the timed views (cumulative time); ``--cold`` builds every page.
Run from the repository:
    .venv/bin/python bench/today_inprocess.py [--requests 200] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from today_page import prepare  # noqa: E402


def main() -> int:
    """Seed, warm up, time the views, count one view's queries."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--cold", action="store_true", help="forget kept pages before each view (build every one)"
    )
    args = parser.parse_args()
    os.environ.update(RUGCOACH_ENV="testing")
    workdir = Path(tempfile.mkdtemp(prefix="rugcoach-inproc-"))
    try:
        from webapp import create_app

        db_url, cookie = prepare(workdir)
        app = create_app({"DATABASE_URL": db_url, "INSTANCE_PATH": str(workdir / "instance")})
        client = app.test_client()
        client.set_cookie("session", cookie.split("=", 1)[1])
        first = client.get("/today")
        if first.status_code != 200 or b"<h1" not in first.data:
            raise SystemExit(f"/today answered {first.status_code} {first.location}")
        for _ in range(20):
            client.get("/today")

        def forget() -> None:
            """Drop the kept pages when every view must build its page."""
            if args.cold and "rugcoach.kept_pages" in app.extensions:
                app.extensions["rugcoach.kept_pages"].clear()

        statements: list[str] = []
        engine = app.extensions["rugcoach.engine"]
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        forget()
        event.listen(engine, "before_cursor_execute", listener)
        client.get("/today")
        event.remove(engine, "before_cursor_execute", listener)
        profiler = cProfile.Profile() if args.profile else None
        times = []
        for _ in range(args.requests):
            forget()
            if profiler:
                profiler.enable()
            start = time.perf_counter()
            client.get("/today")
            times.append((time.perf_counter() - start) * 1000)
            if profiler:
                profiler.disable()
        print(
            f"today in-process: median {statistics.median(times):.2f} ms"
            f"  min {min(times):.2f} ms  queries {len(statements)}"
            f"  bytes {len(first.data)}"
        )
        if os.environ.get("BENCH_SQL"):
            for sql in statements:
                print("--", " ".join(sql.split())[:300])
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
