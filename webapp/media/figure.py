"""Drawing the figure: a solved Body becomes filled polygons (world units) in paint order.

Limbs and the neck are rounded capsules, the torso a curved shape whose width follows the
body (pelvis, waist, chest), so a bending spine reads as a bending back. Far limbs are a
lighter shade and painted first; near limbs are darkest and get a thin gap line so they
stay readable where they cross the torso.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from webapp.media.skeleton import Body, Vec, along

RGB = tuple[int, int, int]

BACKGROUND: RGB = (243, 240, 232)
NEAR: RGB = (11, 93, 86)  # the project's teal, #0b5d56
TORSO: RGB = (24, 112, 103)
FAR: RGB = (106, 160, 152)
HAIR: RGB = (7, 60, 55)
GAP = 0.7  # world units of background around near limbs

# Torso half-widths along the spine (0 = below the pelvis, 1 = base of the neck), back and
# front separately: buttocks and shoulder blades behind, belly and chest in front.
BACK_PROFILE = ((0.0, 9.5), (0.12, 10.8), (0.42, 10.2), (0.75, 10.6), (1.0, 8.5))
FRONT_PROFILE = ((0.0, 9.0), (0.12, 9.8), (0.42, 8.8), (0.75, 11.2), (1.0, 8.0))
HEAD_RADIUS = 10.0

# Radii at either end of each limb segment.
ARM = (
    ("shoulder", "elbow", 4.8, 4.0),
    ("elbow", "wrist", 3.9, 3.0),
    ("wrist", "fingers", 3.2, 2.4),
)
LEG = (
    ("hip", "knee", 7.8, 5.6),
    ("knee", "ankle", 5.4, 3.6),
    ("ankle", "heel", 3.6, 3.4),
    ("heel", "toe", 3.4, 2.3),
)


@dataclass(frozen=True)
class Shape:
    """One filled polygon in world units; lower ``z`` is painted first."""

    z: float
    fill: RGB
    points: tuple[Vec, ...]


def circle(center: Vec, radius: float, steps: int = 28) -> list[Vec]:
    """A circle as a polygon."""
    return [along(center, 2 * math.pi * i / steps, radius) for i in range(steps)]


def capsule(a: Vec, b: Vec, ra: float, rb: float, steps: int = 12) -> list[Vec]:
    """The outline around two circles and their outer tangents (a tapered rounded segment)."""
    dist = math.hypot(b[0] - a[0], b[1] - a[1])
    if dist <= abs(ra - rb) + 1e-6:
        return circle(a if ra >= rb else b, max(ra, rb))
    heading = math.atan2(b[1] - a[1], b[0] - a[0])
    spread = math.acos((ra - rb) / dist)
    back = 2 * math.pi - 2 * spread
    points = [along(a, heading + spread + back * i / steps, ra) for i in range(steps + 1)]
    points += [along(b, heading - spread + 2 * spread * i / steps, rb) for i in range(steps + 1)]
    return points


def _profile(table: tuple[tuple[float, float], ...], u: float) -> float:
    """Linear interpolation in a (position, half-width) table."""
    for (u0, w0), (u1, w1) in itertools.pairwise(table):
        if u <= u1:
            return w0 + (w1 - w0) * (u - u0) / (u1 - u0)
    return table[-1][1]


def _spine(body: Body, steps: int = 16) -> list[Vec]:
    """A smooth centre line from below the pelvis through the lumbar point to the neck."""
    p = body.points
    tail = along(p["hip"], body.dirs["lower"], -6.0)
    top = along(p["neck"], body.dirs["upper"], 1.0)
    knots = [tail, p["hip"], p["lumbar"], p["neck"], top]
    line = []
    for k in range(1, len(knots) - 2):
        p0, p1, p2, p3 = knots[k - 1], knots[k], knots[k + 1], knots[k + 2]
        for i in range(steps):
            t = i / steps
            # Catmull-Rom: passes through every knot with a continuous tangent.
            line.append(
                tuple(
                    0.5
                    * (
                        2 * p1[j]
                        + (p2[j] - p0[j]) * t
                        + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t * t
                        + (3 * p1[j] - p0[j] - 3 * p2[j] + p3[j]) * t**3
                    )
                    for j in range(2)
                )
            )
    return [knots[0], *line, knots[-2], knots[-1]]


def torso(body: Body) -> list[Vec]:
    """The torso outline: the spine line widened by the back and front profiles."""
    line = _spine(body)
    lengths = [0.0]
    for a, b in itertools.pairwise(line):
        lengths.append(lengths[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
    back, front = [], []
    for i, point in enumerate(line):
        a, b = line[max(i - 1, 0)], line[min(i + 1, len(line) - 1)]
        heading = math.atan2(b[1] - a[1], b[0] - a[0])
        u = lengths[i] / lengths[-1]
        # The belly faces a quarter turn clockwise from the spine's upward direction.
        front.append(along(point, heading - math.pi / 2, _profile(FRONT_PROFILE, u)))
        back.append(along(point, heading + math.pi / 2, _profile(BACK_PROFILE, u)))
    end = line[-1]
    cap_heading = math.atan2(end[1] - line[-2][1], end[0] - line[-2][0])
    cap = [along(end, cap_heading - math.pi / 2 + math.pi * i / 8, 8.2) for i in range(1, 8)]
    start = line[0]
    tail_heading = math.atan2(line[1][1] - start[1], line[1][0] - start[0])
    tail = [along(start, tail_heading + math.pi / 2 + math.pi * i / 8, 9.2) for i in range(1, 8)]
    return front + cap + back[::-1] + tail


def head(body: Body, profile: bool) -> list[Shape]:
    """Neck, head and hair; in profile a small nose shows which way the face looks."""
    p, up = body.points, body.dirs["head"]
    centre = p["head"]
    shapes = [
        Shape(30.0, TORSO, tuple(capsule(p["neck"], centre, 5.0, 5.0))),
        Shape(31.0, TORSO, tuple(circle(centre, HEAD_RADIUS))),
    ]
    if profile:
        nose = along(centre, up - math.radians(95), HEAD_RADIUS - 0.5)
        shapes.append(Shape(31.0, TORSO, tuple(circle(nose, 2.6, 12))))
    # Hair over the crown, reaching towards the back of the head in profile.
    first = up - math.radians(20 if profile else 70)
    hair = [along(centre, first + math.radians(140) * i / 14, 10.6) for i in range(15)]
    shapes.append(Shape(31.5, HAIR, tuple(hair)))
    return shapes


def _limb(body: Body, table: tuple, side: str, z: float, fill: RGB) -> list[Shape]:
    """The capsules of one arm or leg, with a gap outline under near limbs."""
    p = body.points
    shapes = []
    for start, end, ra, rb in table:
        a = p[start if start in p else f"{start}_{side}"]
        b = p[f"{end}_{side}"]
        if side == "near":
            shapes.append(Shape(z, BACKGROUND, tuple(capsule(a, b, ra + GAP, rb + GAP))))
        shapes.append(Shape(z + 0.5, fill, tuple(capsule(a, b, ra, rb))))
    return shapes


def figure_shapes(
    body: Body, profile: bool = True, skip: frozenset[str] = frozenset()
) -> list[Shape]:
    """Every polygon of the figure, far limbs first, near limbs last; ``skip`` leaves limbs out."""
    limbs = [
        ("leg_far", LEG, 10.0, FAR),
        ("arm_far", ARM, 11.0, FAR),
        ("leg_near", LEG, 40.0, NEAR),
        ("arm_near", ARM, 41.0, NEAR),
    ]
    shapes = [Shape(30.0, TORSO, tuple(torso(body))), *head(body, profile)]
    for limb, table, z, fill in limbs:
        if limb not in skip:
            shapes += _limb(body, table, limb.split("_")[1], z, fill)
    return shapes


def lowest(shapes: list[Shape]) -> float:
    """The lowest y the visible shapes reach (what touches the floor)."""
    return min(y for shape in shapes if shape.fill != BACKGROUND for _, y in shape.points)


def sole(body: Body, limb: str) -> float:
    """How high above y = 0 the lowest point of a hand or foot is."""
    side = limb.split("_")[1]
    p = body.points
    if limb.startswith("arm"):
        _, _, wrist, tip = ARM[-1]
        return min(p[f"wrist_{side}"][1] - wrist, p[f"fingers_{side}"][1] - tip)
    _, _, heel, toe = LEG[-1]
    return min(p[f"heel_{side}"][1] - heel, p[f"toe_{side}"][1] - toe)
