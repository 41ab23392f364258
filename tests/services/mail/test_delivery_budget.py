"""A long deliver pass stops well inside its leases and leaves the rest to the next pass.

A pass claims with the instant it started at, so its leases age in real time while it
sends. Once it has run for PASS_BUDGET, it gives back what it has claimed but not sent and
claims nothing more; another scheduler process therefore never finds one of its leases run
out while an email is still on its way.
"""

from __future__ import annotations

from sqlalchemy import select

from tests.support.outbox import queue_email
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.mail.delivery import PASS_BUDGET, deliver_due
from webapp.services.mail.transport import FileTransport


class SlowServer(FileTransport):
    """Writes .eml files, each send taking a minute on the pass's timer."""

    def __init__(self, directory, timer) -> None:
        super().__init__(directory)
        self.timer = timer

    def send(self, message, meanwhile=()) -> None:
        super().send(message, meanwhile)
        self.timer.now += 60.0


class Timer:
    """Seconds that pass only when a send says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_pass_out_of_time_gives_back_what_it_has_not_sent(app, db, clock, tmp_path):
    for n in range(10):
        queue_email(app, db, f"daily:{n}", clock())
    assert PASS_BUDGET.total_seconds() == 150  # so a minute per email allows three

    timer = Timer()
    first = deliver_due(
        db,
        SlowServer(tmp_path / "out", timer),
        now=clock(),
        mail_from="rc@example.org",
        batch=4,
        timer=timer,
    )

    assert (first.sent, first.out_of_time) == (3, True)
    db.expire_all()
    rows = db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
    assert [row.status for row in rows] == [OutboxStatus.SENT] * 3 + [OutboxStatus.PENDING] * 7
    waiting = rows[3:]
    # Given back untried (no attempt counted), due at once, no lease held.
    held = {(row.attempts, row.claim_token, row.lease_until) for row in waiting}
    assert held == {(0, None, None)}
    assert {row.next_attempt_at for row in waiting} == {clock()}

    second = deliver_due(
        db,
        SlowServer(tmp_path / "out", Timer()),
        now=clock(),
        mail_from="rc@example.org",
        timer=lambda: 0.0,
    )
    assert (second.sent, second.out_of_time) == (7, False)
    assert len(list((tmp_path / "out").glob("*.eml"))) == 10
