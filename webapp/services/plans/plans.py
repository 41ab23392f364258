"""Plans: creating a patient's plan and reading what is planned for a local day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.domain.schedule import local_date, next_reminder, zone_or_none
from webapp.domain.templates import TEMPLATES
from webapp.models import Exercise, Plan, PlanChange, PlanItem, PlanStatus, SessionLog, User
from webapp.services.core.errors import ServiceError

CURRENT = (PlanStatus.ACTIVE, PlanStatus.PAUSED)


@dataclass(frozen=True)
class ItemSpec:
    """One exercise to put in a plan, with its dose; graded items build up after a baseline."""

    exercise: Exercise
    sets: int
    amount: int
    graded: bool = False


def user_zone(user: User) -> ZoneInfo:
    """The patient's zone; a stored name that no longer exists falls back to Amsterdam."""
    return zone_or_none(user.timezone) or ZoneInfo("Europe/Amsterdam")


# For a page that passes the active plan it already loaded on: "not loaded" (None already
# means "there is none").
NOT_LOADED: object = object()


def active_plan(session: Session, patient: User) -> Plan | None:
    """The patient's active plan with its items and exercises loaded."""
    return session.scalar(
        select(Plan)
        .where(Plan.patient_id == patient.id, Plan.status == PlanStatus.ACTIVE)
        .options(selectinload(Plan.items).joinedload(PlanItem.exercise))
    )


def current_plan(session: Session, patient: User) -> Plan | None:
    """The patient's active plan, else their most recent paused one (items loaded)."""
    return session.scalar(
        select(Plan)
        .where(Plan.patient_id == patient.id, Plan.status.in_(CURRENT))
        # "active" sorts before "paused": the active plan wins.
        .order_by(Plan.status, Plan.id.desc())
        .options(selectinload(Plan.items).joinedload(PlanItem.exercise))
        .limit(1)
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
    template: str = "custom",
) -> Plan:
    """Create the patient's active plan and schedule its first reminder; the caller commits.

    The doses come from a template or were checked by services.plans.plan_checks.
    """
    if not items:
        raise ServiceError(_l("A plan needs at least one exercise."))
    if not 0 < weekdays < 128:
        raise ServiceError(_l("Choose at least one day of the week."), field="weekdays")
    if active_plan(session, patient) is not None:
        raise ServiceError(_l("There is already an active plan; end it first."))
    if current_plan(session, patient) is not None:
        raise ServiceError(_l("Your plan is paused. Ask your physiotherapist to resume or end it."))
    if not (date(2000, 1, 1) <= start_date <= date(2100, 1, 1)):
        raise ServiceError(_l("Choose a start date close to today."), field="start_date")
    plan = Plan(
        patient_id=patient.id,
        author_id=author.id,
        status=PlanStatus.ACTIVE,
        start_date=start_date,
        weekdays=weekdays,
        reminder_time=reminder_time,
        template=template,
        created_at=now,
    )
    plan.items = [
        PlanItem(
            exercise=spec.exercise,
            position=i,
            sets=spec.sets,
            amount=spec.amount,
            graded=spec.graded,
        )
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


def create_from_template(
    session: Session,
    *,
    patient: User,
    author: User,
    template_key: str,
    start_date: date,
    now: datetime,
    weekdays: int | None = None,
    reminder_time: time = time(18, 30),
) -> Plan:
    """A new active plan from one of the templates (its exercises and days, or the days given)."""
    template = TEMPLATES.get(template_key)
    if template is None:
        raise ServiceError(_l("Choose one of the plans offered."), field="template")
    slugs = [item.slug for item in template.items]
    found = {
        e.slug: e
        for e in session.scalars(
            select(Exercise).where(Exercise.slug.in_(slugs), Exercise.owner_id.is_(None))
        )
    }
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ServiceError(_l("The exercise catalogue is not loaded yet."))
    specs = [ItemSpec(found[i.slug], i.sets, i.amount, i.graded) for i in template.items]
    return create_plan(
        session,
        patient=patient,
        author=author,
        items=specs,
        weekdays=weekdays or template.weekdays,
        reminder_time=reminder_time,
        start_date=start_date,
        now=now,
        template=template.key,
    )


def end_plan(session: Session, plan: Plan, now: datetime) -> None:
    """End a plan (its history stays); a new plan can then be made."""
    plan.status = PlanStatus.ENDED
    plan.next_reminder_at = None
    session.flush()


def skip_paused_weeks(session: Session, plan: Plan, now: datetime) -> int:
    """Move a resumed plan's ramp on by the whole weeks it was paused; returns those weeks.

    A pause is not a week that went badly: without this the week close would find the paused
    weeks empty and hold them, and the patient would return to a ramp that ran on without them.
    """
    plan.next_close_at = None  # look at the plan again at the next week close
    if plan.ramp_start is None:
        return 0
    paused_at = session.scalar(
        select(PlanChange.created_at)
        .where(PlanChange.plan_id == plan.id, PlanChange.kind == "paused")
        .order_by(PlanChange.created_at.desc(), PlanChange.id.desc())
        .limit(1)
    )
    if paused_at is None:
        return 0
    zone = user_zone(plan.patient)
    weeks = max((local_date(now, zone) - local_date(paused_at, zone)).days // 7, 0)
    plan.ramp_start += timedelta(weeks=weeks)
    return weeks
