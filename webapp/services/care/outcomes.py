"""What patients report beyond the log: the weekly check."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Comparison, Plan, SessionLog, User, WeeklyCheck
from webapp.services.core.errors import ServiceError

MAX_CHECK_NOTE = 200


def plan_week(plan: Plan, day: date) -> int:
    """Whole weeks since the plan started (the weekly check's calendar)."""
    return max(0, (day - plan.start_date).days // 7)


def weekly_check_due(session: Session, plan: Plan, day: date) -> int | None:
    """The past week to look back on with today's log, if the patient has not done so yet.

    Due from the second plan week on, with the first log of a new week: that is, when no
    log exists yet this week and last week has no check.
    """
    week = plan_week(plan, day)
    if week == 0:
        return None
    start = plan.start_date.toordinal() + 7 * week
    logged_this_week = session.scalar(
        select(SessionLog.id).where(
            SessionLog.plan_id == plan.id,
            SessionLog.local_date >= date.fromordinal(start),
            SessionLog.local_date < day,
        )
    )
    checked = session.scalar(
        select(WeeklyCheck.id).where(WeeklyCheck.plan_id == plan.id, WeeklyCheck.week == week - 1)
    )
    return None if logged_this_week or checked else week - 1


def record_weekly_check(
    session: Session,
    *,
    patient: User,
    plan: Plan,
    week: int,
    pain: int,
    comparison: Comparison,
    note: str,
    now: datetime,
) -> WeeklyCheck:
    """Store the look back on a week (once per week; a second one replaces the first)."""
    if not 0 <= pain <= 10:
        raise ServiceError(_l("Pain is a score from 0 to 10."), field="week_pain")
    note = (note or "").strip()
    if len(note) > MAX_CHECK_NOTE:
        raise ServiceError(
            _l("Keep it under %(n)d characters.", n=MAX_CHECK_NOTE), field="week_note"
        )
    check = session.scalar(
        select(WeeklyCheck).where(WeeklyCheck.plan_id == plan.id, WeeklyCheck.week == week)
    )
    if check is None:
        check = WeeklyCheck(patient_id=patient.id, plan_id=plan.id, week=week, created_at=now)
        session.add(check)
    check.pain, check.comparison, check.note = pain, comparison, note
    if comparison == Comparison.WORSE:
        patient.safety_check_due = True  # a worse week asks the red-flag questions again
    session.flush()
    return check
