"""The exercise catalogue: every file is complete and correct, and loading it is idempotent."""

import re

import pytest
from sqlalchemy import func, select

from config import ROOT
from webapp.domain.catalogue import CatalogueError, parse_exercise
from webapp.models import Exercise
from webapp.services.library.catalogue import load_catalogue, read_catalogue

CATALOGUE = ROOT / "webapp" / "catalogue"
REQUIRED = {
    "pelvic-tilt",
    "knee-to-chest",
    "bridge",
    "bird-dog",
    "side-plank-knees",
    "curl-up",
    "cat-camel",
    "dead-bug",
    "walking",
    "cycling",
    "swimming",
    "lumbar-rotation",
    "prone-press-up",
    "water-walking",
}


def test_the_catalogue_has_the_clinical_rows_and_more():
    slugs = {e.slug for e in read_catalogue(CATALOGUE)}
    assert slugs >= REQUIRED
    assert len(slugs) >= 12


@pytest.mark.parametrize("exercise", read_catalogue(CATALOGUE), ids=lambda e: e.slug)
def test_every_exercise_says_when_to_stop_as_a_short_list_in_both_languages(exercise):
    nl, en = exercise.texts["nl"].stop, exercise.texts["en"].stop
    assert 4 <= len(nl) == len(en) <= 6
    # Pain that spreads further down the leg, or is new in the leg.
    assert re.search(r"verder uw (bil of )?been in trekt, of nieuwe pijn in uw been", nl[0])
    assert re.search(r"further (down|into) your (buttock or )?leg, or new pain in your leg", en[0])
    # The urgent signs, each with whom to call.
    assert "nieuw is of erger wordt: bel vandaag nog uw huisarts" in nl[-2]
    assert "new or getting worse: call your GP today" in en[-2]
    assert re.search(r"geslachtsdelen of billen.*plassen of ontlasting: bel meteen", nl[-1])
    assert re.search(r"genitals or buttocks.*urine or stool: call your GP straight away", en[-1])
    for lang in ("nl", "en"):
        assert 3 <= len(exercise.texts[lang].steps) <= 6


def test_activities_are_counted_in_minutes():
    units = {e.slug: e.unit for e in read_catalogue(CATALOGUE)}
    assert units["walking"] == units["cycling"] == "minutes"


def _raw(**changes):
    texts = {
        "name": "N",
        "summary": "S",
        "starting_position": "P",
        "stop": ["T", "U"],
        "steps": ["a", "b", "c"],
        "mistakes": ["m"],
    }
    raw = {
        "slug": "x",
        "unit": "reps",
        "position": "supine",
        "category": "mobility",
        "sets": 1,
        "amount": 10,
        "order": 1,
        "nl": dict(texts),
        "en": dict(texts),
    }
    raw.update(changes)
    return raw


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"slug": "y"}, "does not match the file name"),
        ({"unit": "kg"}, "unit must be one of"),
        ({"position": "upside-down"}, "position must be one of"),
        ({"sets": 0}, "sets must be 1..10"),
        ({"amount": "ten"}, "amount must be"),
        ({"en": None}, "[en]: missing section"),
    ],
)
def test_a_broken_file_is_refused_with_the_field_named(changes, message):
    with pytest.raises(CatalogueError, match=re.escape(message)):
        parse_exercise(_raw(**changes), "x.toml")


def test_a_stop_rule_as_one_long_text_is_refused():
    raw = _raw()
    raw["nl"] = dict(raw["nl"], stop="Stop als de pijn uitstraalt.")
    with pytest.raises(CatalogueError, match=r"x.toml \[nl\].stop: must be a list of texts"):
        parse_exercise(raw, "x.toml")


def test_too_few_steps_is_refused():
    raw = _raw()
    raw["nl"] = dict(raw["nl"], steps=["only one"])
    with pytest.raises(CatalogueError, match=r"x.toml \[nl\].steps: needs 3 to 6"):
        parse_exercise(raw, "x.toml")


def test_loading_twice_changes_nothing_the_second_time(db):
    first = load_catalogue(db, CATALOGUE)
    db.commit()
    second = load_catalogue(db, CATALOGUE)
    db.commit()
    assert len(first.created) >= 12 and not first.updated
    assert not second.created and not second.updated
    assert len(second.unchanged) == len(first.created)
    assert db.scalar(select(func.count()).select_from(Exercise)) == len(first.created)


def test_loading_updates_a_changed_exercise(db):
    load_catalogue(db, CATALOGUE)
    walking = db.scalar(select(Exercise).where(Exercise.slug == "walking"))
    walking.default_amount = 99
    db.commit()
    report = load_catalogue(db, CATALOGUE)
    assert report.updated == ["walking"]


def test_catalogue_load_command(runner):
    result = runner.invoke(args=["catalogue", "load"])
    assert result.exit_code == 0, result.output
    assert "new" in result.output


def test_catalogue_load_command_reports_a_broken_folder_cleanly(app, runner, tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "bad.toml").write_text("slug = [unclosed")
    app.config["CATALOGUE_DIR"] = str(tmp_path)
    result = runner.invoke(args=["catalogue", "load"])
    assert result.exit_code == 1
    assert "bad.toml: not valid TOML" in result.output
