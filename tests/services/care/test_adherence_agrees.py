"""One definition of adherence: dashboard, progress page, week close and CSV agree.

A week of a build-up plan on Monday, Wednesday and Friday: Monday done, Wednesday "part of
it" with the full amounts, Friday "part of it" from the email link without amounts.
"""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.progress import MONDAY, RAMP, Driver, noon
from webapp.models import SessionLog, SessionStatus
from webapp.services.care.logbook import record_session
from webapp.services.care.progress import progress_for
from webapp.services.plans.graded import confirm_ramp, quota
from webapp.services.plans.plans import create_from_template
from webapp.services.workspace.dashboard import dashboard

FRIDAY = RAMP + timedelta(days=4)


@pytest.fixture
def week(app, db, patient, clock, catalogue):
    """Ramp week 0 logged as above; the clock stands on the Monday after it."""
    clock.set(noon(MONDAY))
    with app.app_context():
        plan = create_from_template(
            db,
            patient=patient,
            author=patient,
            template_key="build_up",
            start_date=MONDAY,
            now=clock(),
        )
    db.commit()
    p = Driver(app, db, patient, plan, clock)
    for offset in (0, 2, 4):
        p.log(MONDAY + timedelta(days=offset), [10, 10, 10], pain=4)
    p.on(RAMP)
    with app.app_context():
        confirm_ramp(db, plan, {}, RAMP, clock())
    db.commit()
    p.log(RAMP, pain=3)
    wednesday = RAMP + timedelta(days=2)
    full = [quota(plan, item, wednesday) for item in plan.items]
    p.log(wednesday, full, status=SessionStatus.PARTIAL, pain=3)
    p.on(FRIDAY)
    with app.app_context():
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=FRIDAY,
            status=SessionStatus.PARTIAL,
            pain=3,
            note="",
            now=clock(),
            source="email",
        )
    db.commit()
    p.on(RAMP + timedelta(days=7))
    return p


def test_part_of_it_from_the_email_stores_no_invented_amounts(db, week):
    friday = next(log for log in _logs(db, week.plan) if log.local_date == FRIDAY)
    assert friday.status == SessionStatus.PARTIAL
    assert friday.items == []


def test_the_week_close_counts_only_full_sessions_as_met(week):
    closed = next(w for w in week.plan.weeks if w.week == 0)
    assert (closed.planned_sessions, closed.met_sessions, closed.decision) == (3, 1, "held")


def test_the_dashboard_counts_partial_days_apart(app, db, physio, week):
    with app.app_context():
        row = dashboard(db, physio, week.clock())[0]
    last_week = row.adherence_7  # Wednesday and Friday: today (Monday) is not logged yet
    assert (last_week.planned, last_week.full, last_week.partial) == (2, 0, 2)
    month = row.adherence_28  # the measured baseline week counts in full
    assert (month.planned, month.full, month.partial, month.percent) == (6, 4, 2, 67)


def test_the_progress_page_counts_the_same_sessions(app, db, patient, week):
    with app.app_context():
        report = progress_for(db, patient, week.clock())
    first = report.items[0].weeks[0]
    assert (first.planned, first.logged, first.full, first.partial) == (3, 3, 1, 2)


def test_the_csv_says_partly_and_leaves_unknown_amounts_empty(db, patient, physio_in, week):
    response = physio_in.get(f"/physio/patients/{patient.id}/logs.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    friday = next(row for row in rows if row[0] == FRIDAY.isoformat())
    assert friday[1:3] == ["Partly done", "Partly"]
    assert friday[6:] == ["", "", ""]
    wednesday = next(row for row in rows if row[0] == (RAMP + timedelta(days=2)).isoformat())
    assert wednesday[2] == "Partly"


def _logs(db, plan):
    db.expire_all()
    return db.scalars(select(SessionLog).where(SessionLog.plan_id == plan.id)).all()
