"""A patient's day: what the plan asks, what is done, and what else is due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from webapp.db import begin_write
from webapp.domain.progression import Decision, can_declare_flare
from webapp.domain.schedule import local_date
from webapp.models import Plan, PlanItem, SessionLog, User
from webapp.services.care.outcomes import weekly_check_due
from webapp.services.core.flags import update_escalations
from webapp.services.measures.moments import due_moment
from webapp.services.plans.flares import may_step_back
from webapp.services.plans.graded import (
    BASELINE_SESSIONS,
    baseline_logs,
    close_due_weeks,
    decisions,
    quota,
    week_index,
)
from webapp.services.plans.plans import (
    NOT_LOADED,
    active_plan,
    current_plan,
    log_for_day,
    user_zone,
)
from webapp.services.plans.schedules import ComingSchedule, coming_schedules


@dataclass(frozen=True)
class PlannedItem:
    """One exercise of the day: the amount asked (None = measure it) and the amount done."""

    item: PlanItem
    quota: int | None
    done: int | None


@dataclass(frozen=True)
class Today:
    """What a patient's plan asks of one local day, and what was logged."""

    local_date: date
    plan: Plan | None
    planned: bool
    log: SessionLog | None
    entries: list[PlannedItem] = field(default_factory=list)
    phase: str = "none"  # none | fixed | baseline | confirm | ramp | maintenance
    week: int | None = None
    baseline_done: int = 0
    flare_this_week: bool = False
    can_flare: bool = False
    weekly_check_week: int | None = None
    flare_limit: bool = False  # a step back needs the physio's agreement (3-week limit)
    measure_due: str | None = None  # intake, week6, week12 or close
    coming: list[ComingSchedule] = field(default_factory=list)  # new days or time ahead
    paused: Plan | None = None  # a plan the physio paused: shown as such, not as "no plan"

    @property
    def items(self) -> list[PlanItem]:
        """The plan's exercises (empty without a plan)."""
        return [entry.item for entry in self.entries]


def _phase(plan: Plan, baseline_done: int) -> str:
    """Where the plan stands."""
    if not plan.graded_items:
        return "fixed"
    if plan.in_baseline:
        return "confirm" if baseline_done >= BASELINE_SESSIONS else "baseline"
    return "maintenance" if plan.goal_reached_on else "ramp"


def today_for(
    session: Session,
    patient: User,
    now: datetime,
    day: date | None = None,
    *,
    plan: Plan | object | None = NOT_LOADED,
) -> Today:
    """The patient's plan for a local day (today unless given).

    ``plan``: the active plan as ``refresh_plan`` returned it, so a page loads it once.
    """
    day = day or local_date(now, user_zone(patient))
    if plan is NOT_LOADED:
        plan = active_plan(session, patient)
    if plan is None:
        held = current_plan(session, patient)  # with no active plan: a paused one, or None
        return Today(
            local_date=day,
            plan=None,
            planned=False,
            log=None,
            paused=held,
            measure_due=due_moment(session, patient, day),
        )
    log = log_for_day(session, patient, plan, day)
    entries = [
        PlannedItem(item, quota(plan, item, day), log.amount_for(item.id) if log else None)
        for item in plan.items_on(day)
    ]
    done = len(baseline_logs(session, plan)) if plan.in_baseline else 0
    week = week_index(plan, day)
    own = decisions(plan)
    limit_ok = may_step_back(session, plan, now)
    return Today(
        local_date=day,
        plan=plan,
        planned=plan.planned_on(day),
        log=log,
        entries=entries,
        phase=_phase(plan, done),
        week=week,
        baseline_done=done,
        flare_this_week=week is not None and week < len(own) and own[week] == Decision.FLARE,
        can_flare=week is not None and can_declare_flare(own, week) and limit_ok,
        flare_limit=week is not None and not limit_ok,
        weekly_check_week=weekly_check_due(session, plan, day) if log is None else None,
        measure_due=due_moment(session, patient, day),
        coming=coming_schedules(session, plan, local_date(now, user_zone(patient))),
    )


def _weeks_due(plan: Plan, current: int) -> bool:
    """True when an earlier week is still open or the current week has no row yet."""
    rows = {w.week: w for w in plan.weeks}
    return current not in rows or any(
        week not in rows or rows[week].closed_at is None for week in range(current)
    )


def refresh_plan(session: Session, patient: User, now: datetime) -> Plan | None:
    """Close the patient's finished weeks (the scheduler does this too) and commit.

    Called at the start of a page that shows quotas, so a week that ended overnight is
    decided before anything is shown. Writes only when a week is due. Returns the active
    plan as it now stands (items and exercises loaded), for ``today_for``.
    """
    plan = active_plan(session, patient)
    day = local_date(now, user_zone(patient))
    current = week_index(plan, day) if plan else None
    if current is None or not _weeks_due(plan, current):
        return plan
    session.commit()  # end the read; take the write lock before reading again
    begin_write(session)
    plan = active_plan(session, patient)
    close_due_weeks(session, plan, day, now)
    update_escalations(session, plan, day, now)
    session.commit()
    return active_plan(session, patient)  # the commit expired what was loaded
