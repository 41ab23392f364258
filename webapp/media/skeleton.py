"""The figure's skeleton in side view: joint channels, segment lengths and kinematics.

World units are roughly centimetres of a 1.65 m adult; y points up and the floor is y = 0.
Angles in motion files are degrees in the physiotherapist's sense (flexion positive); here
they become world directions in radians. The "near" limbs face the viewer, "far" ones are
behind the body.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Vec = tuple[float, float]

SIDES = ("near", "far")
LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
# Allowed range per channel: values outside are refused when a motion file is loaded, so
# no keyframe can bend a knee or elbow backwards.
RANGES = {
    "pelvis": (-90.0, 90.0),  # lean of the lower trunk; + forwards (anterior tilt)
    "lumbar": (-60.0, 60.0),  # upper against lower trunk; + flexion, - extension
    "neck": (-45.0, 60.0),  # head against upper trunk; + chin to chest
    "shoulder": (-360.0, 360.0),  # + arm forwards/up; full circles for swimming
    "elbow": (0.0, 160.0),
    "wrist": (-90.0, 90.0),  # + hand turns the way the elbow bends (flat on the floor)
    "hip": (-45.0, 150.0),  # + thigh forwards
    "knee": (0.0, 160.0),  # + shin backwards
    "ankle": (-30.0, 100.0),  # + toes pointed (plantar flexion)
    "legs_roll": (-80.0, 80.0),  # knees lowered sideways; + towards the viewer
    "crank": (-720.0, 720.0),  # bicycle crank angle
}
ANGLES = (
    "pelvis",
    "lumbar",
    "neck",
    "legs_roll",
    "crank",
    *(f"{joint}_{side}" for joint in LIMB_JOINTS for side in SIDES),
)
LIMBS = tuple(f"{kind}_{side}" for kind in ("arm", "leg") for side in SIDES)

LENGTHS = {
    "lower_trunk": 20.0,
    "upper_trunk": 30.0,
    "neck": 18.0,
    "upper_arm": 28.0,
    "forearm": 25.0,
    "hand": 8.5,
    "thigh": 42.0,
    "shin": 41.0,
    "foot": 20.0,
}
SEGMENTS = ("upper_arm", "forearm", "hand", "thigh", "shin", "foot")
SHOULDER_DROP = 4.0  # the shoulder joint sits a little below the base of the neck
HIP_HALF_WIDTH = 9.0  # shows which leg lies on top when the knees are lowered sideways
HEEL_DROP, HEEL_BACK = 5.0, 3.0


def unit(angle: float) -> Vec:
    """The unit vector pointing in a direction given in radians."""
    return (math.cos(angle), math.sin(angle))


def along(point: Vec, angle: float, length: float) -> Vec:
    """The point ``length`` away from ``point`` in direction ``angle``."""
    return (point[0] + length * math.cos(angle), point[1] + length * math.sin(angle))


def turn(delta: float) -> float:
    """An angle difference folded into (-pi, pi]."""
    return (delta + math.pi) % (2 * math.pi) - math.pi


def opposite(name: str) -> str:
    """The same channel, limb or point on the other side of the body."""
    for this, other in (("_near", "_far"), ("_far", "_near")):
        if name.endswith(this):
            return name[: -len(this)] + other
    return name


@dataclass
class Body:
    """A solved figure: named points (world units) and segment directions (radians)."""

    points: dict[str, Vec]
    dirs: dict[str, float]
    lengths: dict[str, float]
    legs_roll: float = 0.0  # radians; applied last by roll_legs

    def moved(self, dx: float, dy: float) -> Body:
        """A copy shifted by (dx, dy)."""
        points = {name: (x + dx, y + dy) for name, (x, y) in self.points.items()}
        return Body(points, dict(self.dirs), self.lengths, self.legs_roll)

    def mirrored(self, cx: float) -> Body:
        """A copy reflected about the vertical line x = cx (the other side of the body)."""
        points = {name: (2 * cx - x, y) for name, (x, y) in self.points.items()}
        dirs = {name: math.pi - angle for name, angle in self.dirs.items()}
        return Body(points, dirs, self.lengths, self.legs_roll)

    def place_limb(self, limb: str) -> None:
        """Recompute a limb's points from its root and segment directions."""
        kind, side = limb.split("_")
        p, d, n = self.points, self.dirs, self.lengths
        if kind == "arm":
            p[f"elbow_{side}"] = along(
                p["shoulder"], d[f"upper_arm_{side}"], n[f"upper_arm_{side}"]
            )
            p[f"wrist_{side}"] = along(
                p[f"elbow_{side}"], d[f"forearm_{side}"], n[f"forearm_{side}"]
            )
            p[f"fingers_{side}"] = along(p[f"wrist_{side}"], d[f"hand_{side}"], n[f"hand_{side}"])
            return
        p[f"knee_{side}"] = along(p["hip"], d[f"thigh_{side}"], n[f"thigh_{side}"])
        ankle = along(p[f"knee_{side}"], d[f"shin_{side}"], n[f"shin_{side}"])
        p[f"ankle_{side}"] = ankle
        # The heel hangs below the ankle in the foot's own frame, so a planted foot is rigid.
        drop = HEEL_DROP * n[f"shin_{side}"] / LENGTHS["shin"]
        heel = along(ankle, d[f"foot_{side}"] - math.pi / 2, drop)
        p[f"heel_{side}"] = along(heel, d[f"foot_{side}"], -HEEL_BACK)
        p[f"toe_{side}"] = along(p[f"heel_{side}"], d[f"foot_{side}"], n[f"foot_{side}"])


