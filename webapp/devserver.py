"""``make run``: the web app and the scheduler side by side; Ctrl-C stops both cleanly.

The web server starts first, so a new user sees a page within seconds of a fresh clone.
What only the scheduler needs (the video and push packages of requirements.txt) is installed
behind it by ``--first COMMAND``; then the scheduler starts, and the catalogue videos whose
motion data or renderer changed are rendered again in the background. The catalogue's
videos ship rendered, so normally nothing is. Until a changed video is ready, its page
shows the previous rendering (or, for a new exercise, says the video is not available yet).
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import threading
import time


def commands(python: str, port: str) -> tuple[list[list[str]], list[list[str]]]:
    """The long-running processes (web, scheduler) and the background ones (the video render)."""
    flask = [python, "-m", "flask", "--app", "webapp"]
    web = [*flask, "run", "--host", "127.0.0.1", "--port", port]
    return [web, [python, "-m", "scheduler"]], [[*flask, "videos", "render"]]


class Processes:
    """The children we started: the ones that must keep running and the background helpers."""

    def __init__(self) -> None:
        self.services: list[subprocess.Popen] = []
        self.helpers: list[subprocess.Popen] = []
        self.lock = threading.Lock()
        self.stopping = False

    def start(self, argv: list[str], *, service: bool) -> None:
        """Start one child in its own session: Ctrl-C reaches only us, and we stop it in order."""
        with self.lock:
            if self.stopping:
                return
            child = subprocess.Popen(argv, start_new_session=True)  # noqa: S603
            (self.services if service else self.helpers).append(child)

    def all_running(self) -> bool:
        """True while every service is alive."""
        with self.lock:
            return all(child.poll() is None for child in self.services)

    def stop(self) -> list[int | None]:
        """Stop every child, politely first; the services' exit codes."""
        with self.lock:
            self.stopping = True
            children = self.services + self.helpers
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        return [child.returncode for child in self.services]


def start_behind(processes: Processes, first: list[str] | None, later: list[list[str]]) -> None:
    """Run ``first`` (the rest of the install), then start the scheduler and the render."""
    if first:
        print("Installing what the scheduler needs, behind the running site...", flush=True)
        if subprocess.run(first, check=False).returncode != 0:  # noqa: S603
            print(
                "Rugcoach could not install requirements.txt (see above): pages work, but "
                "reminders, uploads and video rendering wait until `make run` is started again.",
                file=sys.stderr,
                flush=True,
            )
            return
    scheduler, *background = later
    processes.start(scheduler, service=True)
    for argv in background:
        processes.start(argv, service=False)


def main(argv: list[str] | None = None) -> int:
    """Start the web server, then the rest behind it; wait for Ctrl-C or a service to end."""
    parser = argparse.ArgumentParser(prog="python -m webapp.devserver")
    parser.add_argument("--first", help="a command to run before the scheduler starts")
    args = parser.parse_args(argv)
    port = os.environ.get("PORT", "5000")
    if not port.isdigit() or not 0 < int(port) < 65536:
        print(f"PORT must be a number from 1 to 65535, not {port!r}", file=sys.stderr)
        return 2
    (web, scheduler), background = commands(sys.executable, port)
    processes = Processes()
    processes.start(web, service=True)
    print(f"Rugcoach is running on http://127.0.0.1:{port}  (Ctrl-C stops it)", flush=True)
    first = shlex.split(args.first) if args.first else None
    behind = threading.Thread(
        target=start_behind, args=(processes, first, [scheduler, *background]), daemon=True
    )
    behind.start()
    stopping = False

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping and processes.all_running():
        time.sleep(0.2)
    codes = processes.stop()
    failed = [code for code in codes if code not in (0, -signal.SIGTERM)]
    print("Rugcoach stopped.", flush=True)
    return 0 if stopping or not failed else 1


if __name__ == "__main__":
    sys.exit(main())
