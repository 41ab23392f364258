"""The scheduler's weekly close: decide finished weeks and refresh every plan's flags."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.db import begin_write
from webapp.domain.schedule import local_date
from webapp.models import Plan, PlanItem, PlanStatus
from webapp.services.flags import update_escalations
from webapp.services.graded import close_due_weeks
from webapp.services.plans import user_zone

BATCH = 200


def close_weeks(session: Session, now: datetime, batch: int = BATCH) -> int:
    """Close due weeks and update escalation flags of all active plans; returns weeks closed.

    Runs in batches of plans, one transaction each, so a long run never holds the write
    lock for long and a crash loses at most one batch (the next run redoes it).
    """
    closed, last_id = 0, 0
    while True:
        begin_write(session)
        plans = session.scalars(
            select(Plan)
            .where(Plan.status == PlanStatus.ACTIVE, Plan.id > last_id)
            .order_by(Plan.id)
            .limit(batch)
            .options(
                selectinload(Plan.patient),
                selectinload(Plan.weeks),
                selectinload(Plan.items).selectinload(PlanItem.exercise),
            )
        ).all()
        for plan in plans:
            today = local_date(now, user_zone(plan.patient))
            closed += len(close_due_weeks(session, plan, today, now))
            update_escalations(session, plan, today, now)
            last_id = plan.id
        session.commit()
        if len(plans) < batch:
            return closed
