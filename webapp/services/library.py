"""The exercise library as a viewer sees it: the catalogue plus their physio's own exercises."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from webapp.domain.catalogue import CATEGORIES, POSITIONS
from webapp.models import Exercise, Role, User
from webapp.services.errors import NotFound, ServiceError


def _visible(viewer: User):
    """The condition for exercises this viewer may see."""
    owner = viewer.physio_id if viewer.role == Role.PATIENT else viewer.id
    if owner is None:
        return Exercise.owner_id.is_(None)
    return or_(Exercise.owner_id.is_(None), Exercise.owner_id == owner)


def list_exercises(
    session: Session, viewer: User, position: str = "", category: str = ""
) -> list[Exercise]:
    """Exercises in library order, optionally filtered; unknown filter values are refused."""
    if position and position not in POSITIONS:
        raise ServiceError(_l("Choose a position from the list."), field="position")
    if category and category not in CATEGORIES:
        raise ServiceError(_l("Choose a kind of exercise from the list."), field="category")
    query = select(Exercise).where(_visible(viewer))
    if position:
        query = query.where(Exercise.position == position)
    if category:
        query = query.where(Exercise.category == category)
    return list(session.scalars(query.order_by(Exercise.sort_order, Exercise.slug)))


def get_exercise(session: Session, viewer: User, slug: str) -> Exercise:
    """One exercise this viewer may see, by slug."""
    exercise = session.scalar(select(Exercise).where(Exercise.slug == slug, _visible(viewer)))
    if exercise is None:
        raise NotFound(_l("This exercise does not exist."))
    return exercise
