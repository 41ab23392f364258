"""After an urgent outcome: closing it and getting the exercises back (domain.resume).

The physio confirms that a doctor has seen the patient; or the patient states who saw them,
when, and that they may exercise, and then the physio is flagged and emailed and may pause
the plan again. Only a plan the check paused is resumed; one the physio paused stays paused.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.resume import (
    ConfirmedBy,
    Problem,
    Statement,
    after_confirmation,
    statement_problems,
)
from webapp.domain.safety import Outcome
from webapp.domain.schedule import local_date
from webapp.models import Plan, PlanChange, PlanStatus, Role, Screening, User
from webapp.services.core import audit
from webapp.services.core.access import NOT_FOUND, can_see_patient
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.core.flags import clear_flag, raise_flag
from webapp.services.mail.render import Mailroom
from webapp.services.plans import plan_admin
from webapp.services.plans.plans import current_plan, skip_paused_weeks, user_zone
from webapp.services.safety.screening import FLAG_KIND

RESUMED_FLAG = "resumed_by_patient"
CONFIRMED_BY_PHYSIO = "confirmed_by_physio"
STATED_BY_PATIENT = "stated_by_patient"
# Why a statement does not count, next to the field it is about.
PROBLEM_TEXT = {
    Problem.WHO: ("seen_by", _l("Choose who saw you.")),
    Problem.WHEN: ("seen_on", _l("Enter the day the doctor saw you.")),
    Problem.BEFORE_CHECK: ("seen_on", _l("Choose a day on or after the day of your check.")),
    Problem.IN_FUTURE: ("seen_on", _l("That day is still to come. Choose today or earlier.")),
    Problem.NOT_CLEARED: (
        "may_exercise",
        _l("Only go on when the doctor said you may exercise. If not, ask your physiotherapist."),
    ),
}


def open_checks(session: Session, patient: User) -> list[Screening]:
    """The patient's urgent checks that nobody has closed yet, oldest first."""
    return list(
        session.scalars(
            select(Screening)
            .where(
                Screening.patient_id == patient.id,
                Screening.outcome == Outcome.URGENT.value,
                Screening.resolved_at.is_(None),
            )
            .order_by(Screening.created_at, Screening.id)
        )
    )


def state_seen(
    session: Session,
    *,
    patient: User,
    statement: Statement,
    now: datetime,
    mailroom: Mailroom,
) -> Plan | None:
    """The patient states a doctor saw them: close the checks, resume, tell the physio.

    Returns the resumed plan, if any; the caller commits.
    """
    checks = open_checks(session, patient)
    if not checks:
        raise ServiceError(_l("There is nothing to confirm."))
    zone = user_zone(patient)
    problems = statement_problems(
        statement,
        check_day=local_date(checks[-1].created_at, zone),  # the latest "call now" counts
        today=local_date(now, zone),
    )
    if problems:
        field, message = PROBLEM_TEXT[problems[0]]
        raise ServiceError(message, field=field)
    for check in checks:
        check.resolved_at, check.resolution_note = now, STATED_BY_PATIENT
        check.resolved_by_id = patient.id
        check.seen_by, check.seen_on = statement.seen_by.value, statement.seen_on
    result = after_confirmation(ConfirmedBy.PATIENT, has_physio=patient.physio_id is not None)
    plan = _resume(session, patient, patient, now, STATED_BY_PATIENT) if result.resume else None
    if result.tell_physio:
        _tell_physio(session, mailroom, patient, checks[-1], plan, now)
    session.flush()
    return plan


