"""Reaching limbs: two-bone inverse kinematics that plants a hand or foot exactly.

Hands and feet that rest on the mat are solved every frame, so they stay on the spot where
they were put down however the rest of the body moves; palms and soles are turned flat, and
the forearm takes its share of that turn so the wrist does not twist like a sweet wrapper.
"""

from __future__ import annotations

import numpy as np

from webapp.media.body import Body, neutral_pose, palm_normal
from webapp.media.rig import Posed, set_world_rotation
from webapp.media.rotations import Z, aim, axis_angle, to_quaternions, twist_about, unit

CHAINS = {
    "hand": ("upperarm01", "lowerarm01", "wrist"),
    "foot": ("upperleg01", "lowerleg01", "foot"),
}
TWIST = {"hand": ("lowerarm01", "lowerarm02"), "foot": ()}


def chain(body: Body, limb: str) -> tuple[int, int, int]:
    """Bone indices (upper, lower, end) of "hand_l", "foot_r", ..."""
    kind, side = limb.split("_")
    return tuple(body.bone(name, side) for name in CHAINS[kind])


def _slerp(a: np.ndarray, b: np.ndarray, weight: float) -> np.ndarray:
    """Rotation part-way from ``a`` to ``b``."""
    delta = b @ a.T
    quat = to_quaternions(delta[None])[0]
    angle = 2 * np.degrees(np.arccos(np.clip(abs(quat[0]), -1.0, 1.0)))
    axis = quat[1:] * (1 if quat[0] >= 0 else -1)
    if np.linalg.norm(axis) < 1e-9:
        return a
    return axis_angle(axis, angle * weight) @ a


def flat_rotation(body: Body, limb: str, current: np.ndarray) -> np.ndarray:
    """The end bone's world rotation turned so the palm or sole faces the mat."""
    kind, side = limb.split("_")
    end = chain(body, limb)[2]
    # The palm's own way, or the sole's: down when standing.
    facing = palm_normal(body, side) if kind == "hand" else neutral_pose(body)[end].T @ -Z
    return aim(current @ facing, -Z) @ current


def reach(
    body: Body,
    posed: Posed,
    local: np.ndarray,
    limb: str,
    target: np.ndarray,
    weight: float,
    flat: bool,
) -> None:
    """Move a limb (in place) so its wrist or ankle joint goes ``weight`` of the way to target."""
    upper, lower, end = chain(body, limb)
    start, joint, tip = posed.heads[upper], posed.heads[lower], posed.heads[end]
    goal = tip + (np.asarray(target) - tip) * weight
    l1 = np.linalg.norm(body.heads[lower] - body.heads[upper])
    l2 = np.linalg.norm(tip - joint)
    along = goal - start
    distance = np.clip(np.linalg.norm(along), abs(l1 - l2) + 1e-4, l1 + l2 - 1e-4)
    u = unit(along)
    # The bend stays in the plane the keyframe's angles put the knee or elbow in.
    side = joint - start - np.dot(joint - start, u) * u
    if np.linalg.norm(side) < 1e-6:
        side = np.cross(u, [0.0, 1.0, 0.0])
    v = unit(side)
    cos_a = (l1 * l1 + distance * distance - l2 * l2) / (2 * l1 * distance)
    angle = np.arccos(np.clip(cos_a, -1.0, 1.0))
    new_joint = start + l1 * (np.cos(angle) * u + np.sin(angle) * v)
    turn = aim(joint - start, new_joint - start)
    set_world_rotation(body, posed, local, upper, turn @ posed.rotations[upper])
    turn = aim(posed.heads[end] - posed.heads[lower], goal - posed.heads[lower])
    set_world_rotation(body, posed, local, lower, turn @ posed.rotations[lower])
    if flat:
        wanted = _slerp(
            posed.rotations[end], flat_rotation(body, limb, posed.rotations[end]), weight
        )
        _share_twist(body, posed, local, limb, wanted)
        set_world_rotation(body, posed, local, end, wanted)
        if kind_of(limb) == "hand":
            flatten_fingers(body, posed, local, limb, weight)


def kind_of(limb: str) -> str:
    """ "hand" or "foot"."""
    return limb.split("_")[0]


def flatten_fingers(body: Body, posed: Posed, local: np.ndarray, limb: str, weight: float):
    """Lay the fingers and thumb of a planted hand flat along the mat, as a palm pressing down.

    ``weight`` below 1 goes part of the way, while the hand comes down or lifts off.
    """
    side = limb.split("_")[1]
    for finger in ("finger1", "finger2", "finger3", "finger4", "finger5"):
        for joint in ("-1", "-2"):
            bone = body.bone(finger + joint, side)
            child = body.bone(finger + ("-2" if joint == "-1" else "-3"), side)
            along = posed.heads[child] - posed.heads[bone]
            level = along * [1.0, 1.0, 0.0]
            if np.linalg.norm(level) > 1e-6:
                turn = _slerp(np.eye(3), aim(along, level), weight)
                set_world_rotation(body, posed, local, bone, turn @ posed.rotations[bone])


def _share_twist(body: Body, posed: Posed, local: np.ndarray, limb: str, wanted: np.ndarray):
    """Let the forearm turn with the hand: a third at the elbow's end, two thirds mid-way."""
    kind, side = limb.split("_")
    bones = [body.bone(name, side) for name in TWIST[kind]]
    if not bones:
        return
    end = chain(body, limb)[2]
    axis = unit(posed.heads[end] - posed.heads[chain(body, limb)[1]])
    twist = twist_about(wanted @ posed.rotations[end].T, axis)
    for bone in bones:
        set_world_rotation(
            body, posed, local, bone, axis_angle(axis, twist / 3) @ posed.rotations[bone]
        )
