"""Plans as the physiotherapist manages them: assign, adjust the build-up, pause, resume, end.

Every change is a PlanChange row (who, when, what, a note for the patient) and an audit
row. A ramp change applies from the next ramp week: closed weeks keep their stored quotas
and the current week keeps the quota it started with (CLINICAL.md: quotas set in advance).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.domain import progression as rules
from webapp.domain.schedule import local_date, next_reminder
from webapp.domain.templates import TEMPLATES
from webapp.models import (
    Plan,
    PlanChange,
    PlanItem,
    PlanStatus,
    PlanWeek,
    Role,
    User,
)
from webapp.services.core.access import NOT_FOUND, can_see_patient
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.plans import graded, plans
from webapp.services.plans.plan_changes import record_change
from webapp.services.plans.plan_checks import (
    DEFAULT_REMINDER,
    EARLIEST_START_DAYS,
    LATEST_START_DAYS,
    MAX_NOTE,
    ItemChoice,
    check_items,
    check_ramp,
)


def _check_physio(physio: User, patient: User) -> None:
    """Only the patient's own physiotherapist manages their plan."""
    if physio.role != Role.PHYSIO or not can_see_patient(physio, patient):
        raise NotFound(NOT_FOUND)


def _clean_note(note: str | None) -> str:
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
    _check_physio(physio, patient)
    note, today = _clean_note(note), patient_today(patient, now)
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


def adjust_ramp(
    session: Session,
    *,
    physio: User,
    plan: Plan,
    item_id: int,
    q0: int,
    goal: int,
    weeks: int,
    note: str,
    today: date,
    now: datetime,
    ip: str = "",
) -> PlanChange:
    """A new ramp for one build-up item from the next ramp week on; history stays as it was."""
    _check_physio(physio, plan.patient)
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None or not item.graded:
        raise NotFound(NOT_FOUND)
    if plan.status == PlanStatus.ENDED:
        raise ServiceError(_l("This plan has ended."))
    if not item.has_ramp:
        raise ServiceError(_l("The build-up starts after the starting week; adjust it then."))
    params, note = check_ramp(q0, goal, weeks), _clean_note(note)
    current = graded.week_index(plan, today)
    if current is not None:
        # Decide the weeks that ended under the old ramp, then keep this week's quota.
        graded.close_due_weeks(session, plan, today, now)
        row = next(w for w in plan.weeks if w.week == current)
        row.quotas = {**row.quotas, str(item.id): graded.quota(plan, item, today)}
    old = {
        "q0": item.start_quota,
        "goal": item.goal,
        "weeks": item.ramp_weeks,
        "from_week": item.params_from_week,
    }
    item.start_quota, item.goal, item.ramp_weeks = params.q0, params.goal, params.weeks
    item.params_from_week = 0 if current is None else current + 1
    new = {
        "q0": params.q0,
        "goal": params.goal,
        "weeks": params.weeks,
        "from_week": item.params_from_week,
    }
    return record_change(
        session,
        plan,
        physio,
        "params",
        now,
        note,
        ip,
        item_id=item.id,
        exercise=item.exercise.slug,
        old=old,
        new=new,
    )


def ramp_outlook(
    plan: Plan, item: PlanItem, today: date, new: rules.RampParams | None = None
) -> tuple[list[int], int]:
    """An item's quotas by week, past weeks as they were, then the ramp ahead; and this week."""
    current, own = graded.week_index(plan, today), graded.item_params(item)
    if current is None:
        return rules.ramp(new or own), -1
    history = [
        graded.quota(plan, item, graded.week_start(plan, week)) for week in range(current + 1)
    ]
    if new is not None or current < item.params_from_week:
        return history + rules.ramp(new or own), current
    done = graded.decisions(plan)[item.params_from_week :]
    level = rules.level_for_week(own, done, current - item.params_from_week)
    return history + rules.ramp(own)[level + 1 :], current


def pause_plan(
    session: Session, *, physio: User, plan: Plan, note: str, now: datetime, ip: str = ""
) -> PlanChange:
    """Pause a running plan: no reminders and no quotas until it is resumed."""
    _check_physio(physio, plan.patient)
    note = _clean_note(note)
    if plan.status != PlanStatus.ACTIVE:
        raise ServiceError(_l("Only a running plan can be paused."))
    plan.status, plan.next_reminder_at = PlanStatus.PAUSED, None
    return record_change(session, plan, physio, "paused", now, note, ip)


def resume_plan(
    session: Session, *, physio: User, plan: Plan, note: str, now: datetime, ip: str = ""
) -> PlanChange:
    """Resume a paused plan; reminders start again from the next chosen day."""
    _check_physio(physio, plan.patient)
    note = _clean_note(note)
    if plan.status != PlanStatus.PAUSED:
        raise ServiceError(_l("Only a paused plan can be resumed."))
    if plans.current_plan(session, plan.patient) is not plan:
        raise ServiceError(_l("This patient has another running plan."))
    plan.status = PlanStatus.ACTIVE
    plans.skip_paused_weeks(session, plan, now)
    zone = plans.user_zone(plan.patient)
    plan.next_reminder_at = next_reminder(
        now, plan.weekdays, plan.reminder_time, zone, earliest_day=plan.start_date
    )
    return record_change(session, plan, physio, "resumed", now, note, ip)


def end_plan_by_physio(
    session: Session, *, physio: User, plan: Plan, note: str, now: datetime, ip: str = ""
) -> PlanChange:
    """End a plan for good; its history stays and a new plan can be assigned."""
    _check_physio(physio, plan.patient)
    note = _clean_note(note)
    if plan.status == PlanStatus.ENDED:
        raise ServiceError(_l("This plan has ended."))
    plans.end_plan(session, plan, now)
    return record_change(session, plan, physio, "ended", now, note, ip)
