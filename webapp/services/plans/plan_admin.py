"""Plans as the physiotherapist manages them: assign, pause, resume, end.

Every change is a PlanChange row (who, when, what, a note for the patient) and an audit
row. Changing a running plan lives next door: ``plan_edits`` (exercises, doses, days) and
``ramp_changes`` (a build-up's ramp from next week).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.domain import progression as rules
from webapp.domain.schedule import local_date
from webapp.domain.templates import TEMPLATES
from webapp.models import (
    Plan,
    PlanChange,
    PlanStatus,
    PlanWeek,
    Role,
    User,
)
from webapp.services.core.access import NOT_FOUND, can_see_patient
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.core.flags import SENT_TO_GP, clear_flag
from webapp.services.plans import plans
from webapp.services.plans.plan_changes import record_change
from webapp.services.plans.plan_checks import (
    DEFAULT_REMINDER,
    EARLIEST_START_DAYS,
    LATEST_START_DAYS,
    MAX_NOTE,
    ItemChoice,
    check_items,
)


def check_physio(physio: User, patient: User) -> None:
    """Only the patient's own physiotherapist manages their plan."""
    if physio.role != Role.PHYSIO or not can_see_patient(physio, patient):
        raise NotFound(NOT_FOUND)


def clean_note(note: str | None) -> str:
    """The note to the patient, trimmed; refused when too long."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ServiceError(_l("Keep the note to %(max)d characters.", max=MAX_NOTE), "note")
    return note


def patient_today(patient: User, now: datetime) -> date:
    """The patient's local date."""
    return local_date(now, plans.user_zone(patient))


def assign_plan(
    session: Session,
    *,
    physio: User,
    patient: User,
    start_date: date,
    now: datetime,
    template_key: str | None = None,
    items: Sequence[ItemChoice] = (),
    weekdays: int | None = None,
    reminder_time: time = DEFAULT_REMINDER,
    note: str = "",
    end_current: bool = False,
    ip: str = "",
) -> Plan:
    """Give the patient a plan from a template or from chosen exercises; the caller commits."""
    check_physio(physio, patient)
    note, today = clean_note(note), patient_today(patient, now)
    if template_key is not None and template_key not in TEMPLATES:
        raise ServiceError(_l("Choose one of the plans offered."), "template")
    earliest, latest = today - timedelta(EARLIEST_START_DAYS), today + timedelta(LATEST_START_DAYS)
    if not isinstance(start_date, date) or not earliest <= start_date <= latest:
        raise ServiceError(
            _l("Choose a start date from a week ago to two months ahead."), "start_date"
        )
    if not isinstance(reminder_time, time):
        raise ServiceError(_l("Choose a time."), "reminder_time")
    ramps = {} if template_key is not None else check_items(items, physio)
    current = plans.current_plan(session, patient)
    if current is not None and not end_current:
        raise ServiceError(
            _l("This patient already has a plan. End it first, or choose to end it now."),
            "end_current",
        )
    if current is not None:
        end_plan_by_physio(session, physio=physio, plan=current, note="", now=now, ip=ip)
    if template_key is not None:
        plan = plans.create_from_template(
            session,
            patient=patient,
            author=physio,
            template_key=template_key,
            start_date=start_date,
            now=now,
            weekdays=weekdays,
            reminder_time=reminder_time,
        )
    else:
        amounts = [ramps[i].q0 if i in ramps else c.amount for i, c in enumerate(items)]
        specs = [
            plans.ItemSpec(c.exercise, c.sets, amount, c.graded)
            for c, amount in zip(items, amounts, strict=True)
        ]
        plan = plans.create_plan(
            session,
            patient=patient,
            author=physio,
            items=specs,
            weekdays=weekdays or 0,
            reminder_time=reminder_time,
            start_date=start_date,
            now=now,
        )
        _set_ramps(plan, ramps)
    ramp = "physio" if ramps else ("baseline_week" if plan.in_baseline else "")
    record_change(
        session,
        plan,
        physio,
        "created",
        now,
        note,
        ip,
        template=plan.template,
        ramp=ramp,
        exercises=[item.exercise.slug for item in plan.items],
    )
    return plan


def _set_ramps(plan: Plan, ramps: dict[int, rules.Proposal]) -> None:
    """Fix the measured items' ramps; the build-up then starts on the start date."""
    if not ramps:
        return
    for index, proposal in ramps.items():
        item = plan.items[index]
        item.baseline, item.start_quota = proposal.baseline, proposal.q0
        item.goal, item.ramp_weeks, item.params_from_week = proposal.goal, proposal.weeks, 0
    plan.ramp_start = plan.start_date
    plan.weeks.append(PlanWeek(week=0, starts_on=plan.start_date, quotas={}))


def pause_plan(
    session: Session, *, physio: User, plan: Plan, note: str, now: datetime, ip: str = ""
) -> PlanChange:
    """Pause a running plan: no reminders and no quotas until it is resumed."""
    check_physio(physio, plan.patient)
    note = clean_note(note)
    if plan.status != PlanStatus.ACTIVE:
        raise ServiceError(_l("Only a running plan can be paused."))
    plan.status, plan.next_reminder_at = PlanStatus.PAUSED, None
    return record_change(session, plan, physio, "paused", now, note, ip)


def resume_plan(
    session: Session, *, physio: User, plan: Plan, note: str, now: datetime, ip: str = ""
) -> PlanChange:
    """Resume a paused plan; reminders start again from the next chosen day."""
    check_physio(physio, plan.patient)
    note = clean_note(note)
    if plan.status != PlanStatus.PAUSED:
        raise ServiceError(_l("Only a paused plan can be resumed."))
    if plans.current_plan(session, plan.patient) is not plan:
        raise ServiceError(_l("This patient has another running plan."))
    plan.status = PlanStatus.ACTIVE
    # Resuming is the physio's answer to their own referral to the GP, if there was one.
    clear_flag(session, patient_id=plan.patient_id, kind=SENT_TO_GP, now=now)
    plans.skip_paused_weeks(session, plan, now)
    zone = plans.user_zone(plan.patient)
    plan.next_reminder_at = plan.timetable.next_reminder(now, zone, earliest_day=plan.start_date)
    return record_change(session, plan, physio, "resumed", now, note, ip)


def end_plan_by_physio(
    session: Session, *, physio: User, plan: Plan, note: str, now: datetime, ip: str = ""
) -> PlanChange:
    """End a plan for good; its history stays and a new plan can be assigned."""
    check_physio(physio, plan.patient)
    note = clean_note(note)
    if plan.status == PlanStatus.ENDED:
        raise ServiceError(_l("This plan has ended."))
    plans.end_plan(session, plan, now)
    return record_change(session, plan, physio, "ended", now, note, ip)
