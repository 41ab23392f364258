"""Checking the parts of a motion file: poses, steps, captions and reaching limbs.

Every check raises a MotionError that names the file and the field (see motion.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.media.errors import MotionError
from webapp.media.skeleton import LIMB_JOINTS, LIMBS, RANGES, SEGMENTS, SIDES

EASES = ("in-out", "linear", "in", "out")
LANGUAGES = ("nl", "en")
POINTS = (
    "hip",
    "lumbar",
    "neck",
    "head",
    "shoulder",
    *(f"{part}_{side}" for part in ("elbow", "wrist", "knee", "ankle", "toe") for side in SIDES),
)
PROP_POINTS = ("pedal_near", "pedal_far", "handlebar")
STEP_KEYS = {"duration", "ease", "pose", "hold", "cue"}


@dataclass(frozen=True)
class Cue:
    """A caption in both languages, optionally limited to some repetitions."""

    nl: str
    en: str
    reps: tuple[int, ...] | None


@dataclass(frozen=True)
class Step:
    """One move (or hold) of the figure: where it goes, how long it takes, what it says."""

    duration: float
    ease: str
    pose: dict[str, float]
    hold: bool
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class Reach:
    """A limb that reaches for a point: "fixed", a body point or a bike point."""

    target: str
    offset: tuple[float, float]
    angle: float | None = None  # world direction (degrees) the hand or foot keeps


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


def parse_pose(raw: object, where: str, ik_limbs: set[str]) -> dict[str, float]:
    """Joint angles (both sides for a name without _near/_far) and reach weights."""
    if not isinstance(raw, dict):
        raise fail(where, "must be a table of joint angles")
    pose: dict[str, float] = {}
    for name, value in raw.items():
        names = [f"{name}_{side}" for side in SIDES] if name in LIMB_JOINTS else [name]
        if name.startswith("ik_"):
            limbs = [name[3:]] if name[3:] in LIMBS else [f"{name[3:]}_{s}" for s in SIDES]
            if not set(limbs) <= ik_limbs:
                raise fail(f"{where}.{name}", "unknown reach: add the limb to [ik] first")
            names, low, high = [f"ik_{limb}" for limb in limbs], 0.0, 1.0
        else:
            joint = name.rsplit("_", 1)[0] if name.endswith(("_near", "_far")) else name
            if joint not in RANGES:
                known = ", ".join(sorted(RANGES))
                raise fail(f"{where}.{name}", f"unknown joint (known: {known}, +_near/_far)")
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


def parse_step(raw: object, where: str, reps: int, ik_limbs: set[str], first: bool) -> Step:
    """One step; the starting step needs a pose and a cue."""
    if not isinstance(raw, dict):
        raise fail(where, "must be a table")
    unknown = set(raw) - STEP_KEYS
    if unknown:
        raise fail(f"{where}.{sorted(unknown)[0]}", "unknown key")
    pose = parse_pose(raw.get("pose", {}), f"{where}.pose", ik_limbs)
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
    )


def parse_reaches(raw: object, where: str) -> dict[str, Reach]:
    """The [ik] table: which limbs reach for which point."""
    if not isinstance(raw, dict):
        raise fail(where, "must be a table of limbs")
    out = {}
    for limb, table in raw.items():
        here = f"{where}.{limb}"
        if limb not in LIMBS:
            raise fail(here, f"unknown limb (known: {', '.join(LIMBS)})")
        if not isinstance(table, dict) or set(table) - {"target", "offset", "angle"}:
            raise fail(here, "must be a table with target, offset and angle")
        target = choice(table, "target", here, ("fixed", *POINTS, *PROP_POINTS), None)
        offset = table.get("offset", [0, 0])
        if not (
            isinstance(offset, list)
            and len(offset) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in offset)
        ):
            raise fail(f"{here}.offset", "must be [x, y] in world units")
        angle = number(table, "angle", here, 0.0, -180.0, 180.0) if "angle" in table else None
        out[limb] = Reach(target, (float(offset[0]), float(offset[1])), angle)
    return out


def parse_foreshorten(raw: object, where: str) -> dict[str, float]:
    """Per-segment length factors for segments that point at the camera."""
    if not isinstance(raw, dict):
        raise fail(where, "must be a table of segment factors")
    out = {}
    for name, value in raw.items():
        names = [f"{name}_{side}" for side in SIDES] if name in SEGMENTS else [name]
        if names[0].rsplit("_", 1)[0] not in SEGMENTS:
            raise fail(f"{where}.{name}", f"unknown segment (known: {', '.join(SEGMENTS)})")
        factor = number({name: value}, name, where, None, 0.05, 1.0)
        out.update(dict.fromkeys(names, float(factor)))
    return out
