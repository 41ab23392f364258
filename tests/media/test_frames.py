"""Frames: redrawing only what changed gives exactly the picture a full redraw gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ImageChops

from webapp.media.frames import FrameMaker
from webapp.media.motion import load_motion

MOTIONS = Path(__file__).parents[2] / "webapp" / "catalogue" / "motions"


@pytest.mark.parametrize("slug", ["pelvic-tilt", "walking", "swimming", "side-plank-knees"])
def test_reused_frames_match_fresh_drawings(slug):
    """Every few frames, the reused picture equals one drawn from scratch."""
    motion = load_motion(MOTIONS / f"{slug}.toml")
    maker = FrameMaker(motion, 192, 108, 2)
    for index, frame in enumerate(maker.images()):
        if index % 9 == 4:
            fresh = FrameMaker(motion, 192, 108, 2).image(index / 2)
            assert ImageChops.difference(frame, fresh).getbbox() is None, f"frame {index}"
    assert index + 1 == maker.count


def test_frames_have_the_asked_size_and_a_light_background():
    """Frames are RGB at the asked size; the top corners show the calm background."""
    maker = FrameMaker(load_motion(MOTIONS / "bridge.toml"), 320, 180, 10)
    frame = maker.image(0.0)
    assert (frame.mode, frame.size) == ("RGB", (320, 180))
    assert frame.getpixel((2, 2)) == (243, 240, 232)
