"""The session log: what a patient did on a local day, one entry per plan and day.

In the baseline week each amount is a measurement ("until pain or fatigue says stop") and
is kept as given. After that every amount is capped at the day's quota: on a good day more
is not better, the plan asks for the same (CLINICAL.md, fixed schedule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.domain.measures import PainQuestion
from webapp.domain.progression import cap_amount
from webapp.domain.schedule import local_date
from webapp.models import Feeling, ItemLog, Plan, SessionLog, SessionStatus, User
from webapp.services.care.receipts import claim_receipt
from webapp.services.care.reminder_settings import note_log
from webapp.services.core.errors import ServiceError
from webapp.services.core.flags import clear_flag, raise_flag
from webapp.services.plans.graded import quota
from webapp.services.plans.plans import log_for_day, user_zone

MAX_DAYS_BACK = 7
MAX_NOTE_LENGTH = 1000
MAX_AMOUNT = 1000
# A pain score of 8 or more is flagged for the physio (and asks the safety questions again).
HIGH_PAIN = 8


@dataclass
class LogResult:
    """The stored log and the items whose amount was brought back to the quota."""

    log: SessionLog
    capped: list[int] = field(default_factory=list)


def check_day(patient: User, day: date, now: datetime) -> None:
    """Refuse days in the future and more than a week back."""
    today = local_date(now, user_zone(patient))
    if day > today:
        raise ServiceError(_l("You cannot log a day that has not happened yet."), field="day")
    if day < today - timedelta(days=MAX_DAYS_BACK):
        raise ServiceError(_l("You can log up to %(n)d days back.", n=MAX_DAYS_BACK), field="day")


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
    amounts: dict[int, int] | None = None,
    feeling: Feeling | None = None,
    source: str = "web",
    client_id: str | None = None,
) -> LogResult:
    """Store the day's log, replacing an earlier one of the same day; the caller commits.

    With ``client_id`` (a log sent from the phone's queue) the same id is stored only once:
    a second send raises ``AlreadyReceived`` and changes nothing.
    """
    if plan.patient_id != patient.id:
        raise ServiceError(_l("This plan is not yours."))
    check_day(patient, day, now)
    if not 0 <= pain <= 10:
        raise ServiceError(_l("Pain is a score from 0 to 10."), field="pain")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ServiceError(
            _l("Keep the note under %(n)d characters.", n=MAX_NOTE_LENGTH), field="note"
        )
    entries = _item_entries(plan, day, status, amounts or {})
    receipt = claim_receipt(session, patient, client_id, now) if client_id else None
    log = log_for_day(session, patient, plan, day) or _insert_log(session, patient, plan, day, now)
    log.status = status
    log.pain = pain
    log.pain_question = PainQuestion.AVERAGE_24H  # re-saving answers today's question
    log.feeling = feeling
    log.note = note
    log.source = source
    log.baseline = plan.in_baseline
    log.updated_at = now
    # Update rows in place: replacing them would insert before deleting and hit the unique key.
    existing = {entry.plan_item_id: entry for entry in log.items}
    for item_id, amount, asked, capped in entries:
        row = existing.pop(item_id, None)
        if row is None:
            row = ItemLog(plan_item_id=item_id)
            log.items.append(row)
        row.amount, row.quota, row.capped = amount, asked, capped
    for stale in existing.values():
        log.items.remove(stale)
    note_log(session, patient)
    # A log ends "a week without a log" at once; the other flags wait for the week close.
    clear_flag(session, patient_id=patient.id, kind="no_log_7_days", now=now)
    if pain >= HIGH_PAIN:
        raise_flag(
            session,
            patient_id=patient.id,
            kind="pain_high",
            now=now,
            plan_id=plan.id,
            detail=f"{day.isoformat()}: {pain}/10",
        )
        patient.safety_check_due = True
    session.flush()
    if receipt is not None:
        receipt.session_log_id = log.id
    return LogResult(log=log, capped=[i for i, _, _, c in entries if c])


def log_from_link(
    session: Session,
    *,
    patient: User,
    plan: Plan,
    day: date,
    status: SessionStatus,
    pain: int,
    now: datetime,
) -> tuple[SessionLog, bool]:
    """Create the day's log from an email link; (log, created).

    A day that already has a log keeps it as it is: what the patient entered (pain, note,
    amounts) is never replaced by a link; the link may only add to it (log_additions).
    """
    existing = log_for_day(session, patient, plan, day)
    if existing is not None:
        return existing, False
    result = record_session(
        session,
        patient=patient,
        plan=plan,
        day=day,
        status=status,
        pain=pain,
        note="",
        now=now,
        source="email",
    )
    return result.log, True


def _item_entries(
    plan: Plan, day: date, status: SessionStatus, amounts: dict[int, int]
) -> list[tuple[int, int, int | None, bool]]:
    """(item, amount, quota, capped) for every item asked that day whose amount is known.

    A skipped session did nothing; a done one did what was asked unless told otherwise;
    a partial one without an amount leaves that item out.
    """
    asked_items = plan.items_on(day)
    if set(amounts) - {item.id for item in asked_items}:
        raise ServiceError(_l("This exercise is not part of your plan."), field="amounts")
    entries = []
    for item in asked_items:
        asked = quota(plan, item, day)
        if status == SessionStatus.SKIPPED:
            done = 0
        elif item.id in amounts:
            done = amounts[item.id]
        elif status == SessionStatus.PARTIAL:
            continue  # part of it, amount not told: unknown, never an invented 0
        else:
            done = asked or 0
        if not 0 <= done <= MAX_AMOUNT:
            raise ServiceError(
                _l("Enter an amount from 0 to %(n)d.", n=MAX_AMOUNT), field=f"amount_{item.id}"
            )
        capped = False
        if asked is not None and not plan.in_baseline:
            done, capped = cap_amount(done, asked)
        entries.append((item.id, done, asked, capped))
    return entries


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
