"""A smoke render of the 3D person: a few small frames, in the picture and not blank."""

from __future__ import annotations

import numpy as np
import pytest

from tests.media.conftest import MOTIONS
from webapp.media.frames import FrameMaker
from webapp.media.look import PALETTE
from webapp.media.motion import load_motion

SIZE = (320, 180)


@pytest.fixture(scope="module")
def bird_dog(opengl):
    """The bird-dog at 320x180, closed after the tests."""
    maker = FrameMaker(load_motion(MOTIONS / "bird-dog.toml"), *SIZE, 12.5)
    yield maker
    maker.close()


def _instants(maker: FrameMaker) -> list[float]:
    """The start, the first side's hold and the second side's hold."""
    holds = [s for s in maker.timeline.segments if s.hold]
    return [1.0, *((s.start + s.end) / 2 for s in holds[:2])]


def test_the_person_is_in_the_picture_and_the_picture_is_not_blank(bird_dog):
    """The whole body projects inside the frame, and where it projects the picture shows it."""
    background = np.array(PALETTE["background"])
    for t in _instants(bird_dog):
        pixels = np.asarray(bird_dog.image(t, overlay=False)).astype(int)
        assert pixels.shape == (SIZE[1], SIZE[0], 3)
        _, skin = bird_dog.placed(t)
        where = bird_dog._camera(t).pixels(skin, SIZE)
        assert where.min() >= 0 and where[:, 0].max() < SIZE[0] and where[:, 1].max() < SIZE[1]
        left, top = where.min(axis=0)
        right, bottom = where.max(axis=0)
        assert (right - left) * (bottom - top) > 0.1 * SIZE[0] * SIZE[1]  # not a speck
        figure = pixels[int(top) : int(bottom), int(left) : int(right)]
        differs = np.abs(figure - background).sum(axis=2) > 60
        assert differs.mean() > 0.25, f"at {t} s the figure's box is mostly background"
        assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 500  # shaded, not flat


def test_overlay_shows_counter_and_countdown_but_not_on_the_poster(bird_dog):
    """During a hold the white counter card is top left; the poster frame has none."""
    hold = next(s for s in bird_dog.timeline.segments if s.hold)
    t = (hold.start + hold.end) / 2
    with_overlay = np.asarray(bird_dog.image(t)).astype(int)
    without = np.asarray(bird_dog.image(t, overlay=False)).astype(int)
    card = (int(0.05 * SIZE[1]) + 8, int(0.035 * SIZE[1]) + 4)  # inside the counter card
    assert tuple(with_overlay[card[0], card[1]]) == (255, 255, 255)
    assert tuple(without[card[0], card[1]]) != (255, 255, 255)


def test_a_hold_is_drawn_once_and_repeated(bird_dog, monkeypatch):
    """Frames of a still hold reuse one 3D picture; only the countdown changes."""
    hold = next(s for s in bird_dog.timeline.segments if s.hold)
    renderer = bird_dog._scene()
    bird_dog.image(1.0)  # something else first, so the hold starts afresh
    calls = []
    original = renderer.frame
    monkeypatch.setattr(renderer, "frame", lambda *a, **k: calls.append(1) or original(*a, **k))
    times = np.arange(hold.start + 0.1, hold.end - 0.1, 1 / bird_dog.fps)
    pictures = [np.asarray(bird_dog.image(float(t))) for t in times]
    assert len(calls) == 1 and len(pictures) > 10
    assert not np.array_equal(pictures[0], pictures[-1])  # the countdown moved on
