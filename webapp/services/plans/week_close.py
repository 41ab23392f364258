"""The scheduler's weekly close: decide finished weeks and refresh every plan's flags.

Each plan is looked at once per local day, just after the patient's midnight (the only
moment a week can end or a "days without a log" count can change): ``Plan.next_close_at``
says when, so an hourly run costs what is due, not the number of plans.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from webapp.db import begin_write
from webapp.domain.schedule import local_date, local_instant
from webapp.models import Plan, PlanItem, PlanStatus
from webapp.services.core.flags import update_escalations_of
from webapp.services.plans.graded import close_due_weeks
from webapp.services.plans.plans import user_zone

BATCH = 200
# Just after midnight, so a day that starts in a DST gap or overlap still has the instant.
CLOSE_AT = time(0, 5)


def close_weeks(session: Session, now: datetime, batch: int = BATCH) -> int:
    """Close due weeks and update escalation flags of the active plans due; returns weeks closed.

    Runs in batches of plans, one transaction each, so a long run never holds the write
    lock for long and a crash loses at most one batch (the next run redoes it). Rows are
    claimed with SKIP LOCKED on PostgreSQL, so several schedulers share the work.
    """
    closed = 0
    while True:
        begin_write(session)
        plans = session.scalars(
            select(Plan)
            .where(
                Plan.status == PlanStatus.ACTIVE,
                or_(Plan.next_close_at.is_(None), Plan.next_close_at <= now),
            )
            .order_by(Plan.id)
            .limit(batch)
            .with_for_update(skip_locked=True, of=Plan)
            .options(
                selectinload(Plan.patient),
                selectinload(Plan.weeks),
                selectinload(Plan.items).selectinload(PlanItem.exercise),
            )
        ).all()
        looked_at = []
        for plan in plans:
            zone = user_zone(plan.patient)
            today = local_date(now, zone)
            closed += len(close_due_weeks(session, plan, today, now))
            plan.next_close_at = local_instant(today + timedelta(days=1), CLOSE_AT, zone)
            looked_at.append((plan, today))
        update_escalations_of(session, looked_at, now)
        session.commit()
        if len(plans) < batch:
            return closed
