"""How the person and the room look: colours, clothing regions and limb masks per vertex.

The body mesh is unclothed, so clothing is painted by the shader from each vertex's rest
position (a T-shirt with short sleeves, 7/8 leggings, short hair): the edges stay crisp and
move with the skin. Colours are sRGB 0-255 and part of every video's content hash.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np

from webapp.media.body import SIDES, Body

PALETTE = {
    "background": (243, 240, 232),  # the app's cream
    "floor": (232, 226, 214),
    "mat": (150, 196, 194),
    "mat_edge": (118, 166, 164),
    "skin": (226, 178, 148),
    "shirt": (34, 146, 134),  # the app's teal, lighter so folds of light read
    "leggings": (52, 66, 86),
    "hair": (84, 58, 44),
    "iris": (60, 44, 36),
    "highlight": (255, 196, 92),  # warm glow on the limb that moves
    "water": (96, 170, 200),
    "pool_floor": (196, 222, 228),
    "bike_frame": (70, 78, 88),
    "bike_parts": (160, 168, 176),
}
LIMB_BONES = {
    "arm": ("clavicle", "shoulder01", "upperarm", "lowerarm", "wrist", "finger", "metacarpal"),
    "leg": ("upperleg", "lowerleg", "foot", "toe"),
}
LIMBS = tuple(f"{kind}_{side}" for kind in ("arm", "leg") for side in SIDES)


def palette_key() -> str:
    """The palette as stable text, for the content hash."""
    return json.dumps(PALETTE, sort_keys=True)


def linear(colour: tuple[int, int, int]) -> tuple[float, float, float]:
    """An sRGB colour in linear light, as the shader works in."""
    return tuple(float((c / 255) ** 2.2) for c in colour)


def _bone_weight(body: Body, prefixes: tuple[str, ...], side: str | None) -> np.ndarray:
    """Per vertex, the summed skin weight of the bones named by the prefixes."""
    wanted = []
    for index, name in enumerate(body.names):
        stem, _, suffix = name.partition(".")
        if stem.startswith(prefixes) and (side is None or suffix == side.upper()):
            wanted.append(index)
    return (body.bone_weights * np.isin(body.bone_indices, wanted)).sum(axis=1)


@cache
def vertex_attributes(body: Body) -> np.ndarray:
    """(V, 8) float32 per vertex: rest position, arm share, along-arm distance, head, eye.

    The shader decides shirt, leggings, hair and skin from these; the four limb weights
    for the highlight follow in ``limb_weights``.
    """
    rest = body.vertices - body.heads[body.bone("root")]
    arm = np.zeros(len(rest))
    along = np.zeros(len(rest))
    for side in SIDES:
        weight = _bone_weight(body, ("upperarm", "lowerarm", "wrist", "finger", "metacarpal"), side)
        shoulder = body.heads[body.bone("upperarm01", side)]
        elbow = body.heads[body.bone("lowerarm01", side)]
        axis = (elbow - shoulder) / np.linalg.norm(elbow - shoulder)
        distance = (body.vertices - shoulder) @ axis
        mine = weight > arm
        arm[mine], along[mine] = weight[mine], distance[mine]
    head = body.part_mask("head").astype(float)
    eye = body.part_mask("eye_front.L", "eye_front.R").astype(float)
    columns = [rest[:, 0], rest[:, 1], rest[:, 2], arm, along, head, eye, np.zeros(len(rest))]
    return np.stack(columns, axis=1).astype(np.float32)


@cache
def limb_weights(body: Body) -> np.ndarray:
    """(V, 4) float32: how much each vertex belongs to arm_l, arm_r, leg_l and leg_r."""
    columns = [_bone_weight(body, LIMB_BONES[limb[:3]], limb[-1]) for limb in LIMBS]
    return np.clip(np.stack(columns, axis=1), 0.0, 1.0).astype(np.float32)


def shirt_lines(body: Body) -> dict[str, float]:
    """Heights (relative to the pelvis joint) where the clothes end, from the skeleton."""
    root = body.heads[body.bone("root")]
    head = lambda name: body.heads[body.bone(name)] - root  # noqa: E731 (a local shorthand)
    knee = body.heads[body.bone("lowerleg01", "l")] - root
    ankle = body.heads[body.bone("foot", "l")] - root
    return {
        "waist": float(head("spine04")[2] - 0.005),
        "neck": float(head("neck01")[2] - 0.02),
        "sleeve": 0.13,  # metres down the upper arm from the shoulder joint
        "hem": float(ankle[2] + 0.3 * (knee[2] - ankle[2])),  # 7/8 leggings
        "hairline": float(head("head")[2] + 0.1),  # at the forehead
        "head_y": float(head("head")[1]),
    }
