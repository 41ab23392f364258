"""The exercise catalogue as data: parsing and checking one exercise file's contents.

Pure: the caller reads the TOML; this module only checks what it says, so a broken file is
refused with a message naming the file and the field.
"""

from __future__ import annotations

from dataclasses import dataclass

UNITS = ("reps", "hold", "minutes")
POSITIONS = ("supine", "prone", "side", "hands-knees", "standing", "sitting")
CATEGORIES = ("mobility", "stability", "strength", "activity")
LANGUAGES = ("nl", "en")
TEXT_FIELDS = ("name", "summary", "starting_position")
# When to stop is a short list (CLINICAL.md): the leg signs and the urgent signs, each apart.
LIST_FIELDS = {"steps": (3, 6), "mistakes": (1, 5), "stop": (2, 6)}


class CatalogueError(ValueError):
    """An exercise file says something the app cannot use."""


@dataclass(frozen=True)
class ExerciseTexts:
    """What the patient reads about an exercise, in one language."""

    name: str
    summary: str
    starting_position: str
    steps: tuple[str, ...]
    mistakes: tuple[str, ...]
    stop: tuple[str, ...]


@dataclass(frozen=True)
class ExerciseData:
    """One catalogue exercise as its file describes it."""

    slug: str
    unit: str
    position: str
    category: str
    sets: int
    amount: int
    per_side: bool
    order: int
    texts: dict[str, ExerciseTexts]


def _require(condition: bool, where: str, message: str) -> None:
    """Raise a CatalogueError naming the file and field when the condition fails."""
    if not condition:
        raise CatalogueError(f"{where}: {message}")


def _texts(raw: object, where: str) -> ExerciseTexts:
    """Check one language's texts."""
    _require(isinstance(raw, dict), where, "missing section")
    for key in TEXT_FIELDS:
        value = raw.get(key)
        _require(isinstance(value, str) and value.strip() != "", f"{where}.{key}", "empty text")
    lists = {}
    for key, (low, high) in LIST_FIELDS.items():
        value = raw.get(key)
        _require(isinstance(value, list), f"{where}.{key}", "must be a list of texts")
        _require(low <= len(value) <= high, f"{where}.{key}", f"needs {low} to {high} entries")
        _require(all(isinstance(v, str) and v.strip() for v in value), f"{where}.{key}", "empty")
        lists[key] = tuple(v.strip() for v in value)
    return ExerciseTexts(
        name=raw["name"].strip(),
        summary=raw["summary"].strip(),
        starting_position=raw["starting_position"].strip(),
        steps=lists["steps"],
        mistakes=lists["mistakes"],
        stop=lists["stop"],
    )


def parse_exercise(raw: dict, source: str) -> ExerciseData:
    """Check a parsed exercise file; ``source`` is its file name (``<slug>.toml``)."""
    slug = raw.get("slug")
    _require(isinstance(slug, str) and slug, source, "slug is missing")
    _require(source == f"{slug}.toml", source, f"slug {slug!r} does not match the file name")
    _require(raw.get("unit") in UNITS, source, f"unit must be one of {UNITS}")
    _require(raw.get("position") in POSITIONS, source, f"position must be one of {POSITIONS}")
    _require(raw.get("category") in CATEGORIES, source, f"category must be one of {CATEGORIES}")
    for key, high in (("sets", 10), ("amount", 600), ("order", 10_000)):
        value = raw.get(key)
        _require(isinstance(value, int) and 1 <= value <= high, source, f"{key} must be 1..{high}")
    _require(isinstance(raw.get("per_side", False), bool), source, "per_side must be true/false")
    return ExerciseData(
        slug=slug,
        unit=raw["unit"],
        position=raw["position"],
        category=raw["category"],
        sets=raw["sets"],
        amount=raw["amount"],
        per_side=raw.get("per_side", False),
        order=raw["order"],
        texts={lang: _texts(raw.get(lang), f"{source} [{lang}]") for lang in LANGUAGES},
    )
