"""The bicycle the cycling figure sits on: its geometry, pedal points and shapes."""

from __future__ import annotations

import math

from webapp.media.figure import BACKGROUND, Shape, capsule, circle
from webapp.media.skeleton import Vec, along

FRAME = (96, 112, 110)
TYRE = (58, 66, 66)
SPOKE = (150, 160, 158)

BOTTOM_BRACKET = (0.0, 28.0)
REAR_HUB = (-42.0, 33.0)
FRONT_HUB = (62.0, 33.0)
WHEEL = 33.0  # radius: the tyres touch the floor at y = 0
CRANK = 16.0
SEAT_TOP = (-15.0, 78.0)
HEAD_TOP = (47.0, 76.0)
HEAD_LOW = (52.0, 60.0)
HANDLEBAR = (42.0, 92.0)
HIP = (-17.0, 88.0)  # where the rider's hip joint sits above the saddle
WHEEL_TURNS = 2.0  # wheel turns per crank turn, for the spokes


def pedal(crank_deg: float, side: str) -> Vec:
    """The pedal axle of one side for a crank angle (degrees, far side half a turn on)."""
    angle = math.radians(crank_deg) + (math.pi if side == "far" else 0.0)
    return along(BOTTOM_BRACKET, angle, CRANK)


def bike_points(crank_deg: float) -> dict[str, Vec]:
    """The points a rider's hands and feet reach for."""
    return {
        "pedal_near": pedal(crank_deg, "near"),
        "pedal_far": pedal(crank_deg, "far"),
        "handlebar": HANDLEBAR,
    }


def _tube(a: Vec, b: Vec, z: float, radius: float = 1.8, fill=FRAME) -> Shape:
    """A straight frame tube."""
    return Shape(z, fill, tuple(capsule(a, b, radius, radius, 6)))


def _wheel(hub: Vec, turned: float) -> list[Shape]:
    """Tyre, rim opening and six spokes, turned by ``turned`` radians."""
    shapes = [
        Shape(5.0, TYRE, tuple(circle(hub, WHEEL, 48))),
        Shape(5.1, BACKGROUND, tuple(circle(hub, WHEEL - 3.2, 48))),
    ]
    for i in range(3):
        angle = turned + i * math.pi / 3
        shapes.append(
            _tube(along(hub, angle, WHEEL - 3), along(hub, angle, 3 - WHEEL), 5.2, 0.5, SPOKE)
        )
    shapes.append(Shape(5.3, FRAME, tuple(circle(hub, 2.6, 12))))
    return shapes


def bike_shapes(crank_deg: float) -> list[Shape]:
    """The bicycle: wheels and frame between the rider's far and near legs."""
    turned = math.radians(crank_deg) * WHEEL_TURNS
    bb = BOTTOM_BRACKET
    saddle_back, saddle_front = (
        (SEAT_TOP[0] - 8, SEAT_TOP[1] + 2),
        (SEAT_TOP[0] + 7, SEAT_TOP[1] + 2),
    )
    stem = (HEAD_TOP[0] - 1, HEAD_TOP[1] + 8)
    shapes = [
        *_wheel(REAR_HUB, turned),
        *_wheel(FRONT_HUB, turned),
        _tube(bb, pedal(crank_deg, "far"), 9.0, 1.6),
        _tube(bb, SEAT_TOP, 20.0),
        _tube(bb, REAR_HUB, 20.0),
        _tube(SEAT_TOP, REAR_HUB, 20.0, 1.5),
        _tube((SEAT_TOP[0] + 1, SEAT_TOP[1] - 4), HEAD_TOP, 20.0),
        _tube(bb, HEAD_LOW, 20.0, 2.1),
        _tube(HEAD_TOP, HEAD_LOW, 20.0, 2.3),
        _tube(HEAD_LOW, FRONT_HUB, 20.0, 1.6),
        _tube(HEAD_TOP, stem, 20.0, 1.6),
        _tube(stem, HANDLEBAR, 20.0, 1.7, TYRE),
        _tube(saddle_back, saddle_front, 21.0, 2.6, TYRE),
        Shape(20.5, FRAME, tuple(circle(bb, 6.0, 20))),
        _tube(bb, pedal(crank_deg, "near"), 39.0, 1.7),
    ]
    for side, z in (("far", 9.2), ("near", 39.2)):
        axle = pedal(crank_deg, side)
        shapes.append(_tube((axle[0] - 4, axle[1]), (axle[0] + 4, axle[1]), z, 1.5, TYRE))
    return shapes
