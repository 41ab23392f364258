"""Benchmark: 1 MiB Range requests to the private video view under gunicorn vs nginx.

The catalogue's videos are public static files (nginx serves them); what the app itself
serves is a physiotherapist's uploaded video, after checking who asks. So the benchmark signs
in as that physiotherapist and asks the view for an upload's file.

Prints requests/s and MiB/s for both and the ratio (goal: the view reaches >= 70% of nginx).
The file is flushed to disk and read once first, every target gets a warm-up run, and each
figure is the median of ``--rounds`` runs taken in rotating order: on a small shared machine
the first seconds after writing 64 MiB (write-back) or starting a server are much slower,
and whichever target ran then came off worst. The ratio is also given per round (each round
runs every target back to back), with the CPU time the host took away meanwhile (steal), which
on a shared virtual machine moves single runs by a third. ``--verbose`` prints every run.
Needs Debian's nginx and wrk (`apt-get install nginx-light wrk`). Run from the repository:
    .venv/bin/python bench/video_ranges.py [--seconds 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from loadgen import free_port, median_run, run_wrk, wait_for

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT))
FILE_MIB = 64
LUA = """
local cookie = os.getenv("BENCH_COOKIE") or ""
local mib = 1048576
math.randomseed(os.time())
request = function()
  local start = math.random(0, %(chunks)d - 1) * mib
  return wrk.format("GET", nil, {Range = "bytes=" .. start .. "-" .. (start + mib - 1),
                                 Cookie = cookie})
