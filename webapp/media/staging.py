"""Putting the posed body in the room each frame: resting on the mat, hands and feet planted.

Per frame: the joint angles give the body's shape; the body is then turned so its two
support groups rest level (hands and knees, shoulders and pelvis or feet), lowered until the
lowest support touches the mat, and slid so the anchor stays where it started. Reaching
limbs are solved last, so planted hands and feet never slide or float.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from webapp.media.body import contact_patches, load_body
from webapp.media.ik import chain, reach
from webapp.media.resting import lift_foot, rest_head
from webapp.media.rig import Posed, forward, local_rotations
from webapp.media.room import MAT_THICKNESS
from webapp.media.rotations import X, Y, Z, axis_angle, dual_quaternion_skin, unit

# The whole body's turn for each starting position, and where the 3/4 camera looks from
# (world azimuth and elevation in degrees): lying figures lie along X with the head at -X
# and are seen from beyond their feet on the back, from their head on hands and knees;
# upright ones face +X and are seen from a little above eye level.
BASES = {
    "standing": (axis_angle(Z, 90.0), (52.0, 12.0)),
    "supine": (axis_angle(Z, 90.0) @ axis_angle(X, -90.0), (295.0, 24.0)),
    "prone": (axis_angle(Z, -90.0) @ axis_angle(X, 90.0), (295.0, 24.0)),
    "hands-knees": (axis_angle(Z, -90.0) @ axis_angle(X, 90.0), (232.0, 24.0)),
    "side": (axis_angle(X, 90.0) @ axis_angle(Z, 90.0) @ axis_angle(X, -90.0), (232.0, 24.0)),
    "bike": (axis_angle(Z, 90.0), (52.0, 14.0)),
    "water": (axis_angle(Z, -90.0) @ axis_angle(X, 90.0), (232.0, 20.0)),
    "pool": (axis_angle(Z, 90.0), (52.0, 8.0)),
}
LEVEL_PASSES = 3  # the lowest points move a little as the body turns: settle in a few passes


@dataclass(frozen=True)
class Reach:
    """A hand or foot that goes to a point: the mat where it is put down, or a body point."""

    target: str  # "mat", a bone name such as "lowerleg01.R", or a prop point
    offset: tuple[float, float, float] = (0.0, 0.0, 0.0)  # metres, in that bone's rest axes


@dataclass(frozen=True)
class Setup:
    """How an exercise's body meets the room (from the motion file)."""

    position: str
    support: tuple[str, ...] = ()  # patches whose lowest point touches the mat
    level: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # turned to rest level
    anchor: str | None = None  # a patch that keeps its place on the mat
    height: float | None = None  # fixed height of the pelvis joint instead (bike, water)
    head_rests: bool = False  # the neck bends so the back of the head lies on the mat
    ground: float = MAT_THICKNESS  # height the body rests on: the mat's top, or the floor
    shins_rest: bool = False  # a kneeling or lying leg's foot never sinks into the mat
    reaches: dict[str, Reach] = field(default_factory=dict)


def other_side(name: str) -> str:
    """A limb, patch or bone name of the other side ("hand_l" -> "hand_r", ".L" -> ".R")."""
    for a, b in (("_l", "_r"), (".L", ".R")):
        if name.endswith(a):
            return name[: -len(a)] + b
        if name.endswith(b):
            return name[: -len(b)] + a
    return name


def mirrored_setup(setup: Setup) -> Setup:
    """The setup for doing the exercise with the other side of the body."""
    swap = lambda names: tuple(other_side(name) for name in names)  # noqa: E731
    reaches = {
        other_side(limb): Reach(other_side(rule.target), (-rule.offset[0], *rule.offset[1:]))
        for limb, rule in setup.reaches.items()
    }
    return replace(
        setup,
        support=swap(setup.support),
        level=None if setup.level is None else (swap(setup.level[0]), swap(setup.level[1])),
        anchor=None if setup.anchor is None else other_side(setup.anchor),
        reaches=reaches,
    )


