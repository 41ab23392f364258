"""Demo data for a first look: a physiotherapist, an admin and two patients.

Sanne starts today; Daan has been building up walking for three weeks, so the physio's
dashboard, the progress charts and the weekly decisions have something real to show. Daan
answered the intake six weeks ago and his week 6 scores are in, so his FHIR export has
Observations and QuestionnaireResponses.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.safety import QUESTIONS, AgeBand, Outcome
from webapp.domain.schedule import ALL_DAYS, local_date
from webapp.models import Exercise, Role, SessionStatus, User
from webapp.services.accounts.users import create_user, find_user
from webapp.services.care.logbook import record_session
from webapp.services.library.catalogue import load_catalogue
from webapp.services.measures.episodes import save_intake, set_profile
from webapp.services.measures.moments import save_moment
from webapp.services.plans import plan_admin, plan_checks
from webapp.services.plans.graded import close_due_weeks, quota
from webapp.services.plans.plans import ItemSpec, create_plan, user_zone
from webapp.services.safety.screening import record_screening

DEMO_PASSWORD = "rugcoach-demo"  # noqa: S105 (published demo credentials)
DEMO_PHYSIO = "fysio@example.org"
DEMO_PATIENT = "patient@example.org"
DEMO_ADMIN = "admin@example.org"
DEMO_BUILDER = "daan@example.org"

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


class _HashOnce:
    """A password hasher that hashes the demo password once: the demo accounts share it (it
    is published), and each Argon2 hash costs about a third of a second of the first start."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self._hasher = hasher
        self._hashes: dict[str, str] = {}

    def hash(self, password: str) -> str:
        """The password's hash, made on first use."""
        if password not in self._hashes:
            self._hashes[password] = self._hasher.hash(password)
        return self._hashes[password]

    def __getattr__(self, name: str):
        return getattr(self._hasher, name)


def seed_demo(session: Session, now: datetime, catalogue_dir: str, hasher: PasswordHasher) -> bool:
    """Create the demo accounts and plan once; False when they already exist."""
    if find_user(session, DEMO_PATIENT) is not None:
        return False
    hasher = _HashOnce(hasher)
    exercises = demo_exercises(session, catalogue_dir)
    physio = find_user(session, DEMO_PHYSIO) or create_user(
        session,
        email=DEMO_PHYSIO,
        name="Fysiotherapeut Jansen",
        password=DEMO_PASSWORD,
        role=Role.PHYSIO,
        now=now,
        hasher=hasher,
    )
    if find_user(session, DEMO_ADMIN) is None:
        create_user(
            session,
            email=DEMO_ADMIN,
            name="Beheerder",
            password=DEMO_PASSWORD,
            role=Role.ADMIN,
            now=now,
            hasher=hasher,
        )
    patient = create_user(
        session,
        email=DEMO_PATIENT,
        name="Sanne de Vries",
        password=DEMO_PASSWORD,
        role=Role.PATIENT,
        now=now,
        hasher=hasher,
    )
    patient.physio_id = physio.id
    safety_check(session, patient, now)
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
    if find_user(session, DEMO_BUILDER) is None:
        _seed_builder(session, physio, now, hasher)
    return True


# Daan's intake six weeks ago: earlier episodes, leg pain, afraid to move and expecting the
# worst (a raised risk); his hard activities with their difficulty then and in week 6.
BUILDER_INTAKE = {
    "earlier_episodes": "yes",
    "leg_pain": "yes",
    "limited": "yes",
    "poor_health": "no",
    "stress": "no",
    "fear_of_moving": "yes",
    "low_mood": "no",
    "rest_is_best": "yes",
    "expects_recovery": "yes",
    "fears_the_worst": "no",
    "heavy_work": "yes",
    "unhappy_at_work": "no",
}
BUILDER_PSK = (("Sokken aantrekken", 7, 4), ("Fietsen naar het werk", 8, 6), ("Tuinieren", 6, 5))


def _seed_measures(session: Session, patient: User, physio: User, today, now: datetime) -> None:
    """Daan's episode: intake and profile six weeks ago, NPRS and PSK then and in week 6."""
    started = today - timedelta(days=42)
    then = now - timedelta(days=42)
    episode = save_intake(
        session,
        patient=patient,
        answers=BUILDER_INTAKE,
        pain=6,
        psk_names=[name for name, _, _ in BUILDER_PSK],
        psk_scores=[first for _, first, _ in BUILDER_PSK],
        today=started,
        now=then,
    )
    set_profile(
        session,
        episode=episode,
        physio=physio,
        profile="raised",
        note="",
        now=then + timedelta(hours=2),
    )
    save_moment(
        session,
        patient=patient,
        pain=3,
        gpe="much_improved",
        psk_scores={n: week6 for n, (_, _, week6) in enumerate(BUILDER_PSK, start=1)},
        today=today,
        now=now,
    )


def safety_check(session: Session, patient: User, now: datetime) -> None:
    """The red-flag check every patient answers before exercising: here, no to every question.

    A check without any "yes" sends no email, so no mail room is needed.
    """
    patient.safety_check_due = True  # as at registration: the check comes first
    screening = record_screening(
        session,
        patient=patient,
        answers=dict.fromkeys(QUESTIONS, False),
        age_band=AgeBand.FROM_20_TO_40.value,
        now=now,
        mailroom=None,
    )
    if screening.outcome != Outcome.CLEAR.value:
        raise RuntimeError("the demo's safety check must come out clear")


# Three weeks of walking on Monday, Wednesday and Friday: (pain, minutes short of the quota).
BUILDER_WEEKS = (((4, 0), (4, 0), (3, 0)), ((3, 0), (4, 2), (3, 0)), ((3, 0), (2, 0), (2, 0)))


def _seed_builder(session: Session, physio: User, now: datetime, hasher: PasswordHasher) -> None:
    """Daan: a build-up plan that started three weeks ago, logged as a real patient would."""
    patient = create_user(
        session,
        email=DEMO_BUILDER,
        name="Daan Bakker",
        password=DEMO_PASSWORD,
        role=Role.PATIENT,
        now=now,
        hasher=hasher,
    )
    patient.physio_id = physio.id
    today = local_date(now, user_zone(patient))
    _seed_measures(session, patient, physio, today, now)
    monday = today - timedelta(days=today.weekday() + 21)
    walking = session.scalar(select(Exercise).where(Exercise.slug == "walking"))
    then = now - timedelta(days=(today - monday).days)
    safety_check(session, patient, then - timedelta(days=1))
    plan = plan_admin.assign_plan(
        session,
        physio=physio,
        patient=patient,
        start_date=monday,
        now=then,
        items=[plan_checks.ItemChoice(walking, 1, 10, True, baseline=12, goal=30, weeks=10)],
        weekdays=0b10101,
        reminder_time=time(18, 30),
        note="Rustig opbouwen: precies de minuten die er staan, ook op een goede dag.",
    )
    item = plan.items[0]
    for week, days in enumerate(BUILDER_WEEKS):
        for offset, (pain, short) in zip((0, 2, 4), days, strict=True):
            day = monday + timedelta(days=7 * week + offset)
            moment = then + timedelta(days=7 * week + offset, hours=12)
            close_due_weeks(session, plan, day, moment)
            asked = quota(plan, item, day)
            record_session(
                session,
                patient=patient,
                plan=plan,
                day=day,
                now=moment,
                status=SessionStatus.PARTIAL if short else SessionStatus.DONE,
                pain=pain,
                note="",
                amounts={item.id: asked - short},
            )
    close_due_weeks(session, plan, today, now)