end
"""
NGINX_CONF = """
worker_processes %(workers)d;
pid %(dir)s/nginx.pid;
error_log %(dir)s/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path %(dir)s/body;
  proxy_temp_path %(dir)s/proxy;
  fastcgi_temp_path %(dir)s/fastcgi;
  uwsgi_temp_path %(dir)s/uwsgi;
  scgi_temp_path %(dir)s/scgi;
  upstream rugcoach { server 127.0.0.1:%(accel_app_port)d; keepalive 32; }
  server {
    listen 127.0.0.1:%(port)d;
    root %(root)s;
    location / { }
  }
  # The deployment VIDEO_ACCEL_REDIRECT is for: nginx asks the app, the app checks access
  # and answers with X-Accel-Redirect, nginx sends the bytes.
  server {
    listen 127.0.0.1:%(accel_port)d;
    location /media/ {
      proxy_pass http://rugcoach;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
    location /internal-videos/uploads/ { internal; alias %(root)s/; }
  }
}
"""


def prepare(workdir: Path) -> tuple[str, str, str]:
    """A database with a physio and their uploaded video; returns (db url, cookie, path)."""
    os.environ.update(RUGCOACH_ENV="testing", UPLOAD_DIR=str(workdir))
    from sqlalchemy import create_engine

    from webapp import create_app
    from webapp.db import Base, new_session
    from webapp.models import Exercise, Role, Unit, Video, VideoSource, VideoStatus
    from webapp.services.accounts.users import create_user
    from webapp.wiring import password_hasher

    url = f"sqlite:///{workdir / 'bench.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    videos = workdir / "videos"
    videos.mkdir()
    name = "bench-0123456789ab.mp4"
    with (videos / name).open("wb") as handle:
        for _ in range(FILE_MIB):
            handle.write(os.urandom(1 << 20))
        handle.flush()
        os.fsync(handle.fileno())  # no write-back during the measurements
    app = create_app({"DATABASE_URL": url})
    now = datetime.now(UTC)
    with app.app_context(), new_session(app) as session:
        user = create_user(
            session,
            email="bench@example.org",
            name="Bench",
            role=Role.PHYSIO,
            password="benchmark password",
            now=now,
            hasher=password_hasher(app),
        )
        exercise = Exercise(
            slug="bench",
            name_nl="B",
            name_en="B",
            unit=Unit.REPS,
            default_sets=1,
            default_amount=1,
            texts={},
        )
        session.add(exercise)
        session.flush()
        video = Video(
            exercise_id=exercise.id,
            source=VideoSource.UPLOAD,
            uploaded_by_id=user.id,
            status=VideoStatus.READY,
            content_hash="0123456789ab" * 4,
            mp4_file=name,
            created_at=now,
            updated_at=now,
        )
        session.add(video)
        session.commit()
        cookie_value = app.session_interface.get_signing_serializer(app).dumps(
            {"_user_id": user.get_id(), "_fresh": True}
        )
        path = f"/media/{video.id}/{name}"
    return url, f"session={cookie_value}", path


def main() -> int:
    """Start both servers, load each in turn, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="runs per target (median)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--verbose", action="store_true", help="print every run")
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            print(f"{tool} is missing: apt-get install nginx-light wrk", file=sys.stderr)
            return 2
    workdir = Path(tempfile.mkdtemp(prefix="rugcoach-bench-"))
    db_url, cookie, path = prepare(workdir)
    # nginx's workers drop root; let them read the file.
    for item in (workdir, workdir / "videos", *(workdir / "videos").iterdir()):
        item.chmod(0o755 if item.is_dir() else 0o644)
    lua = workdir / "range.lua"
    lua.write_text(LUA % {"chunks": FILE_MIB})
    app_port, nginx_port, bare_port = free_port(), free_port(), free_port()
    accel_app_port, accel_port = free_port(), free_port()
    env = dict(os.environ, DATABASE_URL=db_url, RUGCOACH_ENV="testing", UPLOAD_DIR=str(workdir))
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-k",
            args.worker_class,
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{app_port}",
            "--log-level",
            "warning",
            "webapp:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    accel_app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-k",
            args.worker_class,
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{accel_app_port}",
            "--log-level",
            "warning",
            "webapp:create_app()",
        ],
        cwd=ROOT,
        env=dict(env, VIDEO_ACCEL_REDIRECT="/internal-videos/"),
    )
    bare = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-k",
            args.worker_class,
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{bare_port}",
            "--log-level",
            "warning",
            "bare_sendfile_app:app",
        ],
        cwd=ROOT / "bench",
        env=dict(env, BENCH_FILE=str(workdir / "videos" / path.rsplit("/")[-1])),
    )
    conf = workdir / "nginx.conf"
    conf.write_text(
        NGINX_CONF
        % {
            "workers": args.workers,
            "dir": workdir,
            "port": nginx_port,
            "root": workdir / "videos",
            "accel_app_port": accel_app_port,
            "accel_port": accel_port,
        }
    )
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    nginx = subprocess.Popen([nginx_bin, "-c", str(conf), "-g", "daemon off;"])
    try:
        for port in (app_port, nginx_port, accel_app_port, accel_port, bare_port):
            wait_for(port)
        name = path.rsplit("/", 1)[1]
        targets = {
            "view": (f"http://127.0.0.1:{app_port}{path}", cookie),
            "ceiling": (f"http://127.0.0.1:{bare_port}/", ""),
            "accel": (f"http://127.0.0.1:{accel_port}{path}", cookie),
            "plain": (f"http://127.0.0.1:{nginx_port}/{name}", ""),
        }
        for url, sent_cookie in targets.values():  # warm-up: page cache, workers, caches
            run_wrk(url, lua, 2, args.connections, sent_cookie)
        runs: dict[str, list[dict]] = {key: [] for key in targets}
        order = list(targets)
        for round_number in range(args.rounds):
            for key in order[round_number % 4 :] + order[: round_number % 4]:
                url, sent_cookie = targets[key]
                runs[key].append(run_wrk(url, lua, args.seconds, args.connections, sent_cookie))
                if args.verbose:
                    run = runs[key][-1]
                    print(
                        f"  round {round_number + 1} {key:8} {run['rps']:8.1f} req/s"
                        f"  (steal {run['steal']:.0%})"
                    )
        view, ceiling, accel, plain = (median_run(runs[key]) for key in order)
    finally:
        for server in (gunicorn, accel_app, bare):
            server.send_signal(signal.SIGTERM)
        nginx.send_signal(signal.SIGQUIT)
        for server in (gunicorn, accel_app, bare):
            server.wait(timeout=20)
        nginx.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"1 MiB ranges of a {FILE_MIB} MiB file, {args.connections} connections, "
        f"{args.seconds} s each, median of {args.rounds}, {args.workers} workers each "
        f"(gunicorn {args.worker_class}, {args.threads} threads)"
    )
    rows = [
        ("video view under gunicorn", view),
        ("nginx serving the file (sendfile)", plain),
        ("video view behind nginx (X-Accel-Redirect)", accel),
        ("gunicorn ceiling: bare sendfile app, no checks", ceiling),
    ]
    for label, result in rows:
        print(
            f"  {label:48} {result['rps']:8.1f} req/s = {result['mib_s']:8.1f} MiB/s"
            f"  non-2xx: {result['errors']}"
        )
    print(f"  ratio view / nginx:                {view['rps'] / plain['rps']:.2f}  (goal >= 0.70)")
    # Each round runs every target back to back, so its ratio compares like with like.
    paired = sorted(v["rps"] / p["rps"] for v, p in zip(runs["view"], runs["plain"], strict=True))
    print(
        f"    per round: median {paired[len(paired) // 2]:.2f}, "
        f"from {paired[0]:.2f} to {paired[-1]:.2f}"
    )
    steal = sorted(run["steal"] for results in runs.values() for run in results)
    print(
        f"  CPU time the host took (steal) per run: median {steal[len(steal) // 2]:.0%}, "
        f"at most {steal[-1]:.0%}"
    )
    print(f"  ratio view behind nginx / nginx:   {accel['rps'] / plain['rps']:.2f}")
    print(f"  ratio view / gunicorn ceiling:     {view['rps'] / ceiling['rps']:.2f}")
    print(f"  ratio gunicorn ceiling / nginx:    {ceiling['rps'] / plain['rps']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
