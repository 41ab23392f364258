"""A motion laid out in time: eased poses, the overlay state and the caption cues."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from webapp.media.keyframes import LANGUAGES, REACHING, Step
from webapp.media.look import LIMBS
from webapp.media.motion import Motion
from webapp.media.rig import DEFAULTS, mirrored

# Every pose holds every channel: angles start at DEFAULTS (standing straight, arms hanging)
# and reach weights at 1 (a limb listed in [reach] reaches unless a pose fades it out).
EASING = {
    "linear": lambda x: x,
    "in": lambda x: x * x,
    "out": lambda x: 1 - (1 - x) ** 2,
    "in-out": lambda x: 0.5 - 0.5 * math.cos(math.pi * x),
}


@dataclass(frozen=True)
class Segment:
    """One step placed in time, with the full pose before and after it."""

    start: float
    end: float
    ease: str
    before: dict[str, float]
    after: dict[str, float]
    hold: bool
    rep: int  # 1-based repetition within the side; 0 before the first repetition
    side: int  # 0 or 1
    view: str  # the camera view shown during this step


@dataclass(frozen=True)
class Overlay:
    """What the language-neutral overlay shows at one instant."""

    rep: int  # 0: no counter; counts on over the second side
    reps: int  # repetitions over all sides
    side: int
    sides: int
    remaining: float | None  # seconds left in a hold
    hold: float  # length of that hold


def mirror_pose(pose: dict[str, float]) -> dict[str, float]:
    """The same pose done with the other side of the body (reach weights too)."""
    out = {}
    for name, value in mirrored(pose).items():
        if name.startswith("reach_"):
            limb = name[6:]
            name = f"reach_{limb[:-1]}{'r' if limb.endswith('l') else 'l'}"
        out[name] = value
    return out


# Limb joints whose movement makes a limb glow, and the smallest change that counts.
LIMB_CHANNELS = {
    "arm": ("shoulder", "shoulder_abd", "elbow"),
    "leg": ("hip", "hip_abd", "knee"),
}
MOVES = 12.0
GLOW_FADE = 0.5  # seconds for the glow to come and go


class Timeline:
    """Segments, caption cues and per-instant poses for one motion."""

    def __init__(self, motion: Motion) -> None:
        """Lay the steps out one after another: start, repetitions (per side), end."""
        self.motion = motion
        self.segments: list[Segment] = []
        self._cues: list[tuple[float, dict[str, str]]] = []
        self.view = motion.view
        pose = dict(DEFAULTS) | {f"reach_{limb}": 1.0 for limb in REACHING}
        pose = self._add(motion.start, pose, rep=0, side=0, starting=True)
        for side in range(motion.sides):
            if side == 1:
                # The second side starts from the mirror image of where the first ended, at
                # once: a cut, so no arm crosses over to the other side on screen.
                pose = mirror_pose(pose)
                if motion.between is not None:
                    pose = self._add(motion.between, pose, rep=0, side=1, starting=True)
            for rep in range(1, motion.reps + 1):
                for step in motion.rep:
                    pose = self._add(step, pose, rep=rep, side=side)
        if motion.end is not None:
            self._add(motion.end, pose, rep=motion.reps, side=motion.sides - 1)
        self.duration = self.segments[-1].end
        self._starts = [segment.start for segment in self.segments]

    def _add(self, step: Step, pose: dict, rep: int, side: int, starting: bool = False) -> dict:
        """Append one step; return the pose it ends in."""
        start = self.segments[-1].end if self.segments else 0.0
        change = mirror_pose(step.pose) if side else step.pose
        after = dict(pose)
        for name, value in change.items():
            if name.startswith(("shoulder_l", "shoulder_r", "crank")):
                # Take the short way round, so a swimming arm or a crank keeps turning.
                after[name] = pose[name] + (value - pose[name] + 180.0) % 360.0 - 180.0
            else:
                after[name] = value
        before = after if starting else pose
        self.view = step.view or self.view
        self.segments.append(
            Segment(
                start,
                start + step.duration,
                step.ease,
                before,
                after,
                step.hold,
                rep,
                side,
                self.view,
            )
        )
        # The first cue that applies to this repetition is the one shown.
        cue = next((c for c in step.cues if c.reps is None or rep in c.reps), None)
        if cue is not None:
            seconds = f"{step.duration:g}"
            texts = {lang: getattr(cue, lang).replace("{seconds}", seconds) for lang in LANGUAGES}
            self._cues.append((start, texts))
        return after

    def index_at(self, t: float) -> int:
        """Index of the segment playing at time t (clamped to the video)."""
        index = bisect.bisect_right(self._starts, t) - 1
        return min(max(index, 0), len(self.segments) - 1)

    def segment_at(self, t: float) -> Segment:
        """The segment playing at time t (clamped to the video)."""
        return self.segments[self.index_at(t)]

    def pose_at(self, t: float) -> dict[str, float]:
        """Every channel's value at time t, eased within its segment."""
        segment = self.segment_at(t)
        span = segment.end - segment.start
        x = EASING[segment.ease](min(max((t - segment.start) / span, 0.0), 1.0))
        return {k: v + (segment.after[k] - v) * x for k, v in segment.before.items()}

    def moving_limbs(self, index: int) -> tuple[float, ...]:
        """Per limb (arm_l, arm_r, leg_l, leg_r) 1.0 when the segment moves it noticeably.

        A hold keeps the glow of the move that led into it.
        """
        segment = self.segments[index]
        if segment.hold and index > 0:
            return self.moving_limbs(index - 1)
        out = []
        for limb in LIMBS:
            kind, side = limb.split("_")
            names = [f"{joint}_{side}" for joint in LIMB_CHANNELS[kind]]
            change = max(abs(segment.after[n] - segment.before[n]) for n in names)
            out.append(1.0 if change >= MOVES else 0.0)
        return tuple(out)

    def glow_at(self, t: float) -> tuple[float, ...]:
        """How strongly each limb glows at t: the moving limbs, faded in and out gently."""
        samples = [t - GLOW_FADE * i / 4 for i in range(5)]
        total = [0.0] * len(LIMBS)
        for when in samples:
            index = self.index_at(max(when, 0.0))
            total = [a + b for a, b in zip(total, self.moving_limbs(index), strict=True)]
        return tuple(value / len(samples) for value in total)

    def overlay_at(self, t: float) -> Overlay:
        """The counter and countdown at time t."""
        segment = self.segment_at(t)
        shown = self.motion.counter and segment.rep > 0
        remaining = max(segment.end - t, 0.0) if segment.hold else None
        # Counted over both sides ("3 / 4"), so one repetition a side never reads "1 / 1".
        return Overlay(
            rep=segment.rep + segment.side * self.motion.reps if shown else 0,
            reps=self.motion.reps * self.motion.sides,
            side=segment.side,
            sides=self.motion.sides,
            remaining=remaining,
            hold=segment.end - segment.start,
        )

    def cues(self, lang: str, duration: float | None = None) -> list[tuple[float, float, str]]:
        """Captions in one language as (start, end, text); a cue lasts until the next one."""
        end_of_video = self.duration if duration is None else duration
        out: list[tuple[float, float, str]] = []
        for i, (start, texts) in enumerate(self._cues):
            end = self._cues[i + 1][0] if i + 1 < len(self._cues) else end_of_video
            end = min(end, end_of_video)
            if out and out[-1][2] == texts[lang] and out[-1][1] == start:
                out[-1] = (out[-1][0], end, texts[lang])  # same words again: one longer cue
            elif end > start:
                out.append((start, end, texts[lang]))
        return out

    def poster_time(self) -> float:
        """The instant the poster shows: the file's choice, mid first hold, or mid first rep."""
        if self.motion.poster is not None:
            return self.motion.poster
        for segment in self.segments:
            if segment.hold:
                return (segment.start + segment.end) / 2
        reps = [segment for segment in self.segments if segment.rep == 1]
        return (reps[0].start + reps[-1].end) / 2
