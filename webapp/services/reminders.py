"""Planning reminders: turn due plans into outbox emails, once per patient and local day.

Only plans whose indexed ``next_reminder_at`` has passed are read, so a pass costs what is
due, not what exists. Each plan's next instant is advanced in the same transaction as its
email's insert; a second scheduler process skips locked rows (PostgreSQL) or waits for the
write lock (SQLite), and the idempotency key turns any leftover race into a no-op.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.db import begin_write
from webapp.domain.schedule import local_date, next_reminder, send_deadline
from webapp.models import Plan, PlanItem, PlanStatus
from webapp.services.emails import render_email
from webapp.services.links import external_url
from webapp.services.outbox import enqueue
from webapp.services.plans import log_for_day, user_zone

BATCH = 500


def daily_key(user_id: int, day) -> str:
    """The idempotency key of a patient's daily reminder."""
    return f"daily:{user_id}:{day.isoformat()}"


def plan_due_reminders(session: Session, now: datetime, batch: int = BATCH) -> int:
    """Enqueue every due daily reminder and advance each plan; returns how many were queued."""
    queued = 0
    while True:
        begin_write(session)
        plans = session.scalars(
            select(Plan)
            .where(Plan.status == PlanStatus.ACTIVE, Plan.next_reminder_at <= now)
            .order_by(Plan.next_reminder_at, Plan.id)
            .limit(batch)
            .with_for_update(skip_locked=True, of=Plan)
            .options(
                selectinload(Plan.patient),
                selectinload(Plan.items).selectinload(PlanItem.exercise),
            )
        ).all()
        for plan in plans:
            queued += _plan_one(session, plan, now)
        session.commit()
        if len(plans) < batch:
            return queued


def _plan_one(session: Session, plan: Plan, now: datetime) -> int:
    """Queue this plan's due reminder if it is still worth sending; always advance it."""
    patient = plan.patient
    zone = user_zone(patient)
    day = local_date(plan.next_reminder_at, zone)
    deadline = send_deadline(day, plan.reminder_time, zone)
    queued = 0
    # Late (the scheduler was down all evening) or already logged: nothing to remind.
    if now <= deadline and log_for_day(session, patient, plan, day) is None:
        email = render_email(
            "daily_reminder",
            patient,
            _l("Time for your back exercises"),
            plan=plan,
            day=day,
            today_url=external_url("patient.today"),
        )
        inserted = enqueue(
            session,
            key=daily_key(patient.id, day),
            kind="daily",
            user_id=patient.id,
            email=email,
            mail_from=current_app.config["MAIL_FROM"],
            now=now,
            not_after=deadline,
        )
        queued = int(inserted)
    plan.next_reminder_at = next_reminder(
        now, plan.weekdays, plan.reminder_time, zone, after_day=day, earliest_day=plan.start_date
    )
    return queued
