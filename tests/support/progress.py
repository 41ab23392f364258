"""Driving a patient's plan through weeks by the services, as the pages would."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from webapp.models import SessionStatus
from webapp.services.care.logbook import record_session
from webapp.services.plans.graded import close_due_weeks

MONDAY = date(2026, 1, 5)
RAMP = MONDAY + timedelta(days=7)
MON_WED_FRI = {0, 2, 4}


def noon(day: date) -> datetime:
    """11:00 UTC is 12:00 in Amsterdam in winter."""
    return datetime.combine(day, time(11), tzinfo=UTC)


class Driver:
    """Logs a patient's sessions through the services, closing weeks as the pages would."""

    def __init__(self, app, db, patient, plan, clock):
        """A driver for one patient's plan on the test clock."""
        self.app, self.db, self.patient, self.plan, self.clock = app, db, patient, plan, clock

    def on(self, day: date):
        """Move the clock to noon of ``day`` and close the weeks that ended before it."""
        self.clock.set(noon(day))
        with self.app.app_context():
            close_due_weeks(self.db, self.plan, day, self.clock())
        self.db.commit()
        return self

    def log(self, day, amounts=None, status=SessionStatus.DONE, pain=3):
        """Log a session on ``day`` (amounts per item, in plan order)."""
        self.on(day)
        given = (
            dict(zip([i.id for i in self.plan.items], amounts, strict=True)) if amounts else None
        )
        with self.app.app_context():
            record_session(
                self.db,
                patient=self.patient,
                plan=self.plan,
                day=day,
                status=status,
                pain=pain,
                note="",
                now=self.clock(),
                amounts=given,
            )
        self.db.commit()
