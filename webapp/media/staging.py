"""Putting the figure in the world for each instant: base posture, support, reaching limbs."""

from __future__ import annotations

import math

from webapp.media.bike import HIP, bike_points
from webapp.media.figure import figure_shapes, lowest, sole
from webapp.media.motion import Motion
from webapp.media.skeleton import Body, forward, lengths_for, reach, roll_legs
from webapp.media.timeline import Timeline

# Whole-body turn for each base posture (see skeleton.forward); the joint angles of the
# starting pose do the rest (bent knees, arms under the shoulders, ...).
ROTATION = {
    "supine": 90.0,
    "side": -90.0,  # lying on the side seen from the front, drawn like lying face down
    "prone": -90.0,
    "hands-knees": -90.0,
    "water": -90.0,
    "standing": 0.0,
    "bike": 0.0,
}
FLOAT_DEPTH = -6.0  # a swimmer's hip joint sits just under the surface (y = 0)
END = {"arm": ("wrist", "hand"), "leg": ("ankle", "foot")}


class Stage:
    """Solves the figure's Body at any time of a motion."""

    def __init__(self, motion: Motion, timeline: Timeline) -> None:
        """Place the starting pose: on the floor, on the saddle or in the water."""
        self.motion = motion
        self.timeline = timeline
        self.profile = motion.position != "side"
        self.lengths = lengths_for(motion.foreshorten)
        first = forward(timeline.pose_at(0.0), ROTATION[motion.position], self.lengths)
        anchor = first.points[motion.anchor]
        # Limbs that reach for something go where they are told; the rest of the body rests
        # on its own lowest point, and "fixed" hands and feet are planted on the floor.
        rules = [rule for side in range(motion.sides) for rule in timeline.reaches(side).items()]
        self.reaching = frozenset(limb for limb, _ in rules)
        planted = {limb for limb, rule in rules if rule.target == "fixed"}
        if motion.position == "bike":
            self.anchor = HIP if motion.anchor == "hip" else anchor
        elif motion.position == "water":
            self.anchor = (anchor[0], anchor[1] + FLOAT_DEPTH - first.points["hip"][1])
        else:
            resting = figure_shapes(first, self.profile, self.reaching)
            self.anchor = (anchor[0], anchor[1] - lowest(resting))
        first = first.moved(self.anchor[0] - anchor[0], self.anchor[1] - anchor[1])
        self.fixed = {}
        for limb in planted:
            kind, side = limb.split("_")
            end, segment = END[kind]
            x, y = first.points[f"{end}_{side}"]
            self.fixed[limb] = ((x, y - sole(first, limb)), first.dirs[f"{segment}_{side}"])
        xs = [x for x, _ in first.points.values()]
        self.flip_x = (min(xs) + max(xs)) / 2

    def body_at(self, t: float) -> tuple[Body, dict[str, float]]:
        """The figure and the pose it was solved from at time t."""
        segment = self.timeline.segment_at(t)
        pose = self.timeline.pose_at(t)
        body = forward(pose, ROTATION[self.motion.position], self.lengths)
        anchor = body.points[self.motion.anchor]
        body = body.moved(self.anchor[0] - anchor[0], self.anchor[1] - anchor[1])
        if self.motion.follow_ground:
            body = body.moved(0.0, -lowest(figure_shapes(body, self.profile, self.reaching)))
        props = bike_points(pose["crank"]) if self.motion.position == "bike" else {}
        # Legs first: a hand holding a knee must follow where the knee ends up.
        rules = sorted(self.timeline.reaches(segment.side).items(), key=lambda i: i[0][:3] != "leg")
        for limb, rule in rules:
            weight = pose[f"ik_{limb}"]
            if weight <= 0.0:
                continue
            if rule.target == "fixed":
                target, end_dir = self.fixed[limb]
            else:
                target = body.points.get(rule.target) or props[rule.target]
                end_dir = None if rule.angle is None else math.radians(rule.angle)
            target = (target[0] + rule.offset[0], target[1] + rule.offset[1])
            reach(body, limb, target, weight, end_dir)
        roll_legs(body)
        if self.motion.mirror == "flip" and segment.side == 1:
            body = body.mirrored(self.flip_x)
        return body, pose

    def shapes_at(self, t: float) -> tuple[list, dict[str, float]]:
        """The figure's polygons and its pose at time t."""
        body, pose = self.body_at(t)
        return figure_shapes(body, self.profile), pose
