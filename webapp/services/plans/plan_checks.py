"""Checking a plan before it is saved: doses, ramps, the advised size of a session.

Pure rules on the physio's choices (CLINICAL.md: 2-4 exercises, about 15 minutes); the
errors name the form field they belong to.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from flask_babel import lazy_gettext as _l

from webapp.domain import progression as rules
from webapp.models import (
    Exercise,
    Unit,
    User,
)
from webapp.services.core.errors import ServiceError

MAX_ITEMS, ADVISED_ITEMS, ADVISED_MINUTES = 10, 4, 15  # CLINICAL.md: keep plans to 2-4
MAX_NOTE, MAX_AMOUNT, MAX_SETS = 500, 600, 10
# Rough session timing: a repetition takes ~3 s, a hold its seconds plus ~3 s to get in
# and out of it, and a set is followed by ~30 s of rest.
REP_SECONDS, HOLD_EXTRA_SECONDS, REST_SECONDS = 3, 3, 30
EARLIEST_START_DAYS, LATEST_START_DAYS = 7, 60
DEFAULT_REMINDER = time(18, 30)


@dataclass(frozen=True)
class ItemChoice:
    """One exercise the physio puts in a plan, its dose and, when graded, its ramp."""

    exercise: Exercise
    sets: int
    amount: int
    graded: bool = False
    # The physio's own measurement; None leaves the baseline to the patient's starting week.
    baseline: float | None = None
    start_fraction: float = 0.8
    goal: int | None = None
    weeks: int = rules.DEFAULT_WEEKS

    @property
    def with_ramp(self) -> bool:
        """True when the ramp is set now, from the physio's baseline."""
        return self.graded and self.baseline is not None


def _field(index: int, name: str) -> str:
    """The form field an item's error belongs to."""
    return f"items-{index}-{name}"


def _check_range(value: object, low: int, high: int, field: str, kind=int) -> None:
    """Refuse anything but a number of this kind from ``low`` to ``high`` (NaN included)."""
    if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
        raise ServiceError(
            _l("Number must be between %(min)d and %(max)d.", min=low, max=high), field
        )


def _check_dose(choice: ItemChoice, index: int) -> None:
    """Refuse an item's dose or ramp numbers outside what a plan can hold."""
    _check_range(choice.sets, 1, MAX_SETS, _field(index, "sets"))
    _check_range(choice.amount, 1, MAX_AMOUNT, _field(index, "amount"))
    if choice.baseline is not None:
        _check_range(choice.baseline, 1, MAX_AMOUNT, _field(index, "baseline"), (int, float))
    if choice.goal is not None:
        _check_range(choice.goal, 1, MAX_AMOUNT, _field(index, "goal"))
    _check_range(choice.weeks, rules.MIN_WEEKS, rules.MAX_WEEKS, _field(index, "weeks"))


def _item_proposal(choice: ItemChoice, index: int = 0) -> rules.Proposal:
    """The ramp from the physio's baseline: start at 80% (or 70%) of it, then weekly steps.

    The numbers were checked with the rest of the item (``check_items``).
    """
    if choice.start_fraction not in rules.START_FRACTIONS:
        raise ServiceError(
            _l("Start at %(low)d%% or %(high)d%% of the baseline.", low=70, high=80),
            _field(index, "start"),
        )
    try:
        return rules.propose(
            [choice.baseline],
            choice.exercise.unit.value,
            weeks=choice.weeks,
            start_fraction=choice.start_fraction,
            goal=choice.goal,
        )
    except rules.ProgressionError:
        q0 = rules.propose(
            [choice.baseline],
            choice.exercise.unit.value,
            weeks=choice.weeks,
            start_fraction=choice.start_fraction,
        ).q0
        raise ServiceError(
            _l("The goal must be at least the start amount (%(amount)d).", amount=q0),
            _field(index, "goal"),
        ) from None


def _seconds(unit: Unit, sets: int, amount: int, per_side: bool) -> float:
    """The estimated length of one exercise in seconds."""
    sides = 2 if per_side else 1
    if unit == Unit.MINUTES:
        return sets * amount * 60
    if unit == Unit.HOLD:  # the sets are the repetitions of one block of holds
        return sets * (amount + HOLD_EXTRA_SECONDS) * sides + REST_SECONDS
    return sets * amount * REP_SECONDS * sides + (sets - 1) * REST_SECONDS


def estimate_minutes(items: Sequence, at_goal: bool = False) -> float:
    """How long a session takes, roughly; ``at_goal`` counts each build-up item at its goal."""
    total = 0.0
    for item in items:
        goal = getattr(item, "goal", None) if at_goal else None
        total += _seconds(
            item.exercise.unit, item.sets, goal or item.amount, item.exercise.per_side
        )
    return total / 60


def plan_warnings(items: Sequence) -> list[str]:
    """Advice when a plan gets long: adherence falls as exercises and minutes are added."""
    found = []
    if len(items) > ADVISED_ITEMS:
        found.append(
            _l(
                "This plan has %(num)d exercises. Plans of 2 to 4 exercises are easier to keep up.",
                num=len(items),
            )
        )
    minutes, at_goal = estimate_minutes(items), estimate_minutes(items, at_goal=True)
    if minutes > ADVISED_MINUTES:
        found.append(
            _l(
                "This plan takes about %(minutes)d minutes a session. Plans over "
                "about 15 minutes are harder to keep up.",
                minutes=round(minutes),
            )
        )
    elif at_goal > ADVISED_MINUTES:
        found.append(
            _l(
                "At the goals, this plan takes about %(minutes)d minutes a session. "
                "Plans over about 15 minutes are harder to keep up.",
                minutes=round(at_goal),
            )
        )
    return [str(text) for text in found]


def check_items(items: Sequence[ItemChoice], physio: User) -> dict[int, rules.Proposal]:
    """Refuse unusable items; returns the ramp proposal of each item the physio measured."""
    if not items:
        raise ServiceError(_l("Choose at least one exercise."), "items")
    if len(items) > MAX_ITEMS:
        raise ServiceError(_l("A plan can have at most %(max)d exercises.", max=MAX_ITEMS), "items")
    seen: set[int] = set()
    for i, choice in enumerate(items):
        if choice.exercise.owner_id not in (None, physio.id) or choice.exercise.id in seen:
            raise ServiceError(_l("Choose each exercise once, from the library."), "items")
        seen.add(choice.exercise.id)
        _check_dose(choice, i)
    graded = [i for i, choice in enumerate(items) if choice.graded]
    measured = [i for i in graded if items[i].with_ramp]
    if measured and len(measured) < len(graded):
        missing = next(i for i in graded if not items[i].with_ramp)
        raise ServiceError(
            _l(
                "Enter a baseline for every build-up exercise, or for none: then "
                "the patient measures it in a starting week."
            ),
            _field(missing, "baseline"),
        )
    return {i: _item_proposal(items[i], i) for i in measured}


def check_ramp(q0: object, goal: object, weeks: object) -> rules.RampParams:
    """A physio's new ramp, with a message for the field the domain rules refuse."""
    _check_range(q0, 1, MAX_AMOUNT, "q0")
    _check_range(goal, 1, MAX_AMOUNT, "goal")
    _check_range(weeks, rules.MIN_WEEKS, rules.MAX_WEEKS, "weeks")
    try:
        return rules.RampParams(q0=q0, goal=goal, weeks=weeks)
    except rules.ProgressionError:
        raise ServiceError(
            _l("The goal must be at least the start amount (%(amount)d).", amount=q0), "goal"
        ) from None
