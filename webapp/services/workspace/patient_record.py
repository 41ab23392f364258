"""One patient's record as their physio reads it: the log history, all logs, weekly checks.

Pure reads; the views authorise the patient (services.access) and write the audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from webapp.models import (
    PlanItem,
    SessionLog,
    User,
    WeeklyCheck,
)

# Most urgent first (CLINICAL.md escalations); each outranks all below it put together.

LOGS_PER_PAGE = 20


@dataclass(frozen=True)
class LogPage:
    """One page of a patient's logs, newest first, with the plan items they name."""

    logs: list[SessionLog]
    items: dict[int, PlanItem]
    page: int
    pages: int
    total: int


def log_page(session: Session, patient: User, page: int, per_page: int = LOGS_PER_PAGE) -> LogPage:
    """A page of the patient's logs (a page past the end shows the last one)."""
    total = session.scalar(
        select(func.count(SessionLog.id)).where(SessionLog.patient_id == patient.id)
    )
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    logs = list(
        session.scalars(
            select(SessionLog)
            .where(SessionLog.patient_id == patient.id)
            .order_by(SessionLog.local_date.desc(), SessionLog.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
            .options(selectinload(SessionLog.items))
        )
    )
    return LogPage(logs, _items_of(session, logs), page, pages, total)


def all_logs(session: Session, patient: User) -> tuple[list[SessionLog], list[PlanItem]]:
    """Every log of the patient, oldest first, and the plan items they have amounts for."""
    logs = list(
        session.scalars(
            select(SessionLog)
            .where(SessionLog.patient_id == patient.id)
            .order_by(SessionLog.local_date, SessionLog.id)
            .options(selectinload(SessionLog.items))
        )
    )
    items = sorted(_items_of(session, logs).values(), key=lambda i: (i.plan_id, i.position, i.id))
    return logs, items


def _items_of(session: Session, logs: list[SessionLog]) -> dict[int, PlanItem]:
    """The plan items (with their exercise) that a set of logs mentions, by id."""
    ids = {entry.plan_item_id for log in logs for entry in log.items}
    if not ids:
        return {}
    found = session.scalars(
        select(PlanItem).where(PlanItem.id.in_(ids)).options(selectinload(PlanItem.exercise))
    )
    return {item.id: item for item in found}


def weekly_checks(session: Session, patient: User) -> list[WeeklyCheck]:
    """The patient's weekly looks back, newest first."""
    return list(
        session.scalars(
            select(WeeklyCheck)
            .where(WeeklyCheck.patient_id == patient.id)
            .order_by(WeeklyCheck.created_at.desc(), WeeklyCheck.id.desc())
        )
    )
