"""Timelines: eased poses, sides mirrored, overlays, camera cuts and the moving-limb glow."""

from __future__ import annotations

import itertools
import tomllib

import pytest

from tests.media.conftest import MOTIONS
from webapp.media.motion import load_motion, parse_motion
from webapp.media.rig import mirrored
from webapp.media.timeline import Timeline, mirror_pose


def _motion(extra: str = "", reps: int = 2):
    """A small motion: lift the right knee and hold, optionally per side."""
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
        pose = {{ hip_r = 110 }}
        cue = [{{ reps = [1], nl = "Eerste", en = "First" }}, {{ nl = "Op", en = "Up" }}]
        [[rep]]
        duration = 4
        hold = true
        view = "side"
        [[rep]]
        duration = 2
        view = "three-quarter"
        pose = {{ hip_r = 50 }}
        """
    return parse_motion(tomllib.loads(text), "demo.toml")


def test_poses_ease_in_and_out_between_keyframes():
    """Halfway through a move the joint is halfway; near the ends it moves slowly."""
    timeline = Timeline(_motion())
    assert timeline.pose_at(0.5)["hip_r"] == 50
    assert timeline.pose_at(2.0)["hip_r"] == pytest.approx(80)
    assert timeline.pose_at(1.1)["hip_r"] - 50 < 0.1 * 60
    assert timeline.pose_at(3.0)["hip_r"] == pytest.approx(110)


def test_per_side_mirrors_left_and_right():
    """The second side lifts the left knee instead; the counter counts on over both."""
    timeline = Timeline(_motion("per_side = true", reps=1))
    assert timeline.duration == 1 + 2 * 8
    assert timeline.pose_at(3.0)["hip_r"] == pytest.approx(110)
    assert timeline.pose_at(3.0)["hip_l"] == pytest.approx(50)
    assert timeline.pose_at(11.0)["hip_l"] == pytest.approx(110)
    assert timeline.pose_at(11.0)["hip_r"] == pytest.approx(50)
    first, second = timeline.overlay_at(3.0), timeline.overlay_at(11.0)
    assert (first.rep, first.reps, first.side) == (1, 2, 0)
    assert (second.rep, second.reps, second.side) == (2, 2, 1)


def test_mirroring_swaps_sides_and_turns_sideways_channels():
    """Left and right swap; a twist or roll turns the other way; reaches swap too."""
    pose = {"hip_l": 10.0, "hip_r": 90.0, "spine_twist": 20.0, "legs_roll": -30.0, "spine": 5.0}
    assert mirrored(pose) == {
        "hip_r": 10.0,
        "hip_l": 90.0,
        "spine_twist": -20.0,
        "legs_roll": 30.0,
        "spine": 5.0,
    }
    assert mirror_pose({"reach_hand_l": 0.0, "reach_foot_r": 1.0}) == {
        "reach_hand_r": 0.0,
        "reach_foot_l": 1.0,
    }


def test_overlay_counts_repetitions_and_holds():
    """The counter appears with the first repetition; the countdown runs during holds."""
    timeline = Timeline(_motion())
    assert timeline.overlay_at(0.5).rep == 0
    first_hold = timeline.overlay_at(4.0)
    assert (first_hold.rep, first_hold.reps, first_hold.remaining) == (1, 2, 3.0)
    assert timeline.overlay_at(10.0).rep == 2
    assert timeline.overlay_at(10.0).remaining is None
    assert timeline.poster_time() == 5.0


def test_a_step_cuts_to_its_view_until_another_step_cuts_back():
    """The hold shows the side view; the rest the default 3/4 view."""
    timeline = Timeline(_motion())
    assert [segment.view for segment in timeline.segments[:5]] == [
        "three-quarter",
        "three-quarter",
        "side",
        "three-quarter",
        "three-quarter",
    ]


def test_the_moving_limb_glows_and_the_glow_stays_through_the_hold():
    """Lifting the right knee lights the right leg, gently faded in, and nothing else."""
    timeline = Timeline(_motion())
    assert timeline.glow_at(0.5) == (0.0, 0.0, 0.0, 0.0)
    assert timeline.glow_at(4.0) == (0.0, 0.0, 0.0, 1.0)  # arm_l, arm_r, leg_l, leg_r
    fading_in = timeline.glow_at(1.2)[3]
    assert 0.0 < fading_in < 1.0


def test_cues_can_be_limited_to_repetitions():
    """A cue with reps = [1] only plays in the first repetition."""
    texts = [text for _, _, text in Timeline(_motion()).cues("en")]
    assert texts == ["Start", "First", "Up"]


def test_turning_channels_take_the_short_way_round():
    """A crank going from -270 to -360 keeps turning the same way; so do swimming arms."""
    cycling = Timeline(load_motion(MOTIONS / "cycling.toml"))
    cranks = [cycling.pose_at(t / 10)["crank"] for t in range(35, 90)]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(cranks))
    swimming = Timeline(load_motion(MOTIONS / "swimming.toml"))
    arms = [swimming.pose_at(t / 10)["shoulder_l"] for t in range(30, 140)]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(arms))
