"""The room around the person: a floor that fades into the background and an exercise mat."""

from __future__ import annotations

import numpy as np

from webapp.media.gl import Mesh
from webapp.media.look import PALETTE, linear

MAT_SIZE = (1.9, 0.66)  # metres: a common exercise mat
MAT_THICKNESS = 0.012
FLOOR_HALF = 30.0  # a swimmer or walker never reaches its edge


def _quad(corners: np.ndarray, normal: np.ndarray, colour: tuple, alpha: float) -> Mesh:
    """Two triangles over four corners given counter-clockwise."""
    positions = corners[[0, 1, 2, 0, 2, 3]]
    normals = np.repeat(np.asarray(normal, float)[None], 6, axis=0)
    colours = np.repeat(np.array([*colour, alpha])[None], 6, axis=0)
    return Mesh(positions, normals, colours)


def box(centre, size, colour: tuple[int, int, int], side_colour=None) -> list[Mesh]:
    """An axis-aligned box as six quads (the bottom too, for shadows)."""
    cx, cy, cz = centre
    hx, hy, hz = (s / 2 for s in size)
    top, side = linear(colour), linear(side_colour or colour)
    corners = lambda xs, ys, zs: np.array(  # noqa: E731 (a local shorthand)
        [[cx + x * hx, cy + y * hy, cz + z * hz] for x, y, z in zip(xs, ys, zs, strict=True)]
    )
    return [
        _quad(corners([-1, 1, 1, -1], [-1, -1, 1, 1], [1, 1, 1, 1]), [0, 0, 1], top, 1.0),
        _quad(corners([-1, -1, 1, 1], [-1, 1, 1, -1], [-1, -1, -1, -1]), [0, 0, -1], side, 1.0),
        _quad(corners([-1, 1, 1, -1], [-1, -1, -1, -1], [-1, -1, 1, 1]), [0, -1, 0], side, 1.0),
        _quad(corners([1, -1, -1, 1], [1, 1, 1, 1], [-1, -1, 1, 1]), [0, 1, 0], side, 1.0),
        _quad(corners([1, 1, 1, 1], [-1, 1, 1, -1], [-1, -1, 1, 1]), [1, 0, 0], side, 1.0),
        _quad(corners([-1, -1, -1, -1], [1, -1, -1, 1], [-1, -1, 1, 1]), [-1, 0, 0], side, 1.0),
    ]


def floor(tiles: bool = False) -> list[Mesh]:
    """A large floor at height 0 that fades into the background: boards, or pool tiles.

    Alpha 0.0 marks boards and 0.25 tiles for the shader; both show movement when a walker
    or swimmer travels and the camera follows.
    """
    h = FLOOR_HALF
    corners = np.array([[-h, -h, 0], [h, -h, 0], [h, h, 0], [-h, h, 0]])
    colour = PALETTE["pool_floor"] if tiles else PALETTE["floor"]
    return [_quad(corners, [0, 0, 1], linear(colour), 0.25 if tiles else 0.0)]


def mat(centre: tuple[float, float] = (0.0, 0.0)) -> list[Mesh]:
    """The exercise mat lying on the floor, long side along X; its top is MAT_THICKNESS."""
    x, y = centre
    size = (*MAT_SIZE, MAT_THICKNESS)
    return box((x, y, MAT_THICKNESS / 2), size, PALETTE["mat"], PALETTE["mat_edge"])


def water_surface(level: float, centre: tuple[float, float] = (0.0, 0.0)) -> list[Mesh]:
    """The water's surface, a large plane at ``level`` (drawn see-through)."""
    x, y = centre
    h = FLOOR_HALF
    corners = np.array(
        [[x - h, y - h, level], [x + h, y - h, level], [x + h, y + h, level], [x - h, y + h, level]]
    )
    return [_quad(corners, [0, 0, 1], linear(PALETTE["water"]), 1.0)]
