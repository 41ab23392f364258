"""A deliver process killed with SIGKILL at random points loses nothing and duplicates little.

500 reminders wait in the outbox; a separate deliver process (forked from
tests/support/reminders/deliver_worker.py, which runs the scheduler's deliver pass) is
killed 50 times at random moments and restarted, each time as of an instant past the
previous claims' leases, instead of waiting five real minutes. Then the real
``python -m scheduler tick`` finishes the work. A duplicate can only come from a kill
between the server's acceptance and our commit, so there are at most as many as kills.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path

import pytest
from sqlalchemy import select

from config import (
    ROOT,
    parse_smtp_url,
)
from scheduler.jobs import deliver_outbox, plan_reminders
from tests.support.reminders.population import PatientSpec, demo_exercise_ids, populate
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.mail.throughput import LEASE

AT_0800 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam
REMINDERS = 500
KILLS = 50
RESTART_STEP = LEASE + timedelta(minutes=1)  # each restart is past every earlier lease


class DeliverWorker:
    """The fork server of deliver processes, as a subprocess of the test."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log, self._stderr = log, log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.reminders.deliver_worker"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self._expect("ready")

    def _expect(self, word: str) -> list[str]:
        line = self.process.stdout.readline().split()
        assert line and line[0] == word, f"worker said {line!r}:\n{self.log.read_text()}"
        return line[1:]

    def start(self, at: datetime) -> int:
        """Fork a deliver pass as of ``at``; returns its pid."""
        self.process.stdin.write(f"deliver {at.isoformat()}\n")
        return int(self._expect("started")[0])

    def reap(self, pid: int) -> int:
        """Wait for that pass to end; its exit code, or minus the signal that ended it."""
        self.process.stdin.write(f"reap {pid}\n")
        return int(self._expect("ended")[1])

    def close(self) -> None:
        """Let the server end (stdin closed) and release its pipes."""
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self._stderr.close()


@pytest.fixture
def worker_env(app, database_url, smtp_server):
    """The environment of a scheduler process on the test's database and SMTP server."""
    return dict(
        os.environ,
        DATABASE_URL=database_url,
        SMTP_URL=smtp_server.url,
        MAIL_FROM=app.config["MAIL_FROM"],
        RUGCOACH_ENV="testing",
    )


def wait_for_messages(server, count: int, timeout: float = 20) -> None:
    """Wait until the server has accepted ``count`` more messages (or the timeout)."""
    target, deadline = len(server.messages) + count, time.monotonic() + timeout
    while len(server.messages) < target and time.monotonic() < deadline:
        time.sleep(0.0005)


def kill_at_random_point(rng: random.Random, server) -> None:
    """Return at a random moment of a deliver pass: starting up, claiming or mid-batch.

    Mid-batch moments start right after the server accepted a message, so some fall
    between its acceptance and our commit, where a duplicate is allowed.
    """
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0, 0.05))  # before or during the claim
        return
    wait_for_messages(server, rng.randint(1, 15))
    time.sleep(rng.uniform(0, 0.003))


def received(server) -> Counter:
    """How often each Message-ID reached the server."""
    return Counter(message["Message-ID"] for message in list(server.messages))


def test_killed_deliver_processes_lose_nothing(app, db, smtp_server, worker_env, tmp_path, capsys):
    specs = [PatientSpec(zone="Europe/Amsterdam", at=wall_time(8, 0), next_at=AT_0800)]
    populate(
        app.extensions["rugcoach.engine"],
        specs * REMINDERS,
        exercise_ids=demo_exercise_ids(app),
        start_date=date(2026, 11, 23),
        now=AT_0800 - timedelta(days=2),
    )
    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    assert plan_reminders(app, AT_0800) == REMINDERS
    wanted = set(db.scalars(select(OutboxEmail.message_id)))
    seed = int.from_bytes(os.urandom(4))
    rng = random.Random(seed)

    worker = DeliverWorker(worker_env, tmp_path / "worker.log")
    at = AT_0800
    try:
        for _ in range(KILLS):
            pid = worker.start(at)
            kill_at_random_point(rng, smtp_server)
            os.kill(pid, signal.SIGKILL)  # our own child, still unreaped: no pid reuse
            assert worker.reap(pid) in (-signal.SIGKILL, 0), worker.log.read_text()
            at += RESTART_STEP
        during_kills = len(received(smtp_server))

        # Cut a claim short after its first message: the rest of its batch is stranded.
        pid = worker.start(at)
        wait_for_messages(smtp_server, 1)
        os.kill(pid, signal.SIGKILL)
        worker.reap(pid)
    finally:
        worker.close()
    db.rollback()
    stranded = {r.message_id for r in db.scalars(select(OutboxEmail)) if r.status == "sending"}
    assert stranded, "the last kill should have left claimed rows behind"
    # Before the lease ends, another pass leaves them alone (and sends what is pending).
    sent_before = received(smtp_server)
    deliver_outbox(app, at + LEASE - timedelta(minutes=1))
    assert {m: received(smtp_server)[m] for m in stranded} == {m: sent_before[m] for m in stranded}

    # After the kills, the real command finishes the work.
    finish = at + LEASE + timedelta(minutes=1)
    result = subprocess.run(
        [sys.executable, "-m", "scheduler", "tick", "--at", finish.isoformat()],
        cwd=ROOT,
        env=worker_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    copies = received(smtp_server)
    lost = wanted - copies.keys()
    duplicates = sum(n - 1 for n in copies.values())
    with capsys.disabled():
        print(
            f"\n[crash test, seed {seed}] {KILLS + 1} kills ({during_kills} reminders got "
            f"through during the random ones, {len(stranded)} stranded by the last): "
            f"{duplicates} duplicate(s), {len(lost)} lost"
        )
    assert lost == set()
    assert duplicates <= KILLS + 1
    db.rollback()
    assert {row.status for row in db.scalars(select(OutboxEmail))} == {OutboxStatus.SENT}
