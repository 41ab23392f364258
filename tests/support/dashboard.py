"""Arranging data for the physio's dashboard and patient page tests.

Most data is put in the database directly (patients, plans, logs, flags) so each test states
exactly what the physio's pages see; the clock stands on Wednesday 25 November 2026, 07:00
in Amsterdam.
"""

import contextlib
import re
from datetime import date, time, timedelta

from sqlalchemy import event

from tests.support.clock import START
from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays
from webapp.models import (
    Flag,
    ItemLog,
    Plan,
    PlanItem,
    PlanStatus,
    Role,
    SessionLog,
    SessionStatus,
    User,
)

TODAY = date(2026, 11, 25)  # a Wednesday: START in Amsterdam
MON_WED_FRI = mask_from_weekdays({0, 2, 4})
DONE, PARTIAL, SKIPPED = SessionStatus.DONE, SessionStatus.PARTIAL, SessionStatus.SKIPPED
ROW_NAME = re.compile(r'<th scope="row"><a href="/physio/patients/\d+">([^<]+)</a></th>')


def add_patient(db, physio, name: str) -> User:
    """A patient linked to ``physio`` (no password: these never log in)."""
    user = User(
        email=f"{name.lower()}@example.org",
        password_hash="-",
        role=Role.PATIENT,
        name=name,
        physio_id=physio.id,
        created_at=START,
    )
    db.add(user)
    db.flush()
    return user


def add_plan(
    db,
    patient,
    exercises,
    start=TODAY - timedelta(days=35),
    weekdays=ALL_DAYS,
    status=PlanStatus.ACTIVE,
) -> Plan:
    """A fixed plan of the given exercises, 10 of each a day."""
    plan = Plan(
        patient_id=patient.id,
        status=status,
        start_date=start,
        weekdays=weekdays,
        reminder_time=time(18, 30),
        created_at=START,
    )
    plan.items = [PlanItem(exercise=e, position=i, amount=10) for i, e in enumerate(exercises)]
    db.add(plan)
    db.flush()
    return plan


def add_log(db, plan, day, status=DONE, pain=3, note="", amounts=None, feeling=None):
    """A log of a plan day with an amount per item (default: the plan's amount)."""
    amounts = amounts or [item.amount for item in plan.items]
    log = SessionLog(
        patient_id=plan.patient_id,
        plan_id=plan.id,
        local_date=day,
        status=status,
        pain=pain,
        note=note,
        feeling=feeling,
        created_at=START,
        updated_at=START,
    )
    log.items = [
        ItemLog(plan_item_id=item.id, amount=amount, quota=item.amount)
        for item, amount in zip(plan.items, amounts, strict=True)
    ]
    db.add(log)
    db.flush()
    return log


def add_flag(db, patient, kind: str, detail: str = "") -> Flag:
    """An open flag."""
    flag = Flag(patient_id=patient.id, kind=kind, detail=detail, raised_at=START)
    db.add(flag)
    db.flush()
    return flag


def every_day_logged(db, plan, days: int = 28) -> None:
    """Done logs on each of the last ``days`` days before today."""
    for back in range(1, days + 1):
        add_log(db, plan, TODAY - timedelta(days=back))


@contextlib.contextmanager
def counted(engine):
    """Collect the SQL statements sent on an engine."""
    statements = []

    def listener(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)
