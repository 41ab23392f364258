"""Demo data for a first look: a physiotherapist, an admin and a patient with a plan."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.schedule import ALL_DAYS, local_date
from webapp.models import Exercise, Role
from webapp.services.accounts import create_user, find_user
from webapp.services.catalogue import load_catalogue
from webapp.services.plans import ItemSpec, create_plan, user_zone

DEMO_PASSWORD = "rugcoach-demo"  # noqa: S105 (published demo credentials)
DEMO_PHYSIO = "fysio@example.org"
DEMO_PATIENT = "patient@example.org"
DEMO_ADMIN = "admin@example.org"

DEMO_PLAN = ("walking", "pelvic-tilt", "cat-camel")


def demo_exercises(session: Session, catalogue_dir: str) -> list[Exercise]:
    """The demo plan's exercises, loading the catalogue first when it is not there yet."""
    found = {
        e.slug: e for e in session.scalars(select(Exercise).where(Exercise.slug.in_(DEMO_PLAN)))
    }
    if len(found) < len(DEMO_PLAN):
        load_catalogue(session, catalogue_dir)
        found = {
            e.slug: e for e in session.scalars(select(Exercise).where(Exercise.slug.in_(DEMO_PLAN)))
        }
    return [found[slug] for slug in DEMO_PLAN]


def seed_demo(session: Session, now: datetime, catalogue_dir: str) -> bool:
    """Create the demo accounts and plan once; False when they already exist."""
    if find_user(session, DEMO_PATIENT) is not None:
        return False
    exercises = demo_exercises(session, catalogue_dir)
    physio = find_user(session, DEMO_PHYSIO) or create_user(
        session,
        email=DEMO_PHYSIO,
        name="Fysiotherapeut Jansen",
        password=DEMO_PASSWORD,
        role=Role.PHYSIO,
        now=now,
    )
    if find_user(session, DEMO_ADMIN) is None:
        create_user(
            session,
            email=DEMO_ADMIN,
            name="Beheerder",
            password=DEMO_PASSWORD,
            role=Role.ADMIN,
            now=now,
        )
    patient = create_user(
        session,
        email=DEMO_PATIENT,
        name="Sanne de Vries",
        password=DEMO_PASSWORD,
        role=Role.PATIENT,
        now=now,
    )
    patient.physio_id = physio.id
    create_plan(
        session,
        patient=patient,
        author=physio,
        items=[ItemSpec(e, e.default_sets, e.default_amount) for e in exercises],
        weekdays=ALL_DAYS,
        reminder_time=time(18, 30),
        start_date=local_date(now, user_zone(patient)),
        now=now,
    )
    return True