def lengths_for(scales: dict[str, float]) -> dict[str, float]:
    """Segment lengths per side, shortened where a segment points at the camera."""
    out = dict(LENGTHS)
    for segment in SEGMENTS:
        for side in SIDES:
            name = f"{segment}_{side}"
            out[name] = LENGTHS[segment] * scales.get(name, 1.0)
    return out


def forward(pose: dict[str, float], rotation: float, lengths: dict[str, float]) -> Body:
    """Forward kinematics from the hip joint (at the origin) for one pose in degrees.

    ``rotation`` turns the whole body (0 = standing facing right, 90 = lying on the back
    with the head to the left, -90 = face down with the head to the right).
    """
    deg = {name: math.radians(pose.get(name, 0.0)) for name in ANGLES}
    rot = math.radians(rotation)
    lower = math.pi / 2 - deg["pelvis"] + rot
    upper = lower - deg["lumbar"]
    dirs = {"lower": lower, "upper": upper, "head": upper - deg["neck"]}
    points = {"hip": (0.0, 0.0)}
    points["lumbar"] = along(points["hip"], lower, lengths["lower_trunk"])
    points["neck"] = along(points["lumbar"], upper, lengths["upper_trunk"])
    points["head"] = along(points["neck"], dirs["head"], lengths["neck"])
    points["shoulder"] = along(points["neck"], upper, -SHOULDER_DROP)
    body = Body(points, dirs, lengths, deg["legs_roll"])
    for side in SIDES:
        arm = upper - math.pi + deg[f"shoulder_{side}"]
        dirs[f"upper_arm_{side}"] = arm
        dirs[f"forearm_{side}"] = arm + deg[f"elbow_{side}"]
        dirs[f"hand_{side}"] = dirs[f"forearm_{side}"] + deg[f"wrist_{side}"]
        thigh = lower - math.pi + deg[f"hip_{side}"]
        dirs[f"thigh_{side}"] = thigh
        dirs[f"shin_{side}"] = thigh - deg[f"knee_{side}"]
        dirs[f"foot_{side}"] = dirs[f"shin_{side}"] + math.pi / 2 - deg[f"ankle_{side}"]
        body.place_limb(f"arm_{side}")
        body.place_limb(f"leg_{side}")
    return body


def reach(body: Body, limb: str, target: Vec, weight: float, end_dir: float | None) -> None:
    """Bend a limb so its wrist or ankle moves towards ``target`` (two-link IK), in place.

    ``weight`` blends from the keyframed pose (0) to the reached pose (1). Elbows and knees
    always bend their natural way; ``end_dir`` holds the hand or foot at a world direction
    (a planted foot stays flat), otherwise it keeps its angle to the forearm or shin.
    """
    kind, side = limb.split("_")
    first, second, end = (
        ("upper_arm", "forearm", "hand") if kind == "arm" else ("thigh", "shin", "foot")
    )
    names = [f"{first}_{side}", f"{second}_{side}", f"{end}_{side}"]
    root = body.points["shoulder" if kind == "arm" else "hip"]
    len1, len2 = body.lengths[names[0]], body.lengths[names[1]]
    dx, dy = target[0] - root[0], target[1] - root[1]
    dist = min(max(math.hypot(dx, dy), abs(len1 - len2) + 1e-3), len1 + len2 - 1e-3)
    base = math.atan2(dy, dx)
    opening = math.acos((len1**2 + dist**2 - len2**2) / (2 * len1 * dist))
    bend = -1.0 if kind == "arm" else 1.0  # elbows turn the forearm forwards, knees the shin back
    solved1 = base + bend * opening
    joint = along(root, solved1, len1)
    solved2 = math.atan2(
        root[1] + dist * math.sin(base) - joint[1], root[0] + dist * math.cos(base) - joint[0]
    )
    old = [body.dirs[name] for name in names]
    new1 = old[0] + weight * turn(solved1 - old[0])
    new2 = old[1] + weight * turn(solved2 - old[1])
    relative_end = old[2] - old[1]
    new_end = new2 + relative_end
    if end_dir is not None:
        new_end = new_end + weight * turn(end_dir - new_end)
    body.dirs.update(zip(names, (new1, new2, new_end), strict=True))
    body.place_limb(limb)


def roll_legs(body: Body) -> None:
    """Lower both knees sideways by the pose's legs_roll, as seen from the side, in place.

    Seen from the side, a knee turned about the body's long axis keeps its distance along
    the axis and comes closer to it by cos(roll); the knee on the lowered side ends up a
    little lower. The feet stay on the floor and only roll onto their sides.
    """
    roll = body.legs_roll
    if abs(roll) < 1e-6:
        return
    hip = body.points["hip"]
    ax, ay = unit(body.dirs["lower"])
    nx, ny = unit(body.dirs["lower"] - math.pi / 2)  # the way the belly faces
    for side, sign in (("near", -1.0), ("far", 1.0)):
        shift = sign * HIP_HALF_WIDTH * math.sin(roll)
        x, y = body.points[f"knee_{side}"]
        dx, dy = x - hip[0], y - hip[1]
        a = dx * ax + dy * ay
        n = (dx * nx + dy * ny) * math.cos(roll) + shift
        body.points[f"knee_{side}"] = (hip[0] + a * ax + n * nx, hip[1] + a * ay + n * ny)
