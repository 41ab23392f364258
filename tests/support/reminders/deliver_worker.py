"""A deliver-pass process that a test can kill at will, restarted in milliseconds.

Starting ``python -m scheduler`` costs seconds of imports, too slow to kill and restart it
fifty times. This module imports the app once and then, on each ``deliver <ISO instant>``
line on stdin, forks a child that runs the scheduler's deliver pass as of that instant in
a process of its own, and answers ``started <pid>``. The child stays unreaped until
``reap <pid>`` (answered with ``ended <pid> <exit code or -signal>``), so its pid cannot
be reused while the test may still SIGKILL it. The environment configures the app as for
``python -m scheduler`` (DATABASE_URL, SMTP_URL, ...).

    python -m tests.support.reminders.deliver_worker
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime


def serve() -> int:
    """Answer commands until stdin closes."""
    from scheduler.jobs import deliver_outbox
    from webapp import create_app

    app = create_app()  # connects to nothing until a child uses it
    print("ready", flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "deliver":
            at = datetime.fromisoformat(argument)
            pid = os.fork()
            if pid == 0:
                _child(app, deliver_outbox, at)
            print(f"started {pid}", flush=True)
        elif command == "reap":
            pid = int(argument)
            _, status = os.waitpid(pid, 0)
            print(f"ended {pid} {os.waitstatus_to_exitcode(status)}", flush=True)
    return 0


def _child(app, deliver_outbox, at: datetime) -> None:
    """Run one deliver pass in the forked child and leave without running the parent's code."""
    code = 0
    try:
        app.extensions["rugcoach.engine"].dispose(close=False)  # never share a connection
        deliver_outbox(app, at)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    sys.exit(serve())
