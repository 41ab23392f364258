"""Shared pieces of the plan tests: dates, exercises, form fields."""

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select

from webapp.domain.schedule import ALL_DAYS
from webapp.models import (
    Exercise,
    Plan,
)
from webapp.services.plans import plan_admin
from webapp.services.plans.plan_checks import ItemChoice

MONDAY = date(2026, 11, 23)
START = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # the conftest clock: Wednesday 07:00 local


def fresh(db) -> None:
    """See what the app committed: end the snapshot and reload every object."""
    db.rollback()
    db.expire_all()


def count(db, model) -> int:
    fresh(db)
    return db.scalar(select(func.count()).select_from(model))


def ex(db, slug: str) -> Exercise:
    return db.scalar(select(Exercise).where(Exercise.slug == slug))


def walking_build_up(db, patient, physio) -> Plan:
    """Walking built up from a 20-minute baseline to 30 over 8 weeks, every day from Monday.

    Call inside a request context; the caller commits.
    """
    return plan_admin.assign_plan(
        db,
        physio=physio,
        patient=patient,
        start_date=MONDAY,
        now=START,
        items=[ItemChoice(ex(db, "walking"), 1, 10, True, 20, 0.8, 30, 8)],
        weekdays=ALL_DAYS,
        reminder_time=time(8, 0),
    )


def new_url(patient) -> str:
    return f"/physio/patients/{patient.id}/plan/new"


def item_fields(index: int, exercise: Exercise, sets=1, amount=10, **ramp_fields) -> dict:
    fields = {
        f"items-{index}-exercise": str(exercise.id),
        f"items-{index}-sets": str(sets),
        f"items-{index}-amount": str(amount),
        f"items-{index}-start": "0.8",
        f"items-{index}-weeks": "11",
    }
    fields.update({f"items-{index}-{k}": str(v) for k, v in ramp_fields.items()})
    return fields


def scratch(db, **extra) -> dict:
    """A plan from scratch: walking built up from a 20-minute baseline, bridges fixed."""
    data = {
        **item_fields(0, ex(db, "walking"), 1, 10, graded="y", baseline=20, goal=30, weeks=8),
        **item_fields(1, ex(db, "bridge"), 5, 8),
        "weekdays": ["0", "2", "4"],
        "reminder_time": "18:00",
        "start_date": "2026-11-25",
        "note": "Rustig opbouwen, ook op slechte dagen.",
        "action": "save",
    }
    data.update(extra)
    return data
