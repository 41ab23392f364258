"""Demo data for a first look: a physiotherapist, an admin and a patient with a plan."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.schedule import ALL_DAYS, local_date
from webapp.models import Exercise, Role, Unit
from webapp.services.accounts import create_user, find_user
from webapp.services.plans import ItemSpec, create_plan, user_zone

DEMO_PASSWORD = "rugcoach-demo"  # noqa: S105 (published demo credentials)
DEMO_PHYSIO = "fysio@example.org"
DEMO_PATIENT = "patient@example.org"
DEMO_ADMIN = "admin@example.org"

# slug, Dutch name, English name, unit, sets, amount
DEMO_EXERCISES = [
    ("walking", "Wandelen", "Walking", Unit.MINUTES, 1, 10),
    ("pelvic-tilt", "Bekken kantelen", "Pelvic tilt", Unit.HOLD, 5, 10),
    ("cat-camel", "Kat-koe", "Cat-camel", Unit.REPS, 2, 10),
]
DEMO_VIDEO = "sample-pattern.mp4"


def ensure_exercises(session: Session) -> list[Exercise]:
    """The demo exercises, created when missing."""
    found = []
    for slug, name_nl, name_en, unit, sets, amount in DEMO_EXERCISES:
        exercise = session.scalar(select(Exercise).where(Exercise.slug == slug))
        if exercise is None:
            exercise = Exercise(
                slug=slug,
                name_nl=name_nl,
                name_en=name_en,
                unit=unit,
                default_sets=sets,
                default_amount=amount,
                video_file=DEMO_VIDEO,
            )
            session.add(exercise)
        found.append(exercise)
    session.flush()
    return found


def seed_demo(session: Session, now: datetime) -> bool:
    """Create the demo accounts and plan once; False when they already exist."""
    if find_user(session, DEMO_PATIENT) is not None:
        return False
    exercises = ensure_exercises(session)
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
