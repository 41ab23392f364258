"""A physiotherapist's own exercises, next to the catalogue and visible to their patients."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.domain.catalogue import CATEGORIES, POSITIONS
from webapp.models import Exercise, Unit, User
from webapp.services.errors import ServiceError


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
    texts = {"summary": "", "starting_position": "", "steps": steps, "mistakes": [], "stop": ""}
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
