"""The exercise library as a viewer sees it, and a physiotherapist's own exercises in it.

The catalogue is visible to everyone; a physio's own exercises to that physio and their
patients.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from webapp.domain.catalogue import CATEGORIES, POSITIONS
from webapp.models import Exercise, Role, Unit, User
from webapp.services.core.errors import NotFound, ServiceError

MAX_SEARCH = 80  # characters of search text that count, as many as the search field takes


def _visible(viewer: User):
    """The condition for exercises this viewer may see."""
    owner = viewer.physio_id if viewer.role == Role.PATIENT else viewer.id
    if owner is None:
        return Exercise.owner_id.is_(None)
    return or_(Exercise.owner_id.is_(None), Exercise.owner_id == owner)


def _check_filters(position: str, category: str) -> None:
    """Refuse a position or kind that is not on the lists."""
    if position and position not in POSITIONS:
        raise ServiceError(_l("Choose a position from the list."), field="position")
    if category and category not in CATEGORIES:
        raise ServiceError(_l("Choose a kind of exercise from the list."), field="category")


def list_exercises(
    session: Session, viewer: User, position: str = "", category: str = ""
) -> list[Exercise]:
    """Exercises in library order, optionally filtered; unknown filter values are refused."""
    _check_filters(position, category)
    query = select(Exercise).where(_visible(viewer))
    if position:
        query = query.where(Exercise.position == position)
    if category:
        query = query.where(Exercise.category == category)
    return list(session.scalars(query.order_by(Exercise.sort_order, Exercise.slug)))


def search_exercises(
    exercises: list[Exercise], position: str = "", category: str = "", text: str = ""
) -> list[Exercise]:
    """The exercises of an already loaded list that match a search; unknown filters are refused.

    The text is looked for in both names and the slug, ignoring case.
    """
    _check_filters(position, category)
    text = text.strip().casefold()[:MAX_SEARCH]
    return [
        e
        for e in exercises
        if (not position or e.position == position)
        and (not category or e.category == category)
        and text in f"{e.name_nl} {e.name_en} {e.slug}".casefold()
    ]


def get_exercise(session: Session, viewer: User, slug: str) -> Exercise:
    """One exercise this viewer may see, by slug."""
    exercise = session.scalar(select(Exercise).where(Exercise.slug == slug, _visible(viewer)))
    if exercise is None:
        raise NotFound(_l("This exercise does not exist."))
    return exercise


def slugify(text: str) -> str:
    """A URL-safe ASCII slug of a name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "exercise"


def create_custom_exercise(
    session: Session,
    *,
    physio: User,
    name_nl: str,
    name_en: str,
    unit: str,
    position: str,
    category: str,
    sets: int,
    amount: int,
    steps_nl: list[str],
) -> Exercise:
    """Create an exercise owned by the physio; the caller commits."""
    name_nl, name_en = name_nl.strip(), (name_en or name_nl).strip()
    if not 1 <= len(name_nl) <= 120 or len(name_en) > 120:
        raise ServiceError(_l("Give the exercise a name of at most 120 characters."), "name_nl")
    if unit not in {u.value for u in Unit}:
        raise ServiceError(_l("Choose how the exercise is counted."), field="unit")
    if position not in POSITIONS or category not in CATEGORIES:
        raise ServiceError(_l("Choose a position and a kind from the lists."), field="position")
    if not (1 <= sets <= 10 and 1 <= amount <= 600):
        raise ServiceError(_l("Sets must be 1 to 10 and the amount 1 to 600."), field="sets")
    steps = [s.strip() for s in steps_nl if s.strip()][:6]
    base = f"{slugify(name_nl)}-{physio.id}"
    taken = session.scalar(select(func.count()).where(Exercise.slug.like(f"{base}%")))
    texts = {"summary": "", "starting_position": "", "steps": steps, "mistakes": [], "stop": []}
    exercise = Exercise(
        slug=base if not taken else f"{base}-{taken + 1}",
        name_nl=name_nl,
        name_en=name_en,
        unit=Unit(unit),
        position=position,
        category=category,
        default_sets=sets,
        default_amount=amount,
        per_side=False,
        sort_order=10_000,
        texts={"nl": texts, "en": dict(texts)},
        owner_id=physio.id,
    )
    session.add(exercise)
    session.flush()
    return exercise
