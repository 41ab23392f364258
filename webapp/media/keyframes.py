"""Checking the parts of a motion file: poses, steps, captions, reaching limbs and contacts.

Every check raises a MotionError that names the file and the field (see motion.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.media.body import PATCHES, SIDES, TRUNK_PATCHES
from webapp.media.camera import VIEWS
from webapp.media.errors import MotionError
from webapp.media.rig import PAIRED, RANGES
from webapp.media.staging import Reach

EASES = ("in-out", "linear", "in", "out")
LANGUAGES = ("nl", "en")
REACHING = tuple(f"{kind}_{side}" for kind in ("hand", "foot") for side in SIDES)
PROP_POINTS = ("pedal_l", "pedal_r", "handlebar_l", "handlebar_r")
PATCH_NAMES = (*(f"{name}_{side}" for name in PATCHES for side in SIDES), *TRUNK_PATCHES)
# Bones a hand or foot may reach for (with an offset in that bone's rest axes).
BONES = (
    *(
        f"{name}.{side}"
        for name in ("upperleg02", "lowerleg01", "lowerleg02", "upperarm02", "pelvis")
        for side in ("L", "R")
    ),
    "root",
    "spine04",
    "spine03",
    "spine02",
)
STEP_KEYS = {"duration", "ease", "pose", "hold", "cue", "view"}


@dataclass(frozen=True)
class Cue:
    """A caption in both languages, optionally limited to some repetitions."""

    nl: str
    en: str
    reps: tuple[int, ...] | None


@dataclass(frozen=True)
class Step:
    """One move (or hold) of the person: where they go, how long it takes, what it says."""

    duration: float
    ease: str
    pose: dict[str, float]
    hold: bool
    cues: tuple[Cue, ...]
    view: str | None = None  # cut to this camera view at the step's start


def at(where: str, key: str) -> str:
    """A field's place: "file.toml: key" at the top, "file.toml: start.pose" further in."""
    return f"{where} {key}" if where.endswith(":") else f"{where}.{key}"


def fail(where: str, message: str) -> MotionError:
    """A MotionError naming the file and field."""
    return MotionError(f"{where}: {message}")


def number(raw: dict, key: str, where: str, default: float | None, low: float, high: float):
    """A number within [low, high], or the default when the key is absent."""
    value = raw.get(key, default)
    if value is None:
        raise fail(at(where, key), "is required")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(at(where, key), f"must be a number, not {value!r}")
    if not low <= value <= high:
        raise fail(at(where, key), f"{value} is outside {low:g}..{high:g}")
    return value


def flag(raw: dict, key: str, where: str, default: bool) -> bool:
    """A true/false value."""
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise fail(at(where, key), f"must be true or false, not {value!r}")
    return value


def choice(raw: dict, key: str, where: str, options: tuple[str, ...], default: str | None):
    """One of a few names."""
    value = raw.get(key, default)
    if value not in options:
        raise fail(at(where, key), f"{value!r} is not one of {', '.join(options)}")
    return value


def parse_pose(raw: object, where: str, reaching: set[str]) -> dict[str, float]:
    """Joint angles (both sides for a paired name without _l/_r) and reach weights."""
    if not isinstance(raw, dict):
        raise fail(where, "must be a table of joint angles")
    pose: dict[str, float] = {}
    for name, value in raw.items():
        names = [f"{name}_{side}" for side in SIDES] if name in PAIRED else [name]
        if name.startswith("reach_"):
            limb = name[6:]
            limbs = [limb] if limb in REACHING else [f"{limb}_{s}" for s in SIDES]
            if not set(limbs) <= reaching:
                raise fail(f"{where}.{name}", "unknown reach: add the limb to [reach] first")
            names, low, high = [f"reach_{limb}" for limb in limbs], 0.0, 1.0
        else:
            joint = name.rsplit("_", 1)[0] if name.endswith(("_l", "_r")) else name
            if joint not in RANGES or (joint != name and joint not in PAIRED):
                known = ", ".join(sorted(RANGES))
                raise fail(f"{where}.{name}", f"unknown joint (known: {known}, +_l/_r)")
            low, high = RANGES[joint]
        number({name: value}, name, where, None, low, high)
        pose.update(dict.fromkeys(names, float(value)))
    return pose


