"""Cameras: a 3/4 view that teaches by default, a side view for what happens in profile.

A view is a direction (azimuth round the person, elevation above the floor); the camera's
distance and aim are fitted to the space the whole motion uses, so the person fills the
picture without leaving it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from webapp.media.rotations import unit

# (azimuth, elevation) in degrees. The 3/4 view is the position's own (see staging.BASES);
# the side view looks square at the side, low, as a physio would crouch to see it.
VIEWS = {
    "three-quarter": (None, None),
    "side": (0.0, 6.0),
    "feet": (60.0, 34.0),  # from beyond the feet of someone lying down: knees to the sides
}
FOV = 30.0  # vertical field of view in degrees: little distortion, like a longer lens
MARGIN = 1.12  # room around the figure


@dataclass(frozen=True)
class Camera:
    """Where the camera stands, what it looks at, and the picture's shape."""

    eye: np.ndarray
    target: np.ndarray
    aspect: float
    fov: float = FOV

    def view(self) -> np.ndarray:
        """The world-to-camera matrix."""
        forward = unit(self.target - self.eye)
        right = unit(np.cross(forward, [0.0, 0.0, 1.0]))
        up = np.cross(right, forward)
        matrix = np.eye(4)
        matrix[0, :3], matrix[1, :3], matrix[2, :3] = right, up, -forward
        matrix[:3, 3] = -matrix[:3, :3] @ self.eye
        return matrix

    def projection(self, near: float = 0.1, far: float = 30.0) -> np.ndarray:
        """The perspective projection."""
        f = 1.0 / np.tan(np.radians(self.fov) / 2)
        matrix = np.zeros((4, 4))
        matrix[0, 0], matrix[1, 1] = f / self.aspect, f
        matrix[2, 2], matrix[2, 3] = (far + near) / (near - far), 2 * far * near / (near - far)
        matrix[3, 2] = -1.0
        return matrix

    def matrix(self) -> np.ndarray:
        """World to clip space."""
        return self.projection() @ self.view()

    def pixels(self, points: np.ndarray, size: tuple[int, int]) -> np.ndarray:
        """Picture coordinates (x right, y down) of world points, for checks and tests."""
        homogeneous = np.c_[points, np.ones(len(points))] @ self.matrix().T
        ndc = homogeneous[:, :2] / homogeneous[:, 3:4]
        return np.c_[(ndc[:, 0] + 1) / 2 * size[0], (1 - ndc[:, 1]) / 2 * size[1]]


def direction(view: str, three_quarter: tuple[float, float]) -> np.ndarray:
    """Unit vector from the person towards the camera for a named view.

    ``three_quarter`` is the (azimuth, elevation) the 3/4 camera looks from for this
    position; the side view looks from -Y, square to a body lying along X.
    """
    azimuth, elevation = VIEWS[view]
    if azimuth is None:
        azimuth, elevation = three_quarter
    else:
        azimuth += 270.0
    angle = np.radians(azimuth)
    flat = np.array([np.cos(angle), np.sin(angle), 0.0])
    return unit(flat * np.cos(np.radians(elevation)) + [0, 0, np.sin(np.radians(elevation))])


def fit(points: np.ndarray, towards: np.ndarray, aspect: float, top_room: float) -> Camera:
    """A camera looking along ``-towards`` that keeps every point in the picture.

    ``top_room`` is the share of the picture's height kept free at the top for the counter
    and countdown cards.
    """
    centre = (points.min(axis=0) + points.max(axis=0)) / 2
    probe = Camera(centre + towards * 5.0, centre, aspect)
    for _ in range(3):  # refine: the perspective shifts the box a little each time
        view = probe.view()
        local = np.c_[points, np.ones(len(points))] @ view.T
        depth = -local[:, 2]
        f = 1.0 / np.tan(np.radians(FOV) / 2)
        x, y = local[:, 0] / depth * f / aspect, local[:, 1] / depth * f
        usable = 2.0 - 2.0 * top_room
        scale = max((x.max() - x.min()) / 2.0, (y.max() - y.min()) / usable) * MARGIN
        shift_x = (x.max() + x.min()) / 2
        shift_y = (y.max() + y.min()) / 2 - (-top_room)  # centre in the space below the cards
        distance = np.linalg.norm(probe.eye - probe.target)
        right, up = view[0, :3], view[1, :3]
        target = probe.target + (right * shift_x * aspect + up * shift_y) / f * distance
        probe = Camera(target + towards * distance * scale, target, aspect)
    return probe
