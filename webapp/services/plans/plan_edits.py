"""A physio changes a running plan from a chosen date: exercises, doses, days, reminder time.

History stays as it was: an exercise taken out ends the day before the chosen date and
keeps its logs, a new dose is a new item from that date, and the build-up weeks that ended
are closed first so their quotas are stored. Training days and the reminder time change
from the chosen date too (``schedules``): the days before keep the ones they had. Doses are
checked by ``plan_checks``, the same rules as a new plan. A build-up's amounts change
through ``ramp_changes``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.domain.timetable import Schedule
from webapp.models import ItemLog, Plan, PlanChange, PlanItem, PlanStatus, User
from webapp.services.core.errors import ServiceError
from webapp.services.plans import graded, schedules
from webapp.services.plans.plan_admin import check_physio, clean_note, patient_today
from webapp.services.plans.plan_changes import record_change
from webapp.services.plans.plan_checks import (
    LATEST_START_DAYS,
    ItemChoice,
    check_items,
    check_ramp,
)


@dataclass(frozen=True)
class ItemEdit:
    """A running item as the physio leaves it: its dose, or taken out."""

    item_id: int
    sets: int
    amount: int
    remove: bool = False


def default_from(plan: Plan, now: datetime) -> date:
    """A change starts tomorrow unless the physio chooses another day."""
    return patient_today(plan.patient, now) + timedelta(days=1)


def _not_started(plan: Plan, item: PlanItem, day: date) -> bool:
    """True when the item has not applied on any day before ``day``."""
    return (item.starts_on or plan.start_date) >= day


def _has_logs(session: Session, item: PlanItem) -> bool:
    """True when a logged session holds an amount for the item."""
    found = session.scalar(select(func.count()).where(ItemLog.plan_item_id == item.id))
    return bool(found)


def _check(
    plan: Plan, physio: User, edits: Sequence[ItemEdit], add: Sequence[ItemChoice], day: date
) -> dict[int, PlanItem]:
    """Refuse edits that do not fit the running plan or the dose rules; the items by id."""
    running = {item.id: item for item in plan.items_from(day)}
    if sorted(e.item_id for e in edits) != sorted(running):
        raise ServiceError(_l("The plan changed meanwhile. Open it again and redo the change."))
    for index, edit in enumerate(edits):
        item = running[edit.item_id]
        if item.graded and not edit.remove and (edit.sets, edit.amount) != (item.sets, item.amount):
            raise ServiceError(
                _l("Change a build-up exercise with its own build-up form."),
                f"items-{index}-amount",
            )
    kept = [(i, e) for i, e in enumerate(edits) if not e.remove]
    choices = [ItemChoice(running[e.item_id].exercise, e.sets, e.amount) for _, e in kept]
    # The form lists the running rows (taken-out ones too), then the added exercises.
    rows = [f"items-{i}" for i, _ in kept] + [f"add-{i}" for i in range(len(add))]
    try:
        check_items([*choices, *add], physio)
    except ServiceError as exc:
        found = re.fullmatch(r"items-(\d+)-(\w+)", exc.field or "")
        if found:
            exc.field = f"{rows[int(found[1])]}-{found[2]}"
        raise
    return running


def _take_out(session: Session, plan: Plan, item: PlanItem, day: date) -> None:
    """End an item the day before ``day``; one that never applied and has no logs goes."""
    if _not_started(plan, item, day) and not _has_logs(session, item):
        plan.items.remove(item)
    else:
        item.ends_on = day - timedelta(days=1)


def _redose(plan: Plan, item: PlanItem, edit: ItemEdit, day: date) -> PlanItem:
    """The item with its new dose from ``day``; the days before keep the old one."""
    if _not_started(plan, item, day):
        item.sets, item.amount = edit.sets, edit.amount
        return item
    item.ends_on = day - timedelta(days=1)
    new = PlanItem(
        exercise=item.exercise, position=item.position, sets=edit.sets, amount=edit.amount
    )
    new.starts_on = day
    plan.items.append(new)
    return new


def _build_up(plan: Plan, new: PlanItem, choice: ItemChoice, day: date, field: str) -> None:
    """Make an added item a build-up one: its start amount in its first week, then the steps.

    Its ramp starts in the ramp week of ``day`` and climbs by the plan's weekly decisions
    from that week on, as a physio's new ramp for a running item does.
    """
    week = graded.week_index(plan, day)
    if week is None or not plan.graded_items:
        raise ServiceError(
            _l("Add a build-up exercise once the plan's build-up has started."),
            f"{field}-graded",
        )
    try:
        params = check_ramp(choice.amount, choice.goal, choice.weeks)
    except ServiceError as exc:
        exc.field = f"{field}-{ {'q0': 'amount'}.get(exc.field, exc.field) }"
        raise
    new.graded = True
    new.start_quota, new.goal, new.ramp_weeks = params.q0, params.goal, params.weeks
    new.params_from_week = week


def _schedule(plan: Plan, weekdays: int, reminder_time: time, day: date) -> dict:
    """New training days and reminder time from ``day``; what changed, as (old, new) pairs."""
    old, changed = plan.schedule_on(day), {}
    if weekdays != old.weekdays:
        changed["weekdays"] = [old.weekdays, weekdays]
    if reminder_time != old.reminder_time:
        changed["reminder_time"] = [
            old.reminder_time.isoformat("minutes"),
            reminder_time.isoformat("minutes"),
        ]
    if changed:
        schedules.set_from(plan, day, Schedule(weekdays, reminder_time))
    return changed


def change_plan(
    session: Session,
    *,
    physio: User,
    plan: Plan,
    from_date: date,
    edits: Sequence[ItemEdit],
    add: Sequence[ItemChoice] = (),
    weekdays: int,
    reminder_time: time,
    note: str,
    now: datetime,
    ip: str = "",
) -> PlanChange:
    """Change a running plan from ``from_date`` without ending it; the caller commits."""
    check_physio(physio, plan.patient)
    note, today = clean_note(note), patient_today(plan.patient, now)
    if plan.status == PlanStatus.ENDED:
        raise ServiceError(_l("This plan has ended."))
    latest = today + timedelta(days=LATEST_START_DAYS)
    if not isinstance(from_date, date) or not today <= from_date <= latest:
        raise ServiceError(_l("Choose a date from today to two months ahead."), "from_date")
    if isinstance(weekdays, bool) or not isinstance(weekdays, int) or not 0 < weekdays < 128:
        raise ServiceError(_l("Choose at least one day of the week."), "weekdays")
    if not isinstance(reminder_time, time):
        raise ServiceError(_l("Choose a time."), "reminder_time")
    running = _check(plan, physio, edits, add, from_date)
    # Weeks that ended are decided under the plan as it was, and keep their quotas.
    graded.close_due_weeks(session, plan, today, now)
    removed, redosed = [], []
    for edit in edits:
        item = running[edit.item_id]
        if edit.remove:
            removed.append(item.exercise.slug)
            _take_out(session, plan, item, from_date)
        elif (edit.sets, edit.amount) != (item.sets, item.amount):
            old = [item.sets, item.amount]
            new = _redose(plan, item, edit, from_date)
            redosed.append(
                {"exercise": new.exercise.slug, "old": old, "new": [new.sets, new.amount]}
            )
    position = max((item.position for item in plan.items), default=-1)
    for offset, choice in enumerate(add, start=1):
        new = PlanItem(
            exercise=choice.exercise,
            position=position + offset,
            sets=choice.sets,
            amount=choice.amount,
        )
        if choice.graded:
            _build_up(plan, new, choice, from_date, f"add-{offset - 1}")
        new.starts_on = None if from_date <= plan.start_date else from_date
        plan.items.append(new)
    schedule = _schedule(plan, weekdays, reminder_time, from_date)
    if not (removed or redosed or add or schedule):
        raise ServiceError(_l("Nothing changed. Change a dose, an exercise or the days first."))
    session.flush()
    if schedule:
        schedules.replan_reminder(session, plan, now)
    return record_change(
        session,
        plan,
        physio,
        "changed",
        now,
        note,
        ip,
        from_date=from_date.isoformat(),
        added=[c.exercise.slug for c in add],
        built_up=[c.exercise.slug for c in add if c.graded],
        removed=removed,
        doses=redosed,
        **schedule,
    )
