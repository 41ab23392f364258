"""Plans: creating a patient's plan and reading what is planned for a local day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.domain.schedule import is_chosen_day, local_date, next_reminder, zone_or_none
from webapp.models import Exercise, Plan, PlanItem, PlanStatus, SessionLog, User
from webapp.services.errors import ServiceError


@dataclass(frozen=True)
class ItemSpec:
    """One exercise to put in a plan, with its dose."""

    exercise: Exercise
    sets: int
    amount: int


@dataclass(frozen=True)
class Today:
    """What a patient's plan asks of one local day, and what was logged."""

    local_date: date
    plan: Plan | None
    planned: bool
    log: SessionLog | None

    @property
    def items(self) -> list[PlanItem]:
        """The plan's exercises (empty without a plan)."""
        return list(self.plan.items) if self.plan else []


def user_zone(user: User) -> ZoneInfo:
    """The patient's zone; a stored name that no longer exists falls back to Amsterdam."""
    return zone_or_none(user.timezone) or ZoneInfo("Europe/Amsterdam")


def active_plan(session: Session, patient: User) -> Plan | None:
    """The patient's active plan with its items and exercises loaded."""
    return session.scalar(
        select(Plan)
        .where(Plan.patient_id == patient.id, Plan.status == PlanStatus.ACTIVE)
        .options(selectinload(Plan.items).selectinload(PlanItem.exercise))
    )


def create_plan(
    session: Session,
    *,
    patient: User,
    author: User,
    items: list[ItemSpec],
    weekdays: int,
    reminder_time: time,
    start_date: date,
    now: datetime,
) -> Plan:
    """Create the patient's active plan and schedule its first reminder; the caller commits."""
    if not items:
        raise ServiceError(_l("A plan needs at least one exercise."))
    if not 0 < weekdays < 128:
        raise ServiceError(_l("Choose at least one day of the week."), field="weekdays")
    if active_plan(session, patient) is not None:
        raise ServiceError(_l("This patient already has an active plan."))
    for spec in items:
        if not (1 <= spec.sets <= 10 and 1 <= spec.amount <= 600):
            raise ServiceError(_l("Sets must be 1 to 10 and the amount 1 to 600."))
    plan = Plan(
        patient_id=patient.id,
        author_id=author.id,
        status=PlanStatus.ACTIVE,
        start_date=start_date,
        weekdays=weekdays,
        reminder_time=reminder_time,
        created_at=now,
    )
    plan.items = [
        PlanItem(exercise=spec.exercise, position=i, sets=spec.sets, amount=spec.amount)
        for i, spec in enumerate(items)
    ]
    plan.next_reminder_at = next_reminder(
        now, weekdays, reminder_time, user_zone(patient), earliest_day=start_date
    )
    session.add(plan)
    session.flush()
    return plan


def log_for_day(session: Session, patient: User, plan: Plan, day: date) -> SessionLog | None:
    """The patient's log of that plan for that local day, if any."""
    return session.scalar(
        select(SessionLog).where(
            SessionLog.patient_id == patient.id,
            SessionLog.plan_id == plan.id,
            SessionLog.local_date == day,
        )
    )


def today_for(session: Session, patient: User, now: datetime) -> Today:
    """The patient's plan for their current local day."""
    day = local_date(now, user_zone(patient))
    plan = active_plan(session, patient)
    if plan is None:
        return Today(local_date=day, plan=None, planned=False, log=None)
    planned = day >= plan.start_date and is_chosen_day(plan.weekdays, day)
    return Today(
        local_date=day, plan=plan, planned=planned, log=log_for_day(session, patient, plan, day)
    )
