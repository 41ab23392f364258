"""Parts that rest on the mat by themselves: a lying head and a kneeling leg's foot.

Keyframes give the neck and knees roughly; these small solves finish the job each frame, so
the back of the head lies on the mat and no foot sinks into it, whatever the trunk does.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from webapp.media.rig import NECK, Posed, refresh
from webapp.media.rotations import X, Z, axis_angle


class Stage(Protocol):
    """What these solves read of the stage (webapp.media.staging.Stage): body, mat, skinning."""

    body: object
    setup: object

    def skin_of(self, posed: Posed, names: tuple[str, ...], every: int = 1) -> np.ndarray:
        """The skinned vertices of these body parts."""


NECK_GIVE = 60.0  # degrees the neck may bend beyond its keyframe to rest the head
FOOT_GIVE = 60.0  # degrees a resting knee may bend further to keep its foot out of the mat
STEPS = 8  # bisection steps: a few hundredths of a degree is plenty


def rest_head(stage: Stage, posed: Posed, local: np.ndarray) -> None:
    """Bend the neck (within NECK_GIVE degrees) until the head just touches the mat."""
    body = stage.body
    bones = [body.bone(name) for name in NECK]
    first = min(bones)
    keyframed = [local[bone].copy() for bone in bones]

    def gap(extra: float) -> float:
        """Height of the head's lowest point over the mat with the neck bent by ``extra``."""
        for bone, base in zip(bones, keyframed, strict=True):
            local[bone] = base @ axis_angle(X, extra / len(bones))
        refresh(body, posed, local, first)
        return stage.skin_of(posed, ("head",), every=5)[:, 2].min() - stage.setup.ground

    low, high = -NECK_GIVE, NECK_GIVE
    if gap(low) > 0 or gap(high) < 0:
        gap(0.0)  # out of reach: keep the keyframe's neck
        return
    for _ in range(STEPS):  # bisection: lifting the chin lowers the back of the head
        middle = (low + high) / 2
        low, high = (low, middle) if gap(middle) > 0 else (middle, high)
    gap(high)


def lift_foot(stage: Stage, posed: Posed, local: np.ndarray, side: str) -> None:
    """Bend a resting knee (or turn a side-lying hip) until its foot no longer sinks.

    Only a leg whose knee is on the mat, and only upwards: a foot clear of the mat stays.
    """
    body, ground = stage.body, stage.setup.ground
    if stage.skin_of(posed, (f"knee_{side}",), every=3)[:, 2].min() - ground > 0.02:
        return
    lying_on_side = stage.setup.position == "side"
    bone = body.bone("upperleg01" if lying_on_side else "lowerleg01", side)
    keyframed = local[bone].copy()
    # Side-lying: turning the thigh outwards lifts the foot; else bending the knee does.
    axis = Z * (1.0 if side == "l" else -1.0) if lying_on_side else X

    def gap(extra: float) -> float:
        """Height of the foot's lowest point with the joint turned ``extra`` degrees."""
        local[bone] = keyframed @ axis_angle(axis, extra)
        refresh(body, posed, local, bone)
        return stage.skin_of(posed, (f"foot_{side}",), every=3)[:, 2].min() - ground

    if gap(0.0) >= 0.0:
        return
    low, high = 0.0, FOOT_GIVE
    if gap(high) < 0.0:
        gap(0.0)  # out of reach: keep the keyframe's leg (the contact test will say so)
        return
    for _ in range(STEPS):
        middle = (low + high) / 2
        low, high = (middle, high) if gap(middle) < 0.0 else (low, middle)
    gap(high)
