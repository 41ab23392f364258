"""Loading the exercise catalogue from its files into the database, idempotently."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.catalogue import CatalogueError, ExerciseData, parse_exercise
from webapp.models import Exercise, Unit


@dataclass
class LoadReport:
    """How many exercises a load created, changed or found as they were."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def read_catalogue(directory: str | Path) -> list[ExerciseData]:
    """Every exercise file in ``<directory>/exercises``, checked, in library order."""
    folder = Path(directory) / "exercises"
    exercises = []
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as handle:
                raw = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise CatalogueError(f"{path.name}: not valid TOML ({exc})") from None
        exercises.append(parse_exercise(raw, path.name))
    if not exercises:
        raise CatalogueError(f"no exercise files in {folder}")
    return sorted(exercises, key=lambda e: (e.order, e.slug))


def _texts(data: ExerciseData) -> dict:
    """The per-language texts as stored in Exercise.texts."""
    return {
        lang: {
            "summary": t.summary,
            "starting_position": t.starting_position,
            "steps": list(t.steps),
            "mistakes": list(t.mistakes),
            "stop": list(t.stop),
        }
        for lang, t in data.texts.items()
    }


def _values(data: ExerciseData) -> dict:
    """The Exercise columns a catalogue file determines."""
    return {
        "name_nl": data.texts["nl"].name,
        "name_en": data.texts["en"].name,
        "unit": Unit(data.unit),
        "default_sets": data.sets,
        "default_amount": data.amount,
        "position": data.position,
        "category": data.category,
        "per_side": data.per_side,
        "sort_order": data.order,
        "texts": _texts(data),
    }


def load_catalogue(session: Session, directory: str | Path) -> LoadReport:
    """Create or update the catalogue exercises to match the files; the caller commits."""
    report = LoadReport()
    existing = {
        e.slug: e for e in session.scalars(select(Exercise).where(Exercise.owner_id.is_(None)))
    }
    for data in read_catalogue(directory):
        values = _values(data)
        exercise = existing.get(data.slug)
        if exercise is None:
            session.add(Exercise(slug=data.slug, owner_id=None, **values))
            report.created.append(data.slug)
        elif any(getattr(exercise, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(exercise, key, value)
            report.updated.append(data.slug)
        else:
            report.unchanged.append(data.slug)
    session.flush()
    return report
