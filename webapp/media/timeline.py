"""A motion laid out in time: eased poses, the overlay state and the caption cues."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from webapp.media.keyframes import LANGUAGES, Reach, Step
from webapp.media.motion import Motion
from webapp.media.skeleton import ANGLES, LIMBS, opposite

# Every pose holds every channel: angles start at 0 (standing straight, arms hanging) and
# reach weights at 1 (a limb listed in [ik] reaches unless a pose fades it out).
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
    """The same pose done with the other side of the body."""
    out = {opposite(name): value for name, value in pose.items()}
    if "legs_roll" in out:
        out["legs_roll"] = -out["legs_roll"]
    return out


class Timeline:
    """Segments, caption cues and per-instant poses for one motion."""

    def __init__(self, motion: Motion) -> None:
        """Lay the steps out one after another: start, repetitions (per side), end."""
        self.motion = motion
        self.segments: list[Segment] = []
        self._cues: list[tuple[float, dict[str, str]]] = []
        pose = {name: 0.0 for name in ANGLES} | {f"ik_{limb}": 1.0 for limb in LIMBS}
        pose = self._add(motion.start, pose, rep=0, side=0, starting=True)
        for side in range(motion.sides):
            if side == 1 and motion.between is not None:
                # Between the sides: already the second side's posture, no counter.
                pose = self._add(motion.between, pose, rep=0, side=1)
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
        change = mirror_pose(step.pose) if side and self.motion.mirror == "swap" else step.pose
        after = dict(pose)
        for name, value in change.items():
            if name.startswith("ik_"):
                after[name] = value
            else:
                # Take the short way round, so a full turn of an arm or crank keeps going.
                after[name] = pose[name] + (value - pose[name] + 180.0) % 360.0 - 180.0
        before = after if starting else pose
        self.segments.append(
            Segment(start, start + step.duration, step.ease, before, after, step.hold, rep, side)
        )
        # The first cue that applies to this repetition is the one shown.
        cue = next((c for c in step.cues if c.reps is None or rep in c.reps), None)
        if cue is not None:
            seconds = f"{step.duration:g}"
            texts = {lang: getattr(cue, lang).replace("{seconds}", seconds) for lang in LANGUAGES}
            self._cues.append((start, texts))
        return after

    def segment_at(self, t: float) -> Segment:
        """The segment playing at time t (clamped to the video)."""
        index = bisect.bisect_right(self._starts, t) - 1
        return self.segments[min(max(index, 0), len(self.segments) - 1)]

    def pose_at(self, t: float) -> dict[str, float]:
        """Every channel's value at time t, eased within its segment."""
        segment = self.segment_at(t)
        span = segment.end - segment.start
        x = EASING[segment.ease](min(max((t - segment.start) / span, 0.0), 1.0))
        return {k: v + (segment.after[k] - v) * x for k, v in segment.before.items()}

    def reaches(self, side: int) -> dict[str, Reach]:
        """The [ik] rules for a side (the other side's limbs when sides are swapped)."""
        if side == 0 or self.motion.mirror != "swap":
            return dict(self.motion.ik)
        return {
            opposite(limb): Reach(opposite(rule.target), rule.offset, rule.angle)
            for limb, rule in self.motion.ik.items()
        }

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
