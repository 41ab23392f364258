"""The red-flag check: store the answers, act on the outcome, and say when it is due.

An urgent outcome (call 112 now, or the GP today) pauses the running plan, flags the physio
and emails them; the exercises come back as ``services.safety.urgent`` says (domain.resume).
A "discuss with your GP" outcome flags the physio; the exercises stay available (CLINICAL.md,
red flags). The check is asked at registration and again after pain of 8 or more or a weekly
check that says "worse" (``User.safety_check_due``, set where those are stored).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from webapp.domain.safety import ALL_QUESTIONS, QUESTIONS, AgeBand, Outcome, follow_ups_due, triage
from webapp.models import (
    Comparison,
    Plan,
    PlanChange,
    PlanStatus,
    Role,
    Screening,
    SessionLog,
    User,
    WeeklyCheck,
)
from webapp.services.care.logbook import HIGH_PAIN
from webapp.services.core import audit
from webapp.services.core.access import NOT_FOUND, can_see_patient
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.core.flags import raise_flag
from webapp.services.mail.render import Mailroom
from webapp.services.plans.plans import active_plan, current_plan

FLAG_KIND = "red_flag"
HISTORY_LIMIT = 50


# Built once: the safety gate asks it on every exercise page.
_OPEN_URGENT = (
    select(Screening)
    .where(
        Screening.patient_id == bindparam("patient_id"),
        Screening.outcome == Outcome.URGENT.value,
        Screening.resolved_at.is_(None),
    )
    .order_by(Screening.created_at.desc(), Screening.id.desc())
    .limit(1)
)


def open_urgent(session: Session, patient: User) -> Screening | None:
    """The latest urgent check the patient has not yet confirmed a doctor has seen."""
    return session.scalar(_OPEN_URGENT, {"patient_id": patient.id})


def gate(session: Session, patient: User) -> str | None:
    """What stands before the exercises: 'check' (questions due), 'urgent', or None."""
    if patient.role != Role.PATIENT:
        return None
    if patient.safety_check_due:
        return "check"
    if open_urgent(session, patient) is not None:
        return "urgent"
    return None


def latest(session: Session, patient: User) -> Screening | None:
    """The patient's most recent check."""
    return session.scalar(
        select(Screening)
        .where(Screening.patient_id == patient.id)
        .order_by(Screening.created_at.desc(), Screening.id.desc())
        .limit(1)
    )


def _check_answers(
    answers: Mapping[str, bool | None], age_band: str | None
) -> tuple[dict[str, bool], AgeBand]:
    """The answers to every question asked (follow-ups only when due) and the age band.

    The first unanswered question is reported; a follow-up whose question was answered "no"
    was not asked, so its answer is left out.
    """
    unknown = set(answers) - set(ALL_QUESTIONS)
    if unknown:
        raise ServiceError(_l("These answers do not belong to the check."))
    asked = [*QUESTIONS, *follow_ups_due(answers)]
    for key in asked:
        if answers.get(key) is None:
            raise ServiceError(_l("Answer yes or no."), field=key)
    try:
        band = AgeBand(age_band or "")
    except ValueError:
        raise ServiceError(_l("Choose your age."), field="age_band") from None
    return {key: bool(answers[key]) for key in asked}, band


def _trigger(session: Session, patient: User) -> str:
    """Why this check was asked: registration, high pain, a worse week, or the patient's wish."""
    if not patient.safety_check_due:
        return "manual"
    previous = latest(session, patient)
    pain = select(SessionLog.updated_at).where(
        SessionLog.patient_id == patient.id, SessionLog.pain >= HIGH_PAIN
    )
    worse = select(WeeklyCheck.created_at).where(
        WeeklyCheck.patient_id == patient.id, WeeklyCheck.comparison == Comparison.WORSE
    )
    if previous is not None:
        pain = pain.where(SessionLog.updated_at > previous.created_at)
        worse = worse.where(WeeklyCheck.created_at > previous.created_at)
    pain_at = session.scalar(pain.order_by(SessionLog.updated_at.desc()).limit(1))
    worse_at = session.scalar(worse.order_by(WeeklyCheck.created_at.desc()).limit(1))
    if pain_at is None and worse_at is None:
        return "registration" if previous is None else "manual"
    if worse_at is None or (pain_at is not None and pain_at >= worse_at):
        return "pain_high"
    return "worse_week"


