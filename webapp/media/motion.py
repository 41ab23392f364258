"""Loading and checking motion files: the keyframes a demonstration video is drawn from.

``webapp/catalogue/motions/<slug>.toml`` describes one video::

    position = "supine"     # supine | prone | side | hands-knees | standing | bike | water | pool
    reps = 2                # repetitions shown (per side when per_side)
    per_side = false        # true: the repetitions are shown for one side, then the other
    counter = true          # show the language-neutral "1 / 2" repetition counter
    poster = 9.5            # optional: second shown on the poster (default: mid first hold)
    view = "three-quarter"  # the camera at the start: three-quarter | side | front
    highlight = true        # a warm glow on the limbs that move
    level = [["shoulders"], ["pelvis", "foot_l", "foot_r"]]  # two groups turned to rest level
    support = ["head"]      # more patches whose lowest point touches the mat
    anchor = "shoulders"    # a patch that keeps its place on the mat
    head_rests = true       # the neck bends so the head lies on the mat
    shins_rest = true       # a kneeling or lying leg bends so its foot stays out of the mat
    height = 0.9            # instead of resting: the pelvis joint's height (bike, water)
    water = 1.25            # height of a water surface (pool, water)
    travel = "stride"       # walking: the standing foot stays put and the body moves on
    bike = true             # an exercise bike (its pedals turn with the crank channel)

    [reach.hand_l]          # a hand or foot reaching for a point (hand_l/r, foot_l/r)
    target = "mat"          # "mat": planted flat where the starting pose puts it, or a
    offset = [0, 0, 0]      # bone such as "lowerleg01.R" with an offset in metres (rest
                            # axes: x to the left, y backwards, z up), or pedal_l/handlebar_r

    [start]                 # the starting position, shown first; its pose is complete
    duration = 3
    pose = { hip = 50, knee = 100 }
    cue = { nl = "Lig op uw rug", en = "Lie on your back" }

    [[rep]]                 # the steps of one repetition, played ``reps`` times
    duration = 2            # seconds to move from the previous pose to this one
    ease = "in-out"         # in-out (default) | linear | in | out
    pose = { pelvis = -5 }  # joints that change; the others keep their angle
    hold = false            # true: a hold with a countdown; the pose may not change
    view = "side"           # optional: cut to another camera from this step on
    cue = { nl = "Kantel uw bekken", en = "Tilt your pelvis" }

    [switch]                # optional step between the sides (per_side only)
    [end]                   # optional closing step

Angles are degrees (see ``rig.RANGES``); a paired joint without ``_l`` or ``_r`` sets both
sides. ``reach_<limb>`` channels (0..1) in a pose fade a reach in and out. A cue shows from
the start of its step until the next cue; ``{seconds}`` becomes the step's duration, and
``reps = [1]`` in a cue limits it to those repetitions; ``cue`` may be a list of such tables.
Every cue must stay readable (see ``captions.readability``).

The other side swaps every ``_l`` and ``_r`` (joints, reaches, patches and bones) and turns
sideways channels the other way. A change of more than 180 degrees of a shoulder between two
poses goes the short way round, so swimming arms keep turning.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from webapp.media.camera import VIEWS
from webapp.media.errors import MotionError
from webapp.media.keyframes import (
    PROP_POINTS,
    Step,
    at,
    choice,
    fail,
    flag,
    number,
    parse_groups,
    parse_reaches,
    parse_step,
)
from webapp.media.staging import BASES, Setup, other_side

TOP_KEYS = {
    "position",
    "reps",
    "per_side",
    "counter",
    "poster",
    "view",
    "highlight",
    "level",
    "support",
    "anchor",
    "head_rests",
    "shins_rest",
    "height",
    "water",
    "travel",
    "bike",
    "reach",
    "start",
    "rep",
    "switch",
    "end",
}
MAX_SECONDS = 60.0


@dataclass(frozen=True)
class Motion:
    """A checked motion file."""

    slug: str
    setup: Setup
    reps: int
    per_side: bool
    counter: bool
    poster: float | None
    view: str
    highlight: bool
    water: float | None
    travel: str  # none | stride (walking) | glide (swimming)
    bike: bool
    start: Step
    rep: tuple[Step, ...]
    between: Step | None
    end: Step | None

    @property
    def sides(self) -> int:
        """How many sides the repetitions are shown for."""
        return 2 if self.per_side else 1

    @property
    def duration(self) -> float:
        """Length of the whole video in seconds."""
        steps = [self.start, *(self.rep * self.reps * self.sides), self.between, self.end]
        return sum(step.duration for step in steps if step is not None)


def _setup(raw: dict, top: str, position: str) -> Setup:
    """How the body meets the room: resting groups, anchor, reaching limbs."""
    setup = _contacts(raw, top, position)
    # Walking, cycling and the pool have no mat: feet stand on the floor itself.
    on_floor = raw.get("travel", "none") != "none" or position in ("pool", "bike", "water")
    return replace(setup, ground=0.0) if on_floor else setup


def _contacts(raw: dict, top: str, position: str) -> Setup:
    """How the body meets the room: resting groups, anchor, reaching limbs."""
    level = raw.get("level")
    if level is not None:
        if not isinstance(level, list) or len(level) != 2:
            raise fail(at(top, "level"), "must be two lists of contact patches")
        level = tuple(parse_groups(group, at(top, "level")) for group in level)
    reaches = parse_reaches(raw.get("reach", {}), at(top, "reach"))
    for limb, rule in reaches.items():
        if rule.target in PROP_POINTS and not raw.get("bike"):
            raise fail(at(top, f"reach.{limb}.target"), f"{rule.target} needs bike = true")
    anchor = raw.get("anchor")
    if anchor is not None:
        anchor = parse_groups([anchor], at(top, "anchor"))[0]
    height = raw.get("height")
    return Setup(
        position=position,
        support=parse_groups(raw.get("support", []), at(top, "support")),
        level=level,
        anchor=anchor,
        height=None if height is None else float(number(raw, "height", top, None, 0.0, 2.0)),
        head_rests=flag(raw, "head_rests", top, False),
        shins_rest=flag(raw, "shins_rest", top, False),
        reaches=reaches,
    )


def parse_motion(raw: dict, source: str) -> Motion:
    """Check a parsed motion file; ``source`` is its file name (``<slug>.toml``)."""
    top = f"{source}:"
    unknown = set(raw) - TOP_KEYS
    if unknown:
        raise fail(at(top, sorted(unknown)[0]), "unknown key")
    per_side = flag(raw, "per_side", top, False)
    position = choice(raw, "position", top, tuple(BASES), None)
    reps = int(number(raw, "reps", top, None, 1, 30))
    if reps * (2 if per_side else 1) < 2:
        raise fail(f"{source}: reps", "show at least 2 repetitions (or 1 per side)")
    if not isinstance(raw.get("rep"), list) or not raw["rep"]:
        raise fail(f"{source}: rep", "needs at least one [[rep]] step")
    if "switch" in raw and not per_side:
        raise fail(f"{source}: switch", "a [switch] step needs per_side = true")
    setup = _setup(raw, top, position)
    limbs = set(setup.reaches)
    if per_side:
        limbs |= {other_side(limb) for limb in limbs}

    def step(key: str, first: bool = False) -> Step | None:
        """The named single step, if the file has one."""
        if key not in raw and not first:
            return None
        return parse_step(raw.get(key), f"{source}: {key}", reps, limbs, first)

    water = raw.get("water")
    motion = Motion(
        slug=Path(source).stem,
        setup=setup,
        reps=reps,
        per_side=per_side,
        counter=flag(raw, "counter", top, True),
        poster=None,
        view=choice(raw, "view", top, tuple(VIEWS), "three-quarter"),
        highlight=flag(raw, "highlight", top, True),
        water=None if water is None else float(number(raw, "water", top, None, 0.0, 2.0)),
        travel=choice(raw, "travel", top, ("none", "stride", "glide"), "none"),
        bike=flag(raw, "bike", top, False),
        start=step("start", first=True),
        rep=tuple(
            parse_step(raw_step, f"{source}: rep[{i}]", reps, limbs, False)
            for i, raw_step in enumerate(raw["rep"])
        ),
        between=step("switch"),
        end=step("end"),
    )
    if motion.duration > MAX_SECONDS:
        raise fail(source, f"the video would last {motion.duration:g} s (at most {MAX_SECONDS:g})")
    if "poster" in raw:
        poster = number(raw, "poster", top, None, 0.0, motion.duration)
        motion = replace(motion, poster=float(poster))
    return motion


def load_motion(path: Path) -> Motion:
    """Read and check one motion file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise MotionError(f"{path.name}: cannot read: {error}") from error
    return parse_motion(raw, path.name)
