"""Joint angles to bone rotations, and forward kinematics of the body.

Angles are degrees in the physiotherapist's sense, measured from standing straight with the
arms hanging (flexion positive; see RANGES). Each joint's rotation is taken about the axes of
that standing body, in its parent's frame: X to the body's left, Y backwards, Z up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from webapp.media.body import SIDES, Body, neutral_pose
from webapp.media.rotations import X, Y, Z, axis_angle

# Allowed range per channel: a keyframe outside it is refused when the motion file loads,
# so no knee or elbow can bend backwards.
RANGES = {
    "pelvis": (-40.0, 40.0),  # anterior tilt +, posterior -
    "pelvis_roll": (-90.0, 90.0),  # about the front-back axis; + lifts the right hip
    "legs_roll": (-80.0, 80.0),  # pelvis and legs turn, chest stays; + knees to the left
    "turn": (-180.0, 180.0),  # the whole body about its length; + the front turns left
    "spine": (-45.0, 60.0),  # flexion +, extension -
    "lumbar_share": (0.0, 1.0),  # part of spine flexion taken by the lower back
    "spine_side": (-40.0, 40.0),  # side bend; + towards the left
    "spine_twist": (-60.0, 60.0),  # + turns the chest to the left
    "neck": (-45.0, 60.0),  # + chin to chest
    "neck_turn": (-80.0, 80.0),  # + looks to the left
    "hip": (-30.0, 135.0),  # + thigh forwards
    "hip_abd": (-40.0, 60.0),  # + thigh out to the side
    "hip_rot": (-45.0, 45.0),  # + internal rotation
    "knee": (0.0, 150.0),
    "ankle": (-25.0, 80.0),  # + toes pointed (plantar flexion)
    "shoulder": (-200.0, 380.0),  # + arm forwards and up; whole circles for swimming strokes
    "shoulder_abd": (-10.0, 180.0),  # + arm out to the side
    "shoulder_rot": (-90.0, 90.0),  # + internal rotation
    "elbow": (0.0, 150.0),
    "forearm": (-90.0, 120.0),  # + pronation (palm turns backwards from facing the thigh)
    "wrist": (-80.0, 90.0),  # + extension (back of the hand towards the forearm)
    "fingers": (-20.0, 90.0),  # curl of the fingers
    "crank": (-720.0, 720.0),  # an exercise bike's crank (not a joint: the pedals follow it)
}
PAIRED = {
    "hip",
    "hip_abd",
    "hip_rot",
    "knee",
    "ankle",
    "shoulder",
    "shoulder_abd",
    "shoulder_rot",
    "elbow",
    "forearm",
    "wrist",
    "fingers",
}
# Channels that change sign when the exercise is done with the other side.
LATERAL = ("pelvis_roll", "legs_roll", "turn", "spine_side", "spine_twist", "neck_turn")
CHANNELS = tuple(
    name
    for base in RANGES
    for name in ((f"{base}_{side}" for side in SIDES) if base in PAIRED else (base,))
)
DEFAULTS = {name: 0.0 for name in CHANNELS} | {"lumbar_share": 0.6}
DEFAULTS |= {f"fingers_{side}": 15.0 for side in SIDES}  # relaxed hands curl a little
LUMBAR = ("spine05", "spine04", "spine03")
THORACIC = ("spine02", "spine01")
NECK = ("neck01", "neck02", "neck03", "head")
FINGERS = ("finger2", "finger3", "finger4", "finger5")
SHOULDER_GIRDLE_SHARE = 0.15  # the collarbone follows the arm a little when it rises


def mirrored(pose: dict[str, float]) -> dict[str, float]:
    """The same pose done with the other side of the body."""
    out = {}
    for name, value in pose.items():
        stem, _, side = name.rpartition("_")
        if side in SIDES and stem in PAIRED:
            out[f"{stem}_{'r' if side == 'l' else 'l'}"] = value
        else:
            out[name] = -value if name in LATERAL else value
    return out


def _euler(flex: float, side_bend: float, twist: float) -> np.ndarray:
    """Flexion about X, then a side bend about Y, then a twist about Z (intrinsic)."""
    return axis_angle(X, flex) @ axis_angle(Y, side_bend) @ axis_angle(Z, twist)


def local_rotations(body: Body, pose: dict[str, float]) -> np.ndarray:
    """Each bone's rotation in its parent's standing frame (B, 3, 3) for a full pose."""
    local = np.repeat(np.eye(3)[None], len(body.names), axis=0)
    roll = pose["legs_roll"]
    local[body.bone("root")] = _euler(pose["pelvis"], pose["pelvis_roll"], roll + pose["turn"])
    share = pose["lumbar_share"]
    twist = pose["spine_twist"] - roll  # the chest stays put when only the legs roll
    for names, part in ((LUMBAR, share), (THORACIC, 1.0 - share)):
        for name in names:
            each = part / len(names)
            side_bend = pose["spine_side"] / 5
            local[body.bone(name)] = _euler(pose["spine"] * each, side_bend, twist / 5)
    for name in NECK:
        local[body.bone(name)] = _euler(pose["neck"] / 4, 0.0, pose["neck_turn"] / 4)
    for side in SIDES:
        s = 1.0 if side == "l" else -1.0

        def get(joint: str, side: str = side) -> float:
            """This side's angle of a joint."""
            return pose[f"{joint}_{side}"]

        def bone(name: str, side: str = side) -> int:
            """This side's bone of that name."""
            return body.bone(name, side)

        local[bone("upperleg01")] = _euler(-get("hip"), -s * get("hip_abd"), -s * get("hip_rot"))
        local[bone("lowerleg01")] = axis_angle(X, get("knee"))
        local[bone("foot")] = axis_angle(X, get("ankle"))
        girdle = SHOULDER_GIRDLE_SHARE
        flex, abd = get("shoulder"), get("shoulder_abd")
        local[bone("shoulder01")] = _euler(-flex * girdle, -s * abd * girdle, 0.0)
        rest = 1.0 - girdle
        local[bone("upperarm01")] = _euler(-flex * rest, -s * abd * rest, -s * get("shoulder_rot"))
        pronation = axis_angle(Z, -s * get("forearm") / 3)
        local[bone("lowerarm01")] = axis_angle(X, -get("elbow")) @ pronation
        local[bone("lowerarm02")] = pronation
        local[bone("wrist")] = pronation @ axis_angle(Y, -s * get("wrist"))
        curl = axis_angle(Y, s * get("fingers") / 2)
        for finger in FINGERS:
            for joint in ("-1", "-2", "-3"):
                local[body.bone(finger + joint, side)] = curl
    return local