def parse_cues(raw: object, where: str, reps: int) -> tuple[Cue, ...]:
    """A step's captions: one table or a list of tables with nl, en and optional reps."""
    tables = raw if isinstance(raw, list) else [raw]
    cues = []
    for i, table in enumerate(tables):
        here = f"{where}[{i}]" if isinstance(raw, list) else where
        if not isinstance(table, dict):
            raise fail(here, "must be a table with nl and en")
        unknown = set(table) - {*LANGUAGES, "reps"}
        if unknown:
            raise fail(f"{here}.{sorted(unknown)[0]}", "unknown key")
        for lang in LANGUAGES:
            text = table.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise fail(f"{here}.{lang}", "caption text is missing")
            if "-->" in text or "\n" in text:
                raise fail(f"{here}.{lang}", "one line, without '-->'")
        only = table.get("reps")
        if only is not None and (
            not isinstance(only, list)
            or not only
            or not all(isinstance(n, int) and 1 <= n <= reps for n in only)
        ):
            raise fail(f"{here}.reps", f"must list repetition numbers 1..{reps}")
        cues.append(Cue(table["nl"].strip(), table["en"].strip(), tuple(only) if only else None))
    return tuple(cues)


def parse_step(raw: object, where: str, reps: int, reaching: set[str], first: bool) -> Step:
    """One step; the starting step needs a pose and a cue."""
    if not isinstance(raw, dict):
        raise fail(where, "must be a table")
    unknown = set(raw) - STEP_KEYS
    if unknown:
        raise fail(f"{where}.{sorted(unknown)[0]}", "unknown key")
    pose = parse_pose(raw.get("pose", {}), f"{where}.pose", reaching)
    hold = flag(raw, "hold", where, False)
    if hold and pose:
        raise fail(f"{where}.pose", "a hold keeps the pose; move in the step before")
    if first and not pose:
        raise fail(f"{where}.pose", "the starting position needs a pose")
    if first and "cue" not in raw:
        raise fail(f"{where}.cue", "the starting position needs a caption")
    return Step(
        duration=float(number(raw, "duration", where, None, 0.1, 30.0)),
        ease=choice(raw, "ease", where, EASES, "in-out"),
        pose=pose,
        hold=hold,
        cues=parse_cues(raw["cue"], f"{where}.cue", reps) if "cue" in raw else (),
        view=choice(raw, "view", where, tuple(VIEWS), None) if "view" in raw else None,
    )


def parse_reaches(raw: object, where: str) -> dict[str, Reach]:
    """The [reach] table: which hands and feet go to the mat, a body point or a prop."""
    if not isinstance(raw, dict):
        raise fail(where, "must be a table of limbs")
    out = {}
    for limb, table in raw.items():
        here = f"{where}.{limb}"
        if limb not in REACHING:
            raise fail(here, f"unknown limb (known: {', '.join(REACHING)})")
        if not isinstance(table, dict) or set(table) - {"target", "offset"}:
            raise fail(here, "must be a table with target and offset")
        target = table.get("target")
        if not isinstance(target, str) or not (
            target == "mat" or target in PROP_POINTS or target in BONES
        ):
            raise fail(f"{here}.target", f"{target!r} is not mat, a prop point or a bone name")
        offset = table.get("offset", [0.0, 0.0, 0.0])
        if not (
            isinstance(offset, list)
            and len(offset) == 3
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in offset)
        ):
            raise fail(f"{here}.offset", "must be [x, y, z] in metres")
        out[limb] = Reach(target, tuple(float(v) for v in offset))
    return out


def parse_groups(raw: object, where: str) -> tuple[str, ...]:
    """A list of contact patch names (hand_l, knee_r, pelvis, shoulders, ...)."""
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise fail(where, "must be a list of contact patch names")
    unknown = [name for name in raw if name not in PATCH_NAMES]
    if unknown:
        raise fail(where, f"unknown patch {unknown[0]!r} (known: {', '.join(PATCH_NAMES)})")
    return tuple(raw)
