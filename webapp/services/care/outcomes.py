"""What patients report beyond the log: the weekly check and their hard activities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.domain.progression import functioning_due
from webapp.models import (
    Comparison,
    FunctioningActivity,
    FunctioningScore,
    Plan,
    SessionLog,
    User,
    WeeklyCheck,
)
from webapp.services.core.errors import ServiceError

MAX_ACTIVITIES = 3
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


@dataclass(frozen=True)
class Functioning:
    """The patient's hard activities, their scores, and which checkpoint is due."""

    activities: list[FunctioningActivity]
    due_week: int | None


def functioning(session: Session, patient: User, plan: Plan | None, today: date) -> Functioning:
    """The functioning list and the checkpoint (0, 6 or 12 weeks) that is due now."""
    activities = list(
        session.scalars(
            select(FunctioningActivity)
            .where(FunctioningActivity.patient_id == patient.id)
            .order_by(FunctioningActivity.position)
            .options(selectinload(FunctioningActivity.scores))
        )
    )
    if plan is None:
        return Functioning(activities, None)
    start = plan.ramp_start or plan.start_date
    done = {
        week
        for week in (0, 6, 12)
        if activities and all(any(s.week == week for s in a.scores) for a in activities)
    }
    return Functioning(activities, functioning_due(start, today, done))


def save_functioning(
    session: Session,
    *,
    patient: User,
    names: list[str],
    scores: list[int | None],
    week: int,
    today: date,
    now: datetime,
) -> list[FunctioningActivity]:
    """Name up to three hard activities (at the start) and score each for a checkpoint.

    A refusal names the activity it is about by position: ``name_2``, ``score_2``.
    """
    if week not in (0, 6, 12):
        raise ServiceError(_l("Scores are given at the start, in week 6 and in week 12."))
    existing = {
        a.position: a
        for a in session.scalars(
            select(FunctioningActivity).where(FunctioningActivity.patient_id == patient.id)
        )
    }
    kept = []
    for position, (name, score) in enumerate(zip(names, scores, strict=True), start=1):
        name = (name or "").strip()
        activity = existing.get(position)
        if not name and activity is None:
            continue
        if score is None or not 0 <= score <= 10:
            raise ServiceError(
                _l("Give each activity a score from 0 to 10."), field=f"score_{position}"
            )
        if len(name) > 120:
            raise ServiceError(
                _l("Keep each activity under 120 characters."), field=f"name_{position}"
            )
        if activity is None:
            activity = FunctioningActivity(
                patient_id=patient.id, position=position, name=name, created_at=now
            )
            session.add(activity)
        elif week == 0 and name:
            activity.name = name  # names can be changed until the first checkpoint is done
        if position > MAX_ACTIVITIES:
            raise ServiceError(_l("Choose at most three activities."), field=f"name_{position}")
        score_row = next((s for s in activity.scores if s.week == week), None)
        if score_row is None:
            activity.scores.append(FunctioningScore(week=week, score=score, recorded_on=today))
        else:
            score_row.score, score_row.recorded_on = score, today
        kept.append(activity)
    if not kept:
        raise ServiceError(_l("Name at least one activity you find hard."), field="name_1")
    session.flush()
    return kept
