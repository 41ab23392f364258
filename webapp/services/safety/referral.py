"""The physio sends a patient to the GP ("niet-pluis"), at any time and with a note.

CLINICAL.md, red flags: it works like an urgent outcome for the plan. The plan pauses, the
patient is told plainly why and whom to call, the physio's dashboard keeps the flag, and it
is audited. Only the physio resumes the plan (``plan_admin.resume_plan`` clears the flag).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Flag, PlanStatus, Role, User
from webapp.services.core import audit
from webapp.services.core.access import NOT_FOUND, can_see_patient
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.core.flags import SENT_TO_GP, raise_flag
from webapp.services.plans.plan_changes import record_change
from webapp.services.plans.plan_checks import MAX_NOTE
from webapp.services.plans.plans import current_plan


@dataclass(frozen=True)
class Referral:
    """An open referral: when and the physio's note to the patient."""

    raised_at: datetime
    note: str


def send_to_gp(
    session: Session, *, physio: User, patient: User, note: str, now: datetime, ip: str = ""
) -> Flag:
    """Pause the patient's plan and ask them to see their GP; the caller commits."""
    if physio.role != Role.PHYSIO or not can_see_patient(physio, patient):
        raise NotFound(NOT_FOUND)
    note = (note or "").strip()
    if not note:
        raise ServiceError(_l("Write a short note: the patient reads why you ask this."), "note")
    if len(note) > MAX_NOTE:
        raise ServiceError(_l("Keep the note to %(max)d characters.", max=MAX_NOTE), "note")
    plan = current_plan(session, patient)
    if plan is not None:
        plan.status, plan.next_reminder_at = PlanStatus.PAUSED, None
        # The change carries the note: the patient reads it on the today page.
        record_change(session, plan, physio, "referred", now, note, ip)
    else:
        audit.record(
            session, actor=physio, subject_id=patient.id, action="send_to_gp", now=now, ip=ip
        )
    flag = raise_flag(
        session,
        patient_id=patient.id,
        kind=SENT_TO_GP,
        now=now,
        plan_id=plan.id if plan else None,
        detail=note,
    )
    flag.detail = note  # a second referral while one is open: the latest note counts
    session.flush()
    return flag


def open_referral(session: Session, patient: User) -> Referral | None:
    """The patient's referral the physio has not closed yet, if any."""
    flag = session.scalar(
        select(Flag).where(
            Flag.patient_id == patient.id, Flag.kind == SENT_TO_GP, Flag.cleared_at.is_(None)
        )
    )
    return None if flag is None else Referral(raised_at=flag.raised_at, note=flag.detail)
