"""A physio's new build-up for one item of a running plan, and the outlook it gives.

The change applies from the next ramp week: closed weeks keep their stored quotas and the
current week keeps the quota it started with (CLINICAL.md: quotas set in advance). It
continues from this week's quota (``progression.changes``); only a lower amount the
physio chose on purpose drops, and the outlook names that drop.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.domain import progression as rules
from webapp.models import Plan, PlanChange, PlanItem, PlanStatus, User
from webapp.services.core.access import NOT_FOUND
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.plans import graded
from webapp.services.plans.plan_admin import check_physio, clean_note
from webapp.services.plans.plan_changes import record_change
from webapp.services.plans.plan_checks import check_ramp


def this_week_quota(plan: Plan, item: PlanItem, today: date) -> int | None:
    """The quota the item asks this ramp week; None before the ramp started."""
    if graded.week_index(plan, today) is None or not item.has_ramp:
        return None
    return graded.quota(plan, item, today)


def continued(
    plan: Plan, item: PlanItem, today: date, q0: object, goal: object, weeks: object, lower: bool
) -> rules.RampParams:
    """The ramp a change would start next week: checked, and continued from this week."""
    asked = check_ramp(q0, goal, weeks)
    current = this_week_quota(plan, item, today)
    return asked if current is None else rules.continued_ramp(current, asked, lower)


def suggested(plan: Plan, item: PlanItem, today: date) -> tuple[int, int, int]:
    """The form's starting values: this week's quota, the goal and the weeks still to go."""
    current = this_week_quota(plan, item, today)
    if current is None:
        return item.start_quota, item.goal, item.ramp_weeks
    own = graded.decisions(plan)[item.params_from_week :]
    week = graded.week_index(plan, today) - item.params_from_week
    if week < 0:  # a change already waits for next week: show it as it is
        return item.start_quota, item.goal, item.ramp_weeks
    left = rules.weeks_left(graded.item_params(item), own, week)
    return current, max(item.goal, current), left


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
    lower: bool = False,
    ip: str = "",
) -> PlanChange:
    """A new ramp for one build-up item from the next ramp week on; history stays as it was."""
    check_physio(physio, plan.patient)
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None or not item.graded:
        raise NotFound(NOT_FOUND)
    if plan.status == PlanStatus.ENDED:
        raise ServiceError(_l("This plan has ended."))
    if not item.has_ramp:
        raise ServiceError(_l("The build-up starts after the starting week; adjust it then."))
    note = clean_note(note)
    current = graded.week_index(plan, today)
    if current is not None:
        # Decide the weeks that ended under the old ramp, then keep this week's quota.
        graded.close_due_weeks(session, plan, today, now)
    params = continued(plan, item, today, q0, goal, weeks, lower)
    if current is not None:
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
    # An item added mid-plan has no quotas before its first week: its outlook starts there.
    first = (graded.week_index(plan, item.starts_on) or 0) if item.starts_on else 0
    history = [
        graded.quota(plan, item, graded.week_start(plan, week))
        for week in range(first, current + 1)
    ]
    if new is not None or current < item.params_from_week:
        return history + rules.ramp(new or own), max(current - first, -1)
    done = graded.decisions(plan)[item.params_from_week :]
    level = rules.level_for_week(own, done, current - item.params_from_week)
    return history + rules.ramp(own)[level + 1 :], current - first
