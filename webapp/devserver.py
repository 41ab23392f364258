"""``make run``: the web app and the scheduler side by side; Ctrl-C stops both cleanly.

The catalogue's videos ship rendered; only those whose motion data or renderer changed are
rendered again, in the background, so the first page never waits for them. Until a
changed video is ready, its page shows the previous rendering (or, for a new exercise,
says the video is not available yet).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def commands(python: str, port: str) -> tuple[list[list[str]], list[list[str]]]:
    """The long-running processes (web, scheduler) and the background ones (the video render)."""
    flask = [python, "-m", "flask", "--app", "webapp"]
    web = [*flask, "run", "--host", "127.0.0.1", "--port", port]
    return [web, [python, "-m", "scheduler"]], [[*flask, "videos", "render"]]


def main() -> int:
    """Start both processes, wait until one ends or we are told to stop, then stop the other."""
    port = os.environ.get("PORT", "5000")
    if not port.isdigit() or not 0 < int(port) < 65536:
        print(f"PORT must be a number from 1 to 65535, not {port!r}", file=sys.stderr)
        return 2
    services, background = commands(sys.executable, port)
    # Own sessions: Ctrl-C reaches only us, and we stop the children in order.
    children = [subprocess.Popen(argv, start_new_session=True) for argv in services]  # noqa: S603
    print(f"Rugcoach is running on http://127.0.0.1:{port}  (Ctrl-C stops it)", flush=True)
    helpers = [subprocess.Popen(argv, start_new_session=True) for argv in background]  # noqa: S603
    stopping = False

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.2)
    for child in children + helpers:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children + helpers:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    failed = [c.returncode for c in children if c.returncode not in (0, -signal.SIGTERM)]
    print("Rugcoach stopped.", flush=True)
    return 0 if stopping or not failed else 1


if __name__ == "__main__":
    sys.exit(main())
