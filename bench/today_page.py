"""Benchmark: the patient's today page under gunicorn against a bare Flask "hello".

Both run under the same gunicorn settings; wrk (a second process) loads each in turn. Prints
requests/s for both and the ratio today/hello (the goal: at least 0.10). The database holds
the demo practice (a patient with a running plan, logs and messages), and the requests carry
the demo patient's session cookie, so every request is a signed-in page view. Each figure is
the median of ``--rounds`` runs in alternating order, with the CPU share the host took away
(steal), which on a shared virtual machine moves single runs a lot. Needs Debian's wrk.
Run from the repository:
    .venv/bin/python bench/today_page.py [--seconds 10] [--rounds 3] [--connections 8]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from loadgen import free_port, median_run, run_wrk, wait_for

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT))
LUA = """
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
"""


def prepare(workdir: Path) -> tuple[str, str]:
    """A SQLite database with the demo practice; returns (db url, the patient's cookie)."""
    from sqlalchemy import create_engine, select

    from webapp import create_app
    from webapp.clock import utcnow
    from webapp.db import Base, new_session
    from webapp.media.render import load_manifest
    from webapp.models import User
    from webapp.security import LOGIN_SESSION
    from webapp.services.accounts import sessions
    from webapp.services.library.videos import sync_catalogue_videos
    from webapp.services.ops.demo import DEMO_PATIENT, seed_demo
    from webapp.wiring import password_hasher

    url = f"sqlite:///{workdir / 'bench.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": str(workdir / "instance")})
    with app.app_context(), new_session(app) as session:
        seed_demo(session, utcnow(), app.config["CATALOGUE_DIR"], password_hasher(app))
        sync_catalogue_videos(session, load_manifest(Path(app.config["VIDEO_DIR"])), utcnow())
        session.commit()
        patient = session.scalar(select(User).where(User.email == DEMO_PATIENT))
        # A signed-in browser as its first page leaves it: user id, a live login session and
        # the CSRF token its forms carry (a browser keeps the cookie that brings it).
        token = sessions.start(session, patient, now=utcnow(), user_agent="bench", ip="")
        session.commit()
        cookie_value = app.session_interface.get_signing_serializer(app).dumps(
            {
                "_user_id": patient.get_id(),
                "_fresh": True,
                LOGIN_SESSION: token,
                "csrf_token": secrets.token_hex(20),
            }
        )
    app.extensions["rugcoach.engine"].dispose()
    return url, f"session={cookie_value}"


def gunicorn(target: str, port: int, args, env: dict, cwd: Path) -> subprocess.Popen:
    """One gunicorn with the settings both targets share."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-k",
            "gthread",
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=cwd,
        env=env,
    )


def check_page(url: str, cookie: str) -> None:
    """Stop unless the cookie really shows the today page (not a login or a safety check)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as response:
        body = response.read().decode()
        if response.status != 200 or not response.geturl().endswith("/today") or "<h1" not in body:
            raise SystemExit(f"{url} did not show the today page ({response.geturl()})")


def main() -> int:
    """Start both servers, load each in turn, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="runs per target (median)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="rugcoach-bench-"))
    os.environ.update(RUGCOACH_ENV="testing")
    db_url, cookie = prepare(workdir)
    lua = workdir / "cookie.lua"
    lua.write_text(LUA)
    app_port, hello_port = free_port(), free_port()
    env = dict(os.environ, DATABASE_URL=db_url, RUGCOACH_ENV="testing")
    servers = [
        gunicorn("webapp:create_app()", app_port, args, env, ROOT),
        gunicorn("hello_app:app", hello_port, args, env, ROOT / "bench"),
    ]
    try:
        for port in (app_port, hello_port):
            wait_for(port)
        targets = {
            "today": f"http://127.0.0.1:{app_port}/today",
            "hello": f"http://127.0.0.1:{hello_port}/",
        }
        check_page(targets["today"], cookie)
        for url in targets.values():  # warm-up: imports, templates, caches
            run_wrk(url, lua, 2, args.connections, cookie)
        runs: dict[str, list[dict]] = {key: [] for key in targets}
        for round_number in range(args.rounds):
            order = list(targets) if round_number % 2 == 0 else list(reversed(targets))
            for key in order:
                runs[key].append(run_wrk(targets[key], lua, args.seconds, args.connections, cookie))
        today, hello = median_run(runs["today"]), median_run(runs["hello"])
        for key, result in (("today", today), ("hello", hello)):
            print(
                f"{key:6} {result['rps']:9.1f} req/s  non-2xx {result['errors']}"
                f"  steal {result['steal']:.0%}  wrk cpu {result['wrk_cpu']:.2f} core"
            )
        print(f"ratio today/hello: {today['rps'] / hello['rps']:.3f}")
        return 1 if today["errors"] or hello["errors"] else 0
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