def record_screening(
    session: Session,
    *,
    patient: User,
    answers: Mapping[str, bool | None],
    age_band: str | None,
    now: datetime,
    mailroom: Mailroom,
) -> Screening:
    """Store a completed check and act on its outcome; the caller commits."""
    if patient.role != Role.PATIENT:
        raise ServiceError(_l("Only patients answer the safety questions."))
    asked, band = _check_answers(answers, age_band)
    result = triage(asked, band)
    screening = Screening(
        patient_id=patient.id,
        trigger=_trigger(session, patient),
        answers=asked,
        age_band=band.value,
        outcome=result.outcome.value,
        reasons=list(result.reasons),
        route=result.route.value if result.route else None,
        created_at=now,
        resolution_note="",
    )
    session.add(screening)
    patient.safety_check_due = False
    session.flush()
    if result.outcome == Outcome.URGENT:
        plan = _pause_for_safety(session, patient, screening, now)
        raise_flag(
            session,
            patient_id=patient.id,
            kind=FLAG_KIND,
            now=now,
            plan_id=plan.id if plan else None,
        )
        _notify_physio(session, mailroom, patient, screening, now)
    elif result.outcome == Outcome.SEE_GP:
        plan = current_plan(session, patient)
        raise_flag(
            session,
            patient_id=patient.id,
            kind=FLAG_KIND,
            now=now,
            plan_id=plan.id if plan else None,
        )
    session.flush()
    return screening


def _pause_for_safety(
    session: Session, patient: User, screening: Screening, now: datetime
) -> Plan | None:
    """Pause the running plan (no quotas, no reminders), recorded as the patient's change."""
    plan = active_plan(session, patient)
    if plan is None:
        return current_plan(session, patient)
    plan.status, plan.next_reminder_at = PlanStatus.PAUSED, None
    session.add(
        PlanChange(
            plan_id=plan.id,
            author_id=patient.id,
            kind="paused",
            detail={"reason": FLAG_KIND, "screening": screening.id},
            note="",
            created_at=now,
        )
    )
    return plan


def _notify_physio(
    session: Session, mailroom: Mailroom, patient: User, screening: Screening, now: datetime
) -> None:
    """Queue an email to the linked physio; it names no symptoms (those stay behind a login)."""
    physio = session.get(User, patient.physio_id) if patient.physio_id else None
    if physio is None:
        return
    mailroom.queue(
        session,
        key=f"safety:{screening.id}",
        kind="safety",
        user_id=physio.id,
        template="safety_alert",
        recipient=physio,
        subject=_l("A patient needs a doctor urgently"),
        now=now,
        patient_url=mailroom.links.physio_patient(patient.id, section="screenings"),
    )


def history(session: Session, viewer: User, patient: User, limit: int = HISTORY_LIMIT) -> list:
    """The patient's checks, newest first, for the patient or their physio."""
    if not can_see_patient(viewer, patient):
        raise NotFound(NOT_FOUND)
    return list(
        session.scalars(
            select(Screening)
            .where(Screening.patient_id == patient.id)
            .order_by(Screening.created_at.desc(), Screening.id.desc())
            .limit(limit)
        )
    )


def screening_for(
    session: Session, viewer: User, screening_id: int, *, now: datetime, ip: str = ""
) -> Screening:
    """One check the viewer may see; a physio's look is written to the audit trail."""
    screening = session.get(Screening, screening_id)
    patient = session.get(User, screening.patient_id) if screening is not None else None
    if screening is None or not can_see_patient(viewer, patient):
        raise NotFound(NOT_FOUND)
    if viewer.id != patient.id:
        audit.record(
            session,
            actor=viewer,
            subject_id=patient.id,
            action="view_patient",
            now=now,
            ip=ip,
            detail=f"screening {screening.id}",
        )
    return screening
