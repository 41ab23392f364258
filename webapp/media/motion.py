"""Loading and checking motion files: the keyframes a demonstration video is drawn from.

``webapp/catalogue/motions/<slug>.toml`` describes one video::

    position = "supine"     # supine | prone | side | hands-knees | standing | bike | water
    anchor = "shoulder"     # body point that stays put (default "hip")
    follow_ground = false   # true: lift the figure every frame so it stands on the floor
    reps = 2                # repetitions shown (per side when per_side)
    per_side = false        # true: the repetitions are shown for one side, then the other
    mirror = "swap"         # per side: "swap" near/far limbs, or "flip" the picture
    counter = true          # show the language-neutral "1 / 2" repetition counter
    floor_speed = 0         # world units a second the floor marks scroll (walking)
    poster = 9.5            # optional: second shown on the poster (default: mid-hold)

    [foreshorten]           # optional: segments pointing at the camera look shorter
    shin = 0.3              # upper_arm forearm hand thigh shin foot (+ _near / _far)

    [ik.leg_near]           # optional: a limb that reaches for a point (arm_/leg_ near/far)
    target = "fixed"        # "fixed" (on the floor where the first frame puts it), a body
    offset = [0, 0]         # point such as "knee_far", or pedal_near/far or handlebar
    angle = -10             # optional: the hand or foot keeps this world direction

    [start]                 # the starting position, shown first; its pose is complete
    duration = 3
    pose = { hip = 50, knee = 100, ankle = 40 }
    cue = { nl = "Lig op uw rug", en = "Lie on your back" }

    [[rep]]                 # the steps of one repetition, played ``reps`` times
    duration = 2            # seconds to move from the previous pose to this one
    ease = "in-out"         # in-out (default) | linear | in | out
    pose = { pelvis = -5 }  # joints that change; the others keep their angle
    hold = false            # true: a hold with a countdown; the pose may not change
    cue = { nl = "Kantel uw bekken", en = "Tilt your pelvis" }

    [switch]                # optional step between the sides (per_side only)
    [end]                   # optional closing step

Angles are degrees, flexion positive (see ``skeleton.RANGES``); a name without ``_near`` or
``_far`` sets both sides. ``ik_<limb>`` channels (0..1) in a pose fade a limb's reach in and
out. A cue shows from the start of its step until the next cue; ``{seconds}`` becomes the
step's duration, and ``reps = [1]`` in a cue limits it to those repetitions. ``cue`` may be
a list of such tables: the first that applies to the repetition is shown.

The other side swaps every ``_near`` and ``_far`` name (and lowers the knees the other
way); ``mirror = "flip"`` mirrors the picture instead (for the side plank, which is seen
from the front). A change of more than 180 degrees between two poses goes the short way
round, so swimming arms and bicycle cranks can keep turning.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from webapp.media.errors import MotionError
from webapp.media.keyframes import (
    POINTS,
    PROP_POINTS,
    Reach,
    Step,
    at,
    choice,
    fail,
    flag,
    number,
    parse_foreshorten,
    parse_reaches,
    parse_step,
)
from webapp.media.skeleton import opposite

POSITIONS = ("supine", "prone", "side", "hands-knees", "standing", "bike", "water")
TOP_KEYS = {
    "position",
    "anchor",
    "follow_ground",
    "reps",
    "per_side",
    "mirror",
    "counter",
    "floor_speed",
    "poster",
    "foreshorten",
    "ik",
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
    position: str
    anchor: str
    follow_ground: bool
    reps: int
    per_side: bool
    mirror: str
    counter: bool
    floor_speed: float
    poster: float | None
    foreshorten: dict[str, float]
    ik: dict[str, Reach]
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


def _check_support(position: str, anchor: object, ik: dict[str, Reach], top: str) -> None:
    """Bike points need a bike, planted hands and feet a floor, and a rider sits by the hip."""
    for limb, rule in ik.items():
        if rule.target in PROP_POINTS and position != "bike":
            raise fail(at(top, f"ik.{limb}.target"), f"{rule.target} needs position = bike")
        if rule.target == "fixed" and position in ("bike", "water"):
            raise fail(at(top, f"ik.{limb}.target"), "fixed needs a floor to stand on")
    if position == "bike" and anchor != "hip":
        raise fail(at(top, "anchor"), "a rider sits on the saddle: use hip")


def parse_motion(raw: dict, source: str) -> Motion:
    """Check a parsed motion file; ``source`` is its file name (``<slug>.toml``)."""
    top = f"{source}:"
    unknown = set(raw) - TOP_KEYS
    if unknown:
        raise fail(at(top, sorted(unknown)[0]), "unknown key")
    per_side = flag(raw, "per_side", top, False)
    mirror = choice(raw, "mirror", top, ("swap", "flip"), "swap")
    position = choice(raw, "position", top, POSITIONS, None)
    reps = int(number(raw, "reps", top, None, 1, 30))
    if reps * (2 if per_side else 1) < 2:
        raise fail(f"{source}: reps", "show at least 2 repetitions (or 1 per side)")
    if not isinstance(raw.get("rep"), list) or not raw["rep"]:
        raise fail(f"{source}: rep", "needs at least one [[rep]] step")
    if "switch" in raw and not per_side:
        raise fail(f"{source}: switch", "a [switch] step needs per_side = true")
    ik = parse_reaches(raw.get("ik", {}), f"{source}: ik")
    _check_support(position, raw.get("anchor", "hip"), ik, top)
    limbs = set(ik) | ({opposite(limb) for limb in ik} if per_side and mirror == "swap" else set())

    def step(key: str, first: bool = False) -> Step | None:
        """The named single step, if the file has one."""
        if key not in raw and not first:
            return None
        return parse_step(raw.get(key), f"{source}: {key}", reps, limbs, first)

    motion = Motion(
        slug=Path(source).stem,
        position=position,
        anchor=choice(raw, "anchor", top, POINTS, "hip"),
        follow_ground=flag(raw, "follow_ground", top, False),
        reps=reps,
        per_side=per_side,
        mirror=mirror,
        counter=flag(raw, "counter", top, True),
        floor_speed=float(number(raw, "floor_speed", top, 0.0, 0.0, 1000.0)),
        poster=None,
        foreshorten=parse_foreshorten(raw.get("foreshorten", {}), f"{source}: foreshorten"),
        ik=ik,
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