def confirm_by_physio(
    session: Session, *, physio: User, patient: User, now: datetime, ip: str = ""
) -> Plan | None:
    """The physio confirms a doctor has seen the patient: close the checks and resume."""
    if physio.role != Role.PHYSIO or not can_see_patient(physio, patient):
        raise NotFound(NOT_FOUND)
    checks = open_checks(session, patient)
    if not checks:
        raise ServiceError(_l("There is no open urgent check to confirm."))
    for check in checks:
        check.resolved_at, check.resolution_note = now, CONFIRMED_BY_PHYSIO
        check.resolved_by_id = physio.id
    result = after_confirmation(ConfirmedBy.PHYSIO, has_physio=True)
    plan = _resume(session, patient, physio, now, CONFIRMED_BY_PHYSIO) if result.resume else None
    clear_flag(session, patient_id=patient.id, kind=FLAG_KIND, now=now)
    audit.record(
        session,
        actor=physio,
        subject_id=patient.id,
        action="confirm_seen",
        now=now,
        ip=ip,
        detail=f"screening {checks[-1].id}",
    )
    session.flush()
    return plan


def pause_again(
    session: Session,
    *,
    physio: User,
    check: Screening,
    note: str,
    now: datetime,
    ip: str = "",
) -> PlanChange:
    """The physio pauses a plan that the patient's statement on this check resumed."""
    patient = session.get(User, check.patient_id)
    if physio.role != Role.PHYSIO or not can_see_patient(physio, patient):
        raise NotFound(NOT_FOUND)
    if check.resolution_note != STATED_BY_PATIENT:
        raise ServiceError(_l("The patient did not resume the plan after this check."))
    plan = current_plan(session, patient)
    if plan is None or plan.status != PlanStatus.ACTIVE:
        raise ServiceError(_l("There is no running plan to pause."))
    change = plan_admin.pause_plan(session, physio=physio, plan=plan, note=note, now=now, ip=ip)
    clear_flag(session, patient_id=patient.id, kind=RESUMED_FLAG, now=now)
    return change


def last_statement(session: Session, patient: User) -> Screening | None:
    """The latest urgent check the patient closed with their own statement."""
    return session.scalar(
        select(Screening)
        .where(
            Screening.patient_id == patient.id,
            Screening.resolution_note == STATED_BY_PATIENT,
        )
        .order_by(Screening.resolved_at.desc(), Screening.id.desc())
        .limit(1)
    )


def _resume(
    session: Session, patient: User, author: User, now: datetime, reason: str
) -> Plan | None:
    """Resume the current plan when the safety check paused it; None otherwise."""
    plan = current_plan(session, patient)
    if plan is None or plan.status != PlanStatus.PAUSED or not _paused_by_check(session, plan):
        return None
    plan.status = PlanStatus.ACTIVE
    skip_paused_weeks(session, plan, now)
    plan.next_reminder_at = plan.timetable.next_reminder(
        now, user_zone(patient), earliest_day=plan.start_date
    )
    session.add(
        PlanChange(
            plan_id=plan.id,
            author_id=author.id,
            kind="resumed",
            detail={"reason": reason},
            note="",
            created_at=now,
        )
    )
    return plan


def _paused_by_check(session: Session, plan: Plan) -> bool:
    """True when the plan's last change is a pause made by the safety check."""
    last = session.scalar(
        select(PlanChange)
        .where(PlanChange.plan_id == plan.id)
        .order_by(PlanChange.created_at.desc(), PlanChange.id.desc())
        .limit(1)
    )
    return (
        last is not None
        and last.kind == "paused"
        and last.author_id == plan.patient_id
        and (last.detail or {}).get("reason") == FLAG_KIND
    )


def _tell_physio(
    session: Session,
    mailroom: Mailroom,
    patient: User,
    check: Screening,
    plan: Plan | None,
    now: datetime,
) -> None:
    """Flag the patient for their physio and email them; no health details in the email."""
    physio = session.get(User, patient.physio_id)
    raise_flag(
        session,
        patient_id=patient.id,
        kind=RESUMED_FLAG,
        now=now,
        plan_id=plan.id if plan else None,
    )
    mailroom.queue(
        session,
        key=f"resumed:{check.id}",
        kind="safety",
        user_id=physio.id,
        template="patient_resumed",
        recipient=physio,
        subject=_l("A patient says a doctor has seen them"),
        now=now,
        patient_url=mailroom.links.physio_patient(patient.id, section="screenings"),
    )
