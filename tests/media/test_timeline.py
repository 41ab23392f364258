"""Timelines: eased poses, sides, overlays, and a figure that stays on the floor."""

from __future__ import annotations

import itertools
import math
import tomllib
from pathlib import Path

import pytest

from webapp.media.figure import figure_shapes, lowest
from webapp.media.motion import load_motion, parse_motion
from webapp.media.staging import Stage
from webapp.media.timeline import Timeline

MOTIONS = Path(__file__).parents[2] / "webapp" / "catalogue" / "motions"
SLUGS = sorted(path.stem for path in MOTIONS.glob("*.toml"))
FLOOR = ("supine", "prone", "side", "hands-knees", "standing")


def _motion(extra: str = "", reps: int = 2):
    """A small motion: lift the near knee and hold, optionally per side."""
    text = f"""
        position = "supine"
        reps = {reps}
        {extra}
        [start]
        duration = 1
        pose = {{ hip = 50, knee = 90 }}
        cue = {{ nl = "Begin", en = "Start" }}
        [[rep]]
        duration = 2
        pose = {{ hip_near = 110 }}
        cue = [{{ reps = [1], nl = "Eerste", en = "First" }}, {{ nl = "Op", en = "Up" }}]
        [[rep]]
        duration = 4
        hold = true
        [[rep]]
        duration = 2
        pose = {{ hip_near = 50 }}
        """
    return parse_motion(tomllib.loads(text), "demo.toml")


def test_poses_ease_in_and_out_between_keyframes():
    """Halfway through a move the joint is halfway; near the ends it moves slowly."""
    timeline = Timeline(_motion())
    assert timeline.pose_at(0.5)["hip_near"] == 50
    assert timeline.pose_at(2.0)["hip_near"] == pytest.approx(80)
    assert timeline.pose_at(1.1)["hip_near"] - 50 < 0.1 * 60
    assert timeline.pose_at(3.0)["hip_near"] == pytest.approx(110)


def test_per_side_swaps_near_and_far():
    """The second side lifts the far knee instead."""
    timeline = Timeline(_motion("per_side = true", reps=1))
    assert timeline.duration == 1 + 2 * 8
    assert timeline.pose_at(3.0)["hip_near"] == pytest.approx(110)
    assert timeline.pose_at(3.0)["hip_far"] == pytest.approx(50)
    assert timeline.pose_at(11.0)["hip_far"] == pytest.approx(110)
    assert timeline.pose_at(11.0)["hip_near"] == pytest.approx(50)
    first, second = timeline.overlay_at(3.0), timeline.overlay_at(11.0)
    assert (first.rep, first.reps, first.side) == (1, 2, 0)
    assert (second.rep, second.reps, second.side) == (2, 2, 1)


def test_overlay_counts_repetitions_and_holds():
    """The counter appears with the first repetition; the countdown runs during holds."""
    timeline = Timeline(_motion())
    assert timeline.overlay_at(0.5).rep == 0
    first_hold = timeline.overlay_at(4.0)
    assert (first_hold.rep, first_hold.reps, first_hold.remaining) == (1, 2, 3.0)
    assert timeline.overlay_at(10.0).rep == 2
    assert timeline.overlay_at(10.0).remaining is None
    assert timeline.poster_time() == 5.0


def test_cues_can_be_limited_to_repetitions():
    """A cue with reps = [1] only plays in the first repetition."""
    texts = [text for _, _, text in Timeline(_motion()).cues("en")]
    assert texts == ["Start", "First", "Up"]


def test_turning_channels_take_the_short_way_round():
    """A crank going from -270 to -360 keeps turning the same way."""
    timeline = Timeline(load_motion(MOTIONS / "cycling.toml"))
    cranks = [timeline.pose_at(t / 10)["crank"] for t in range(25, 80)]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(cranks))


def _knee_and_elbow_turns(body, mirrored: bool):
    """Signed bends of knees (shin against thigh) and elbows (forearm against upper arm)."""
    sign = -1 if mirrored else 1
    for side in ("near", "far"):
        knee = body.dirs[f"shin_{side}"] - body.dirs[f"thigh_{side}"]
        elbow = body.dirs[f"forearm_{side}"] - body.dirs[f"upper_arm_{side}"]
        yield "knee", sign * math.remainder(knee, 2 * math.pi)
        yield "elbow", sign * math.remainder(elbow, 2 * math.pi)


@pytest.mark.parametrize("slug", SLUGS)
def test_figure_rests_on_the_floor_and_joints_bend_the_right_way(slug):
    """No floating or sinking on a floor; knees and elbows never bend backwards."""
    motion = load_motion(MOTIONS / f"{slug}.toml")
    timeline = Timeline(motion)
    stage = Stage(motion, timeline)
    for i in range(0, int(timeline.duration * 5)):
        t = i / 5
        body, _ = stage.body_at(t)
        if motion.position in FLOOR:
            low = lowest(figure_shapes(body, stage.profile))
            assert -0.6 <= low <= 0.6, f"{slug} at {t:.1f} s: lowest point {low:.2f}"
        mirrored = motion.mirror == "flip" and timeline.segment_at(t).side == 1
        for joint, bend in _knee_and_elbow_turns(body, mirrored):
            limit = 0.02
            if joint == "knee":
                assert bend <= limit, f"{slug} at {t:.1f} s: a knee bends backwards"
            else:
                assert bend >= -limit, f"{slug} at {t:.1f} s: an elbow bends backwards"
