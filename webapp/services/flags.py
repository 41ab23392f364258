"""Raising and clearing the flags a physiotherapist's dashboard shows."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from webapp.domain.progression import Decision, escalation_flags
from webapp.models import Flag, Plan, SessionLog

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
    session: Session, *, patient_id: int, kind: str, now: datetime,
    plan_id: int | None = None, detail: str = "",
) -> Flag:  # fmt: skip
    """Open a flag of this kind unless one is open already (then that one is returned)."""
    existing = session.scalar(
        select(Flag).where(
            Flag.patient_id == patient_id, Flag.kind == kind, Flag.cleared_at.is_(None)
        )
    )
    if existing is not None:
        return existing
    flag = Flag(patient_id=patient_id, plan_id=plan_id, kind=kind, detail=detail, raised_at=now)
    session.add(flag)
    session.flush()
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
    closed = [Decision(w.decision) for w in plan.weeks if w.closed_at and w.decision]
    last_log = session.scalar(
        select(SessionLog.local_date)
        .where(SessionLog.plan_id == plan.id)
        .order_by(SessionLog.local_date.desc())
        .limit(1)
    )
    raised = escalation_flags(closed, last_log, today, plan.ramp_start or plan.start_date)
    for kind in ESCALATION_KINDS:
        if kind in raised:
            raise_flag(session, patient_id=plan.patient_id, kind=kind, now=now, plan_id=plan.id)
        else:
            clear_flag(session, patient_id=plan.patient_id, kind=kind, now=now)
    return raised
