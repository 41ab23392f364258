"""Contact: what rests on the mat stays on it, planted hands and feet never slide, wrists
do not twist, and nothing sinks through the floor."""

from __future__ import annotations

import numpy as np
import pytest

from tests.media.conftest import MOTIONS
from webapp.media.frames import FrameMaker
from webapp.media.ik import chain
from webapp.media.motion import load_motion
from webapp.media.rotations import twist_about, unit

ON = 0.01  # a resting part's lowest point lies within 1 cm of the mat's top
SINK = 0.015  # no skin more than 1.5 cm below the surface it rests on (mats are soft)
SLIDE = 0.003  # planted hands and feet move less than 3 mm from frame to frame
SLUGS = sorted(path.stem for path in MOTIONS.glob("*.toml"))


def _maker(slug: str) -> FrameMaker:
    """A frame maker for posing only (no pictures are drawn)."""
    return FrameMaker(load_motion(MOTIONS / f"{slug}.toml"), 320, 180, 12.5)


def _heights(maker: FrameMaker, t: float, names: tuple[str, ...]) -> dict[str, float]:
    """Height above the resting surface of the lowest point of each named patch."""
    posed, _ = maker.placed(t, skin=False)
    stage = maker.stages[maker.timeline.segment_at(t).side]
    ground = stage.setup.ground
    return {name: float(stage.skin_of(posed, (name,))[:, 2].min() - ground) for name in names}


def _keyframes(maker: FrameMaker) -> list[float]:
    """The instants where each step ends: the poses the motion file spells out."""
    return [segment.end - 1e-6 for segment in maker.timeline.segments]


def test_bird_dog_rests_on_both_hands_and_knees_then_on_one_of_each():
    """Start: hands and knees on the mat. Hold: one hand and the other knee; the lifted
    arm and leg are well clear."""
    maker = _maker("bird-dog")
    start = _heights(maker, 3.0, ("hand_l", "hand_r", "knee_l", "knee_r"))
    assert all(abs(h) < ON for h in start.values()), start
    hold = maker.timeline.segments[2]
    assert hold.hold
    up = _heights(maker, (hold.start + hold.end) / 2, ("hand_l", "hand_r", "knee_l", "knee_r"))
    assert abs(up["hand_r"]) < ON and abs(up["knee_l"]) < ON, up
    assert up["hand_l"] > 0.3 and up["knee_r"] > 0.2, up


def test_bridge_lifts_the_hips_on_shoulders_and_feet():
    """Lying: back, seat, hands and feet on the mat. Top: shoulders, hands and feet only."""
    maker = _maker("bridge")
    names = ("shoulders", "pelvis", "foot_l", "foot_r", "hand_l", "hand_r")
    lying = _heights(maker, 1.0, names)
    assert all(abs(h) < ON for h in lying.values()), lying
    hold = next(s for s in maker.timeline.segments if s.hold)
    top = _heights(maker, (hold.start + hold.end) / 2, names)
    assert top.pop("pelvis") > 0.12
    assert all(abs(h) < ON for h in top.values()), top


@pytest.mark.parametrize("slug", ["bird-dog", "bridge", "cat-camel"])
def test_declared_contacts_lie_on_the_mat_at_every_keyframe(slug):
    """Each planted hand or foot ends every step flat on the mat."""
    maker = _maker(slug)
    for t in _keyframes(maker):
        pose = maker.timeline.pose_at(t)
        stage = maker.stages[maker.timeline.segment_at(t).side]
        planted = [
            limb
            for limb, rule in stage.setup.reaches.items()
            if rule.target == "mat" and pose.get(f"reach_{limb}", 1.0) >= 1.0
        ]
        heights = _heights(maker, t, tuple(planted))
        assert all(abs(h) < ON for h in heights.values()), f"{slug} at {t:.2f} s: {heights}"


@pytest.mark.parametrize("slug", ["bridge", "bird-dog", "prone-press-up"])
def test_planted_hands_and_feet_do_not_slide_between_frames(slug):
    """Frame by frame through the first repetition, a planted wrist or ankle stays put."""
    maker = _maker(slug)
    segments = [s for s in maker.timeline.segments if s.rep == 1 and s.side == 0]
    times = np.arange(segments[0].start, segments[-1].end, 1 / maker.fps)[::2]
    previous: dict[str, np.ndarray] = {}
    for t in times:
        pose = maker.timeline.pose_at(t)
        posed, _ = maker.placed(t, skin=False)
        stage = maker.stages[0]
        for limb, rule in stage.setup.reaches.items():
            if rule.target != "mat" or pose.get(f"reach_{limb}", 1.0) < 1.0:
                previous.pop(limb, None)
                continue
            tip = posed.heads[chain(stage.body, limb)[2]]
            if limb in previous:
                moved = np.linalg.norm(tip - previous[limb])
                assert moved < SLIDE, f"{slug}: {limb} slid {moved * 1000:.1f} mm at {t:.2f} s"
            previous[limb] = tip


@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_sinks_through_the_mat_or_floor(slug):
    """At every keyframe the whole skin stays above the surface it rests on."""
    maker = _maker(slug)
    for t in _keyframes(maker)[::2]:
        _, skin = maker.placed(t)
        stage = maker.stages[maker.timeline.segment_at(t).side]
        if stage.setup.height is not None:
            continue  # riding or swimming: nothing rests on the floor
        low = skin[:, 2].min() - stage.setup.ground
        assert low > -SINK, f"{slug} at {t:.2f} s: skin {-low * 100:.1f} cm under the surface"


@pytest.mark.parametrize("slug", ["bird-dog", "cat-camel", "prone-press-up", "bridge"])
def test_planted_wrists_do_not_twist_like_a_sweet_wrapper(slug):
    """The hand turns with the forearm: little twist is left between forearm and hand."""
    maker = _maker(slug)
    body = maker.stages[0].body
    for t in _keyframes(maker):
        posed, _ = maker.placed(t, skin=False)
        for side in ("l", "r"):
            forearm, wrist = body.bone("lowerarm02", side), body.bone("wrist", side)
            axis = unit(posed.heads[wrist] - posed.heads[body.bone("lowerarm01", side)])
            relative = posed.rotations[wrist] @ posed.rotations[forearm].T
            assert abs(twist_about(relative, axis)) < 60, f"{slug} {side} at {t:.2f} s"
