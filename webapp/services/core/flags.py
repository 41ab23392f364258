"""Raising and clearing the flags a physiotherapist's dashboard shows."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from webapp.db import in_ids
from webapp.domain.progression import Decision, escalation_flags
from webapp.models import Flag, Plan, SessionLog

# The physio sent the patient to the GP ("niet-pluis"): open until the physio resumes.
SENT_TO_GP = "sent_to_gp"
# The flags the weekly close decides on its own; others are raised elsewhere.
ESCALATION_KINDS = ("two_held", "no_increase_3_weeks", "no_log_7_days")


def open_flags(session: Session, patient_id: int) -> list[Flag]:
    """The patient's flags that are still open."""
    return list(
        session.scalars(
            select(Flag)
            .where(Flag.patient_id == patient_id, Flag.cleared_at.is_(None))
            .order_by(Flag.raised_at)
        )
    )


def raise_flag(
    session: Session,
    *,
    patient_id: int,
    kind: str,
    now: datetime,
    plan_id: int | None = None,
    detail: str = "",
) -> Flag:
    """Open a flag of this kind unless one is open already (then that one is returned)."""
    existing = session.scalar(
        select(Flag).where(
            Flag.patient_id == patient_id, Flag.kind == kind, Flag.cleared_at.is_(None)
        )
    )
    if existing is not None:
        return existing
    flag = _new_flag(session, patient_id, kind, now, plan_id, detail)
    session.flush()
    return flag


def _new_flag(
    session: Session,
    patient_id: int,
    kind: str,
    now: datetime,
    plan_id: int | None = None,
    detail: str = "",
) -> Flag:
    """Add an open flag to the session (the caller has checked none of this kind is open)."""
    flag = Flag(patient_id=patient_id, plan_id=plan_id, kind=kind, detail=detail, raised_at=now)
    session.add(flag)
    return flag


def clear_flag(session: Session, *, patient_id: int, kind: str, now: datetime) -> None:
    """Close the open flag of this kind, if any."""
    for flag in session.scalars(
        select(Flag).where(
            Flag.patient_id == patient_id, Flag.kind == kind, Flag.cleared_at.is_(None)
        )
    ):
        flag.cleared_at = now
    session.flush()


def clear_flags(session: Session, *, kind: str, patient_ids: set[int], now: datetime) -> None:
    """Close the open flags of one kind for many patients in one statement."""
    session.execute(
        update(Flag)
        .where(Flag.kind == kind, Flag.patient_id.in_(patient_ids), Flag.cleared_at.is_(None))
        .values(cleared_at=now)
        .execution_options(synchronize_session=False)
    )


def update_escalations(session: Session, plan: Plan, today: date, now: datetime) -> set[str]:
    """Raise or clear the graded-activity escalation flags of a plan; returns those now open."""
    return update_escalations_of(session, [(plan, today)], now)[plan.id]


def update_escalations_of(
    session: Session, plans: list[tuple[Plan, date]], now: datetime
) -> dict[int, set[str]]:
    """``update_escalations`` for many plans (one per patient) in two queries, not five each.

    The nightly week close looks at every active plan; one query per plan and flag kind
    made that minutes of work for a large practice.
    """
    if not plans:
        return {}
    last_logs = dict(
        session.execute(
            select(SessionLog.plan_id, func.max(SessionLog.local_date))
            .where(in_ids(session, SessionLog.plan_id, [plan.id for plan, _ in plans]))
            .group_by(SessionLog.plan_id)
        ).all()
    )
    open_now: dict[tuple[int, str], list[Flag]] = {}
    for flag in session.scalars(
        select(Flag).where(
            in_ids(session, Flag.patient_id, [plan.patient_id for plan, _ in plans]),
            Flag.kind.in_(ESCALATION_KINDS),
            Flag.cleared_at.is_(None),
        )
    ):
        open_now.setdefault((flag.patient_id, flag.kind), []).append(flag)
    raised_by_plan = {}
    for plan, today in plans:
        closed = [Decision(w.decision) for w in plan.weeks if w.closed_at and w.decision]
        anchor = plan.ramp_start or plan.start_date
        raised = escalation_flags(closed, last_logs.get(plan.id), today, anchor)
        for kind in ESCALATION_KINDS:
            found = open_now.get((plan.patient_id, kind), [])
            if kind in raised and not found:
                _new_flag(session, plan.patient_id, kind, now, plan_id=plan.id)
            elif kind not in raised:
                for flag in found:
                    flag.cleared_at = now
        raised_by_plan[plan.id] = raised
    session.flush()
    return raised_by_plan
