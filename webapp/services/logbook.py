"""The session log: what a patient did on a local day, one entry per plan and day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.domain.schedule import local_date
from webapp.models import Plan, SessionLog, SessionStatus, User
from webapp.services.errors import ServiceError
from webapp.services.plans import log_for_day, user_zone

MAX_DAYS_BACK = 7
MAX_NOTE_LENGTH = 1000


def record_session(
    session: Session,
    *,
    patient: User,
    plan: Plan,
    day: date,
    status: SessionStatus,
    pain: int,
    note: str,
    now: datetime,
    source: str = "web",
) -> SessionLog:
    """Store the day's log, replacing an earlier one of the same day; the caller commits."""
    if plan.patient_id != patient.id:
        raise ServiceError(_l("This plan is not yours."))
    today = local_date(now, user_zone(patient))
    if day > today:
        raise ServiceError(_l("You cannot log a day that has not happened yet."), field="day")
    if day < today - timedelta(days=MAX_DAYS_BACK):
        raise ServiceError(_l("You can log up to %(n)d days back.", n=MAX_DAYS_BACK), field="day")
    if not 0 <= pain <= 10:
        raise ServiceError(_l("Pain is a score from 0 to 10."), field="pain")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ServiceError(
            _l("Keep the note under %(n)d characters.", n=MAX_NOTE_LENGTH), field="note"
        )
    log = log_for_day(session, patient, plan, day) or _insert_log(session, patient, plan, day, now)
    log.status = status
    log.pain = pain
    log.note = note
    log.source = source
    log.updated_at = now
    session.flush()
    return log


def _insert_log(
    session: Session, patient: User, plan: Plan, day: date, now: datetime
) -> SessionLog:
    """Insert the day's row; when a parallel request won the race, use its row."""
    log = SessionLog(
        patient_id=patient.id,
        plan_id=plan.id,
        local_date=day,
        status=SessionStatus.DONE,
        pain=0,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(log)
    except IntegrityError:
        existing = log_for_day(session, patient, plan, day)
        if existing is None:
            raise
        return existing
    return log
