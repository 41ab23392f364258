"""Motion files: every file in the catalogue is usable and readable, and bad data is refused
by name."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from webapp.media.captions import readability_problems
from webapp.media.errors import MotionError
from webapp.media.motion import load_motion, parse_motion
from webapp.media.render import FPS
from webapp.media.timeline import Timeline

MOTIONS = Path(__file__).parents[2] / "webapp" / "catalogue" / "motions"
SLUGS = sorted(path.stem for path in MOTIONS.glob("*.toml"))
CATALOGUE = {
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
ACTIVITIES = {"walking", "cycling", "swimming", "water-walking"}
PER_SIDE = {"bird-dog", "side-plank-knees", "knee-to-chest", "dead-bug"}
SIDE_VIEW = {"bridge", "pelvic-tilt", "cat-camel", "curl-up"}


def test_every_catalogue_exercise_has_a_motion_file():
    """The thirteen catalogue exercises and water walking each have their video data."""
    assert set(SLUGS) >= CATALOGUE


@pytest.mark.parametrize("slug", SLUGS)
def test_motion_file_loads_and_shows_enough(slug):
    """At least two repetitions (one per side), 12-45 s, holds for the exercises that hold."""
    motion = load_motion(MOTIONS / f"{slug}.toml")
    assert motion.reps * motion.sides >= 2
    assert 12 <= motion.duration <= 45
    if slug not in ACTIVITIES:
        assert motion.counter
    if slug in {"pelvic-tilt", "knee-to-chest", "bridge", "bird-dog", "side-plank-knees"}:
        assert any(step.hold for step in motion.rep)


@pytest.mark.parametrize("slug", SLUGS)
def test_captions_in_both_languages_cover_the_video(slug):
    """Dutch and English cues start at 0, follow each other and end within the video."""
    timeline = Timeline(load_motion(MOTIONS / f"{slug}.toml"))
    counts = set()
    for lang in ("nl", "en"):
        cues = timeline.cues(lang)
        assert cues[0][0] == 0
        for (start, end, text), following in zip(cues, [*cues[1:], None], strict=True):
            assert 0 <= start < end <= timeline.duration + 1e-9
            assert text.strip() and "{" not in text
            if following:
                assert end <= following[0] + 1e-9
        counts.add(len(cues))
    assert len(counts) == 1  # the languages tell the same story


@pytest.mark.parametrize("slug", SLUGS)
def test_every_cue_is_readable_in_time(slug):
    """Each cue stays at least 1.5 s and at most 17 characters a second; safety cues longer.

    Checked against the encoded length (whole frames), as the VTT files are written.
    """
    timeline = Timeline(load_motion(MOTIONS / f"{slug}.toml"))
    duration = math.ceil(timeline.duration * FPS - 1e-6) / FPS
    for lang in ("nl", "en"):
        cues = timeline.cues(lang, duration)
        assert readability_problems(cues) == [], lang
        assert all(len(text.split()) <= 20 for _, _, text in cues)


@pytest.mark.parametrize("slug", sorted(PER_SIDE))
def test_per_side_exercises_show_both_sides(slug):
    """The repetitions run once per side, with the sides mirrored."""
    motion = load_motion(MOTIONS / f"{slug}.toml")
    assert motion.per_side
    assert {segment.side for segment in Timeline(motion).segments} == {0, 1}


@pytest.mark.parametrize("slug", sorted(SIDE_VIEW))
def test_side_view_shows_height_tilt_and_curve(slug):
    """Bridge, pelvic tilt, cat-camel and curl-up cut to the side view during the exercise."""
    timeline = Timeline(load_motion(MOTIONS / f"{slug}.toml"))
    assert timeline.segments[0].view == "three-quarter"
    assert any(segment.view == "side" and segment.rep == 1 for segment in timeline.segments)


def _minimal() -> dict:
    """A small valid motion file, parsed."""
    return tomllib.loads(
        """
        position = "supine"
        reps = 2
        [start]
        duration = 2
        pose = { hip = 50, knee = 90 }
        cue = { nl = "Lig op uw rug", en = "Lie on your back" }
        [[rep]]
        duration = 2
        pose = { pelvis = -5 }
        cue = { nl = "Kantel uw bekken", en = "Tilt your pelvis" }
        [[rep]]
        duration = 3
        hold = true
        cue = { nl = "Vasthouden – {seconds} s", en = "Hold – {seconds} s" }
        """
    )


def test_minimal_motion_parses_and_fills_in_seconds():
    """The {seconds} placeholder becomes the hold's length."""
    timeline = Timeline(parse_motion(_minimal(), "demo.toml"))
    assert timeline.cues("nl")[2][2] == "Vasthouden – 3 s"
    assert timeline.cues("en")[-1] == (9.0, 12.0, "Hold – 3 s")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda raw: raw["start"]["pose"].update(kneee=90), "start.pose.kneee"),
        (lambda raw: raw["start"]["pose"].update(knee=-10), "start.pose.knee"),
        (lambda raw: raw["rep"][0]["pose"].update(elbow_l=200), "rep[0].pose.elbow_l"),
        (lambda raw: raw["rep"][0]["pose"].update(spine_l=10), "rep[0].pose.spine_l"),
        (lambda raw: raw["rep"][1].update(pose={"hip": 10}), "rep[1].pose"),
        (lambda raw: raw["rep"][0].update(duration=-1), "rep[0].duration"),
        (lambda raw: raw["rep"][0].update(ease="bouncy"), "rep[0].ease"),
        (lambda raw: raw["rep"][0].update(view="aerial"), "rep[0].view"),
        (lambda raw: raw["rep"][0]["cue"].pop("en"), "rep[0].cue.en"),
        (lambda raw: raw["rep"][0]["cue"].update(nl="a --> b"), "rep[0].cue.nl"),
        (lambda raw: raw["start"].pop("cue"), "start.cue"),
        (lambda raw: raw.update(reps=1), "reps"),
        (lambda raw: raw.update(position="floating"), "position"),
        (lambda raw: raw.update(speed=3), "speed"),
        (lambda raw: raw.update(reach={"tail_l": {"target": "mat"}}), "reach.tail_l"),
        (lambda raw: raw.update(reach={"hand_l": {"target": "moon"}}), "reach.hand_l.target"),
        (lambda raw: raw["rep"][0]["pose"].update(reach_hand_l=1), "rep[0].pose.reach_hand_l"),
        (lambda raw: raw.update(poster=99), "poster"),
        (lambda raw: raw.update(reach={"foot_l": {"target": "pedal_l"}}), "reach.foot_l.target"),
        (lambda raw: raw.update(level=[["pelvis"]]), "level"),
        (lambda raw: raw.update(support=["elbow"]), "support"),
        (lambda raw: raw.update(anchor="tail"), "anchor"),
    ],
)
def test_bad_motion_data_is_refused_naming_the_field(change, field):
    """Each mistake is refused with the file and the field in the message."""
    raw = _minimal()
    change(raw)
    with pytest.raises(MotionError) as refused:
        parse_motion(raw, "demo.toml")
    message = str(refused.value)
    assert message.startswith("demo.toml")
    assert field in message


def test_unreadable_file_is_refused(tmp_path):
    """A file that is not TOML is named in the error."""
    broken = tmp_path / "broken.toml"
    broken.write_text("position = [", encoding="utf-8")
    with pytest.raises(MotionError, match=r"broken\.toml"):
        load_motion(broken)
