"""A physiotherapist's patients at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.models import Plan, PlanStatus, Role, SessionLog, User


@dataclass(frozen=True)
class CaseloadRow:
    """One linked patient: their active plan and most recent log."""

    patient: User
    plan: Plan | None
    last_log: SessionLog | None


def caseload(session: Session, physio: User) -> list[CaseloadRow]:
    """The physio's linked patients, by name; nobody else's."""
    patients = session.scalars(
        select(User)
        .where(User.physio_id == physio.id, User.role == Role.PATIENT)
        .order_by(User.name, User.id)
    ).all()
    if not patients:
        return []
    ids = [p.id for p in patients]
    plans = {
        plan.patient_id: plan
        for plan in session.scalars(
            select(Plan).where(Plan.patient_id.in_(ids), Plan.status == PlanStatus.ACTIVE)
        )
    }
    latest = (
        select(SessionLog.patient_id, func.max(SessionLog.local_date).label("day"))
        .where(SessionLog.patient_id.in_(ids))
        .group_by(SessionLog.patient_id)
        .subquery()
    )
    last_logs: dict[int, SessionLog] = {}
    for log in session.scalars(
        select(SessionLog)
        .join(
            latest,
            (SessionLog.patient_id == latest.c.patient_id)
            & (SessionLog.local_date == latest.c.day),
        )
        .order_by(SessionLog.id.desc())
    ):
        last_logs.setdefault(log.patient_id, log)
    return [CaseloadRow(p, plans.get(p.id), last_logs.get(p.id)) for p in patients]