@dataclass
class Placed:
    """The body in the room at one instant."""

    posed: Posed
    vertices: np.ndarray | None = None


class Stage:
    """Solves the body's place and reaching limbs for any pose of one exercise."""

    def __init__(
        self, setup: Setup, start: dict[str, float], props: dict | None = None, flip: bool = False
    ) -> None:
        """Fix the anchor and the planted hands and feet from the starting pose.

        Every later frame is solved against those, in any order (the poster comes first).
        ``flip`` lies the body on its other side with its head the other way round, still
        facing the camera (the side plank's second side).
        """
        self.setup = setup
        self.body = load_body()
        self.patches = contact_patches(self.body)
        self.base = BASES[setup.position][0]
        if flip:
            self.base = axis_angle(Y, 180.0) @ self.base
        self.anchor_xy: np.ndarray | None = None
        self.planted: dict[str, np.ndarray] = {}
        self.flat_height: dict[str, float] = {}
        self._measured: dict[str, float] = {}
        # First learn how high each planted wrist or ankle joint sits when its palm or sole
        # lies flat, so resting the body on planted hands uses where IK will put them.
        self.place(start, skin=False, props=props)
        self.flat_height = dict(self._measured)
        self.anchor_xy, self.planted = None, {}
        self.place(start, skin=False, props=props)

    def skin_of(self, posed: Posed, names: tuple[str, ...], every: int = 1) -> np.ndarray:
        """Posed positions of the vertices of some patches only (cheap); ``every`` thins them."""
        index = np.concatenate([self.patches[name] for name in names])[::every]
        body = self.body
        return dual_quaternion_skin(
            body.vertices[index],
            body.bone_indices[index],
            body.bone_weights[index],
            posed.rotations,
            posed.translations(body),
        )

    def skin(self, posed: Posed, which: slice | np.ndarray = slice(None)) -> np.ndarray:
        """The posed body's vertices (all, or a selection)."""
        body = self.body
        return dual_quaternion_skin(
            body.vertices[which],
            body.bone_indices[which],
            body.bone_weights[which],
            posed.rotations,
            posed.translations(body),
        )

    def _lowest(self, posed: Posed, names: tuple[str, ...], pose: dict[str, float]) -> np.ndarray:
        """The lowest point of some patches; a planted hand or foot counts as lying flat."""
        points = self._low_points(posed, names, pose)
        return points[points[:, 2].argmin()]

    def _low_points(self, posed: Posed, names: tuple[str, ...], pose: dict) -> np.ndarray:
        """Each patch's lowest point (a planted hand or foot: under its joint, lying flat)."""
        points = []
        for name in names:
            rule = self.setup.reaches.get(name)
            planted = rule is not None and rule.target == "mat" and name in self.flat_height
            if planted and pose.get(f"reach_{name}", 1.0) >= 0.5:
                tip = posed.heads[chain(self.body, name)[2]]
                points.append(tip - np.array([0.0, 0.0, self.flat_height[name]]))
                continue
            skin = self.skin_of(posed, (name,))
            points.append(skin[skin[:, 2].argmin()])
        return np.array(points)

    def _place(self, local: np.ndarray, pose: dict[str, float]) -> Posed:
        """Turn, lower and slide the body into its resting place for this shape."""
        body, setup = self.body, self.setup
        root, origin = self.base.copy(), np.zeros(3)
        posed = forward(body, local, root, origin)
        if setup.height is not None:
            origin = np.array([0.0, 0.0, setup.height])
            return forward(body, local, root, origin)
        for _ in range(LEVEL_PASSES if setup.level else 0):
            group_a = self._low_points(posed, setup.level[0], pose)
            group_b = self._low_points(posed, setup.level[1], pose)
            low_a = group_a[group_a[:, 2].argmin()]
            low_b = group_b[group_b[:, 2].argmin()]
            # Turn about the axis across the line between the groups' middles, so a body
            # resting on two hands and two knees pitches without rolling onto one side.
            way = unit((group_a.mean(axis=0) - group_b.mean(axis=0)) * [1, 1, 0])
            span = float(np.dot(low_a - low_b, way))
            if abs(span) < 1e-6:
                break
            turn = axis_angle(np.cross(Z, way), np.degrees(np.arctan2(low_a[2] - low_b[2], span)))
            root, origin = turn @ root, turn @ (origin - low_b) + low_b
            posed = forward(body, local, root, origin)
        resting = tuple(setup.support) + (setup.level[0] + setup.level[1] if setup.level else ())
        if resting:
            lift = setup.ground - self._lowest(posed, resting, pose)[2]
            origin = origin + np.array([0.0, 0.0, lift])
        if setup.anchor:
            here = self.skin_of(posed, (setup.anchor,)).mean(axis=0)[:2]
            if self.anchor_xy is None:
                self.anchor_xy = here
            origin = origin + np.append(self.anchor_xy - here, 0.0)
        return forward(body, local, root, origin)

    def _target(self, posed: Posed, limb: str, rule: Reach, props: dict) -> np.ndarray:
        """Where a reaching limb's wrist or ankle joint goes now."""
        if rule.target == "mat":
            if limb not in self.planted:
                # Put down below where the keyframe holds it, at the height where a flat
                # palm or sole just touches the mat.
                tip = posed.heads[chain(self.body, limb)[2]].copy()
                self.planted[limb] = tip
            return self.planted[limb]
        if rule.target in props:
            return props[rule.target] + np.asarray(rule.offset)
        bone = self.body.names.index(rule.target)
        return posed.point(self.body, bone, self.body.heads[bone] + np.asarray(rule.offset))

    def place(self, pose: dict[str, float], skin: bool = True, props: dict | None = None) -> Placed:
        """The body for one pose: resting, anchored, with reaching limbs solved.

        ``props`` names world points hands and feet may reach for (the bike's pedals).
        """
        local = local_rotations(self.body, pose)
        posed = self._place(local, pose)
        if self.setup.head_rests:
            self._rest_head(posed, local)
        if self.setup.shins_rest:
            for side in ("l", "r"):
                self._lift_foot(posed, local, side)
        # Feet first: a hand holding a knee must follow where the leg ends up.
        for limb, rule in sorted(self.setup.reaches.items(), key=lambda item: item[0][0] == "h"):
            weight = pose.get(f"reach_{limb}", 1.0)
            if weight <= 0.0:
                continue
            flat = rule.target == "mat"
            planting = flat and limb not in self.planted
            target = self._target(posed, limb, rule, props or {})
            reach(self.body, posed, local, limb, target, weight, flat)
            if planting:
                self._settle(posed, local, limb)
        return Placed(posed, self.skin(posed) if skin else None)

    def _rest_head(self, posed: Posed, local: np.ndarray) -> None:
        """Bend the neck until the head just touches the mat (see resting.rest_head)."""
        rest_head(self, posed, local)

    def _lift_foot(self, posed: Posed, local: np.ndarray, side: str) -> None:
        """Keep a resting leg's foot out of the mat (see resting.lift_foot)."""
        lift_foot(self, posed, local, side)

    def _settle(self, posed: Posed, local: np.ndarray, limb: str) -> None:
        """Put a hand or foot down: lift or lower it until its flat palm or sole touches the mat.

        Done once, when the starting pose plants it; later frames only reach for the spot.
        """
        tip = chain(self.body, limb)[2]
        for _ in range(3):
            lowest = self.skin_of(posed, (limb,))[:, 2].min()
            self._measured[limb] = posed.heads[tip][2] - lowest
            gap = self.setup.ground - lowest
            if abs(gap) < 1e-4:
                break
            self.planted[limb] = self.planted[limb] + [0.0, 0.0, gap]
            reach(self.body, posed, local, limb, self.planted[limb], 1.0, True)
