"""What changed in a plan and who changed it: the record the patient reads on their today page.

Every change a physio makes (assigned, a new build-up, paused, resumed, ended) is a PlanChange
row with a note for the patient, and an audit row for the trail.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Plan, PlanChange, User
from webapp.services.core import audit

# The audit action of each kind of change.
AUDIT_ACTIONS = {
    "created": "assign_plan",
    "params": "adjust_plan",
    "changed": "change_plan",
    "paused": "pause_plan",
    "referred": "send_to_gp",
    "flare_agreed": "agree_flare",
    "resumed": "resume_plan",
    "ended": "end_plan",
}


def record_change(
    session: Session,
    plan: Plan,
    physio: User,
    kind: str,
    now: datetime,
    note: str = "",
    ip: str = "",
    **detail: object,
) -> PlanChange:
    """Record a plan change for the patient and an audit row for the trail."""
    change = PlanChange(
        plan_id=plan.id, author_id=physio.id, kind=kind, detail=detail, note=note, created_at=now
    )
    session.add(change)
    audit.record(
        session,
        actor=physio,
        subject_id=plan.patient_id,
        action=AUDIT_ACTIONS[kind],
        now=now,
        ip=ip,
        detail=f"plan {plan.id}",
    )
    session.flush()
    return change


def recent_changes(session: Session, plan: Plan, limit: int = 10) -> list[PlanChange]:
    """A plan's latest changes, newest first."""
    return list(
        session.scalars(
            select(PlanChange)
            .where(PlanChange.plan_id == plan.id)
            .order_by(PlanChange.created_at.desc(), PlanChange.id.desc())
            .limit(limit)
        )
    )


def unseen_changes(session: Session, plan: Plan) -> list[PlanChange]:
    """The physio's changes the patient has not marked as read, oldest first."""
    return list(
        session.scalars(
            select(PlanChange)
            .where(
                PlanChange.plan_id == plan.id,
                PlanChange.seen_at.is_(None),
                PlanChange.author_id.is_distinct_from(plan.patient_id),
            )
            .order_by(PlanChange.created_at, PlanChange.id)
        )
    )


def mark_seen(session: Session, plan: Plan, now: datetime) -> int:
    """Mark the plan's changes as read by the patient; returns how many."""
    found = unseen_changes(session, plan)
    for change in found:
        change.seen_at = now
    session.flush()
    return len(found)
