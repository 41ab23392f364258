"""Every catalogue exercise starts at the dose CLINICAL.md's catalogue table gives it.

Hold exercises (bird-dog, side plank, curl-up) count repetitions of a short hold, so a
build-up adds repetitions and never holds past about 10 seconds: the table's hold is then in
the steps ("hold for about 8 seconds"), the dose counts the repetitions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from config import ROOT
from webapp.domain.templates import TEMPLATES
from webapp.services.library.catalogue import read_catalogue

CATALOGUE = {e.slug: e for e in read_catalogue(ROOT / "webapp" / "catalogue")}


@dataclass(frozen=True)
class Row:
    """One row of the table: the unit and the ranges of the start dose."""

    unit: str
    times: tuple[int, int]  # holds, sets or repetitions, as the unit counts them
    amount: tuple[int, int]  # seconds held, repetitions per set, or minutes
    per_side: bool = False
    hold: tuple[int, int] | None = None  # seconds each repetition is held (in the steps)


# CLINICAL.md, "Exercise catalogue (defaults; the physio changes them)".
TABLE = {
    # 5-15 s hold, 2-5 times
    "pelvic-tilt": Row("hold", times=(2, 5), amount=(5, 15)),
    # 15-30 s hold, 2-3 times
    "knee-to-chest": Row("hold", times=(2, 3), amount=(15, 30)),
    # hold 3 breaths (about 10 s), 5-10 times
    "bridge": Row("hold", times=(5, 10), amount=(8, 15)),
    # 5-10 s hold, 4-6 per side: counted in repetitions
    "bird-dog": Row("reps", times=(1, 1), amount=(4, 6), per_side=True, hold=(5, 10)),
    # 10 s hold, 4-6 per side: counted in repetitions
    "side-plank-knees": Row("reps", times=(1, 1), amount=(4, 6), per_side=True, hold=(10, 10)),
    # 10 s hold, 4-6 times: counted in repetitions
    "curl-up": Row("reps", times=(1, 1), amount=(4, 6), hold=(10, 10)),
    # 2 x 10 slow cycles
    "cat-camel": Row("reps", times=(2, 2), amount=(10, 10)),
    # 2 x 8 per side
    "dead-bug": Row("reps", times=(2, 2), amount=(8, 8), per_side=True),
    # from baseline, towards about 30 min
    "walking": Row("minutes", times=(1, 1), amount=(5, 30)),
    # from baseline
    "cycling": Row("minutes", times=(1, 1), amount=(5, 30)),
    "swimming": Row("minutes", times=(1, 1), amount=(5, 30)),
    # 5-10 slow per side
    "lumbar-rotation": Row("reps", times=(1, 1), amount=(5, 10), per_side=True),
    # 5-10 slow
    "prone-press-up": Row("reps", times=(1, 1), amount=(5, 10)),
    # from baseline; the alternative to swimming
    "water-walking": Row("minutes", times=(1, 1), amount=(5, 30)),
}


def test_the_table_and_the_catalogue_name_the_same_exercises():
    assert set(TABLE) == set(CATALOGUE)


@pytest.mark.parametrize("slug", sorted(TABLE))
def test_every_exercise_starts_at_the_dose_of_the_table(slug):
    row, exercise = TABLE[slug], CATALOGUE[slug]
    assert exercise.unit == row.unit
    assert row.times[0] <= exercise.sets <= row.times[1]
    assert row.amount[0] <= exercise.amount <= row.amount[1]
    assert exercise.per_side == row.per_side


@pytest.mark.parametrize("slug", sorted(s for s, row in TABLE.items() if row.hold))
def test_hold_exercises_grow_by_repetitions_and_say_how_long_each_hold_is(slug):
    row, exercise = TABLE[slug], CATALOGUE[slug]
    assert exercise.unit == "reps"
    for lang, word in (("nl", "seconden"), ("en", "seconds")):
        steps = " ".join(exercise.texts[lang].steps)
        held = [int(n) for n in re.findall(rf"(\d+) {word}", steps)]
        assert held and all(row.hold[0] <= n <= row.hold[1] for n in held), (lang, steps)
        assert re.search(r"10 (seconden|seconds)", " ".join(exercise.texts[lang].mistakes))


def test_swimming_points_people_who_do_not_swim_well_to_water_walking():
    assert "lopen in het water" in CATALOGUE["swimming"].texts["nl"].summary
    assert "water walking" in CATALOGUE["swimming"].texts["en"].summary
    walking_in_water = CATALOGUE["water-walking"]
    assert (walking_in_water.texts["nl"].name, walking_in_water.texts["en"].name) == (
        "Lopen in het water",
        "Water walking",
    )


@pytest.mark.parametrize("slug", ["dead-bug", "curl-up"])
def test_every_exercise_has_a_dutch_name_with_the_known_english_one_in_brackets(slug):
    name = CATALOGUE[slug].texts["nl"].name
    english = CATALOGUE[slug].texts["en"].name
    assert name.endswith(f"({english.lower()})") and len(name) > len(english) + 3


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_strength_work_runs_at_most_three_times_a_week_in_every_template(key):
    template = TEMPLATES[key]
    days = bin(template.weekdays).count("1")
    strength = [
        i for i in template.items if CATALOGUE[i.slug].category in {"strength", "stability"}
    ]
    assert not strength or days <= 3, (key, days)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_item_starts_within_the_table(key):
    for item in TEMPLATES[key].items:
        row = TABLE[item.slug]
        if row.unit == "minutes":
            assert row.amount[0] <= item.amount <= 30, (key, item)
        else:
            assert row.times[0] <= item.sets <= row.times[1], (key, item)
            assert row.amount[0] <= item.amount <= row.amount[1], (key, item)