@dataclass
class Posed:
    """World rotation and position of every bone: where the skin goes."""

    rotations: np.ndarray  # (B, 3, 3), each bone's turn from its rest orientation
    heads: np.ndarray  # (B, 3) posed joint positions

    def translations(self, body: Body) -> np.ndarray:
        """Translations of the skinning transforms (x' = R x + t)."""
        return self.heads - np.einsum("bij,bj->bi", self.rotations, body.heads)

    def point(self, body: Body, bone: int, rest_point: np.ndarray) -> np.ndarray:
        """Where a rest-pose point rigidly attached to ``bone`` is now."""
        return self.rotations[bone] @ (rest_point - body.heads[bone]) + self.heads[bone]


def forward(body: Body, local: np.ndarray, root: np.ndarray, origin: np.ndarray) -> Posed:
    """World transforms from local rotations; ``root`` turns and ``origin`` places the body."""
    neutral = neutral_pose(body)
    count = len(body.names)
    rotations = np.empty((count, 3, 3))
    heads = np.empty((count, 3))
    for index in range(count):
        parent = body.parents[index]
        if parent < 0:
            rotations[index] = root @ local[index] @ neutral[index]
            heads[index] = origin
            continue
        frame = rotations[parent] @ neutral[parent].T
        rotations[index] = frame @ local[index] @ neutral[index]
        heads[index] = heads[parent] + rotations[parent] @ (body.heads[index] - body.heads[parent])
    return Posed(rotations, heads)


def refresh(body: Body, posed: Posed, local: np.ndarray, first: int) -> None:
    """Recompute bones from ``first`` on after their local rotations changed (in place).

    Bones are stored parents first, so the subtree of a limb is a run of later indices;
    bones outside it are recomputed too but come out the same.
    """
    neutral = neutral_pose(body)
    for index in range(first, len(body.names)):
        parent = body.parents[index]
        frame = posed.rotations[parent] @ neutral[parent].T
        posed.rotations[index] = frame @ local[index] @ neutral[index]
        posed.heads[index] = posed.heads[parent] + posed.rotations[parent] @ (
            body.heads[index] - body.heads[parent]
        )


def set_world_rotation(body: Body, posed: Posed, local: np.ndarray, bone: int, world: np.ndarray):
    """Give ``bone`` a world rotation by changing its local one, then refresh what follows."""
    parent = body.parents[bone]
    neutral = neutral_pose(body)
    frame = posed.rotations[parent] @ neutral[parent].T
    local[bone] = frame.T @ world @ neutral[bone].T
    refresh(body, posed, local, bone)
