"""Putting a plan together before it is saved: what to pick from, where to start, a preview.

A choice starts from chosen exercises or from a template to adapt. The library is read once
per page; searching, starting and checking all work on that one list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.domain import progression as rules
from webapp.domain.templates import MON_WED_FRI, TEMPLATES
from webapp.models import Exercise, User
from webapp.services.core.errors import ServiceError
from webapp.services.library.exercises import list_exercises
from webapp.services.plans.plan_checks import (
    MAX_ITEMS,
    ItemChoice,
    check_items,
    estimate_minutes,
    plan_warnings,
)


@dataclass(frozen=True)
class Library:
    """The exercises a physio may put in a plan: the catalogue and their own ones."""

    exercises: list[Exercise]
    by_id: dict[int, Exercise]
    # The built-in catalogue by slug: templates name their exercises by it.
    catalogue: dict[str, Exercise]

    @classmethod
    def of(cls, exercises: list[Exercise]) -> Library:
        """The library of these exercises, looked up by id and the catalogue's by slug."""
        catalogue = {e.slug: e for e in exercises if e.owner_id is None}
        return cls(exercises, {e.id: e for e in exercises}, catalogue)


@dataclass(frozen=True)
class RampPreview:
    """A measured build-up item as it would be saved: its proposal and quotas by week."""

    exercise: Exercise
    proposal: rules.Proposal
    quotas: list[int]


@dataclass(frozen=True)
class Preview:
    """The chosen plan before saving: advice, minutes a session, and the ramps by item index."""

    warnings: list[str]
    minutes: int
    ramps: dict[int, RampPreview]


def load_library(session: Session, physio: User) -> Library:
    """The physio's library, read once for the whole page."""
    return Library.of(list_exercises(session, physio))


def default_item(exercise: Exercise) -> ItemChoice:
    """An exercise as it is first added: its own default dose, no build-up."""
    return ItemChoice(exercise, exercise.default_sets, exercise.default_amount)


def starting_items(
    library: Library, exercise_ids: Sequence[int | None], template_key: str = ""
) -> list[ItemChoice]:
    """The items a new choice starts with: a template's to adapt, else the chosen exercises.

    Unknown or repeated exercises are left out, and no more than a plan may hold are kept.
    """
    template = TEMPLATES.get(template_key)
    if template is not None:
        return [
            ItemChoice(library.catalogue[i.slug], i.sets, i.amount, i.graded)
            for i in template.items
            if i.slug in library.catalogue
        ]
    known = [i for i in dict.fromkeys(exercise_ids) if i in library.by_id]
    return [default_item(library.by_id[i]) for i in known][:MAX_ITEMS]


def starting_days(template_key: str = "") -> int:
    """The days a new choice starts with: the template's, else Monday, Wednesday and Friday."""
    template = TEMPLATES.get(template_key)
    return template.weekdays if template is not None else MON_WED_FRI


def chosen_item(
    library: Library,
    exercise_id: int | None,
    *,
    sets: int,
    amount: int,
    graded: bool = False,
    baseline: float | None = None,
    start_fraction: float = 0.8,
    goal: int | None = None,
    weeks: int | None = None,
) -> ItemChoice:
    """One chosen item as the form gives it; an exercise outside the library is refused."""
    exercise = library.by_id.get(exercise_id) if exercise_id is not None else None
    if exercise is None:
        raise ServiceError(_l("Choose each exercise once, from the library."), "items")
    return ItemChoice(
        exercise,
        sets,
        amount,
        graded,
        baseline,
        start_fraction,
        goal,
        rules.DEFAULT_WEEKS if weeks is None else weeks,
    )


def preview(items: Sequence[ItemChoice], physio: User) -> Preview:
    """Check the chosen items and show them as they would be saved; refusals as on saving."""
    proposals = check_items(items, physio)
    # As saved: a measured item starts at its start amount and builds up to its goal.
    planned = [
        replace(c, amount=proposals[i].q0, goal=proposals[i].goal) if i in proposals else c
        for i, c in enumerate(items)
    ]
    ramps = {
        index: RampPreview(items[index].exercise, proposal, rules.ramp(proposal.params()))
        for index, proposal in proposals.items()
    }
    return Preview(plan_warnings(planned), round(estimate_minutes(planned)), ramps)


def template_minutes(library: Library) -> dict[str, int]:
    """About how many minutes a session of each template takes."""
    return {key: round(estimate_minutes(starting_items(library, [], key))) for key in TEMPLATES}
