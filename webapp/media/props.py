"""An exercise bike for the cycling video: a frame that stands still and turning pedals.

The rider faces +X (the standing base); their left is +Y. Hands and feet reach for the
points ``bike_points`` gives, so the feet go round with the pedals.
"""

from __future__ import annotations

import numpy as np

from webapp.media.gl import Mesh
from webapp.media.look import PALETTE, linear
from webapp.media.room import box
from webapp.media.rotations import Z, aim

CRANK_CENTRE = np.array([0.22, 0.0, 0.36])
CRANK = 0.17  # crank length, metres
PEDAL_Y = 0.11  # pedals sit this far out from the middle
HANDLEBAR = np.array([0.56, 0.0, 1.02])
HANDLEBAR_HALF = 0.21
SADDLE = np.array([-0.02, 0.0, 0.9])


def _vector(x: float, y: float, z: float) -> np.ndarray:
    """A point or offset as a NumPy vector (so + adds rather than joins lists)."""
    return np.array([x, y, z])


def cylinder(a, b, radius: float, colour: tuple[int, int, int], sides: int = 14) -> list[Mesh]:
    """A closed-sided cylinder from point a to point b (no caps: the ends are hidden)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    turn = aim(Z, b - a)
    angles = np.linspace(0, 2 * np.pi, sides + 1)
    ring = np.stack([np.cos(angles), np.sin(angles), np.zeros_like(angles)], axis=1) @ turn.T
    positions, normals = [], []
    for i in range(sides):
        n0, n1 = ring[i], ring[i + 1]
        quad = [a + n0 * radius, a + n1 * radius, b + n1 * radius, b + n0 * radius]
        positions += [quad[0], quad[1], quad[2], quad[0], quad[2], quad[3]]
        normals += [n0, n1, n1, n0, n1, n0]
    colours = np.repeat(np.array([*linear(colour), 1.0])[None], len(positions), axis=0)
    return [Mesh(np.array(positions), np.array(normals), colours)]


def bike_points(crank: float) -> dict[str, np.ndarray]:
    """Where the pedals and the handlebar grips are for a crank angle (degrees)."""
    angle = np.radians(crank)
    # 0 degrees: the left pedal at the front; the right one is half a turn on.
    arm = np.array([np.cos(angle), 0.0, np.sin(angle)]) * CRANK
    return {
        "pedal_l": CRANK_CENTRE + arm + [0.0, PEDAL_Y, 0.0],
        "pedal_r": CRANK_CENTRE - arm - [0.0, PEDAL_Y, 0.0],
        "handlebar_l": HANDLEBAR + _vector(0.0, HANDLEBAR_HALF, 0.0),
        "handlebar_r": HANDLEBAR - _vector(0.0, HANDLEBAR_HALF, 0.0),
    }


def bike_frame() -> list[Mesh]:
    """The parts that do not move: feet on the floor, tubes, flywheel, saddle, handlebar."""
    frame, parts = PALETTE["bike_frame"], PALETTE["bike_parts"]
    meshes = []
    for y in (-0.22, 0.22):
        meshes += cylinder([-0.35, y, 0.03], [0.75, y, 0.03], 0.03, frame)
    meshes += cylinder([-0.3, 0.0, 0.03], [0.7, 0.0, 0.03], 0.035, frame)
    meshes += cylinder([-0.2, 0.0, 0.05], SADDLE - [0.0, 0.0, 0.05], 0.03, frame)
    meshes += cylinder([0.6, 0.0, 0.05], HANDLEBAR - [0.02, 0.0, 0.03], 0.032, frame)
    meshes += cylinder(CRANK_CENTRE, [-0.1, 0.0, 0.6], 0.028, frame)
    meshes += cylinder(CRANK_CENTRE, [0.6, 0.0, 0.45], 0.028, frame)
    half = _vector(0.0, HANDLEBAR_HALF, 0.0)
    meshes += cylinder(HANDLEBAR - half, HANDLEBAR + half, 0.016, parts)
    meshes += cylinder([0.45, -0.035, 0.4], [0.45, 0.035, 0.4], 0.2, frame)  # flywheel
    meshes += box(SADDLE + _vector(0.0, 0.0, 0.02), (0.26, 0.15, 0.06), PALETTE["leggings"])
    return meshes


def bike_moving(crank: float) -> list[Mesh]:
    """Cranks and pedals at a crank angle."""
    points = bike_points(crank)
    parts = PALETTE["bike_parts"]
    meshes = []
    for side, y in (("pedal_l", PEDAL_Y), ("pedal_r", -PEDAL_Y)):
        hub = CRANK_CENTRE + _vector(0.0, y, 0.0)
        pedal = points[side]
        meshes += cylinder(hub, pedal, 0.012, parts)
        meshes += box(pedal - [0.0, 0.0, 0.015], (0.1, 0.07, 0.02), PALETTE["bike_frame"])
    axle = _vector(0.0, PEDAL_Y, 0.0)
    meshes += cylinder(CRANK_CENTRE - axle, CRANK_CENTRE + axle, 0.02, parts)
    return meshes
