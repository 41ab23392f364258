"""Captions: WebVTT files and plain transcripts from a timeline's cues."""

from __future__ import annotations

from collections.abc import Sequence

Cue = tuple[float, float, str]


def timestamp(seconds: float) -> str:
    """A WebVTT timestamp, HH:MM:SS.mmm."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escape(text: str) -> str:
    """Cue text with the characters WebVTT reserves written as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def check_cues(cues: Sequence[Cue], duration: float) -> None:
    """Refuse cues that overlap, run backwards or end after the video."""
    previous_end = 0.0
    for start, end, text in cues:
        if not (previous_end - 1e-9 <= start < end <= duration + 1e-9):
            raise ValueError(f"cue {text!r} at {start:g}-{end:g} s is out of order or too long")
        if not text.strip() or "-->" in text:
            raise ValueError(f"cue at {start:g} s has no usable text")
        previous_end = end


def webvtt(cues: Sequence[Cue], duration: float) -> str:
    """A complete WebVTT file for cues within a video of ``duration`` seconds."""
    check_cues(cues, duration)
    blocks = ["WEBVTT"]
    for number, (start, end, text) in enumerate(cues, 1):
        blocks.append(f"{number}\n{timestamp(start)} --> {timestamp(end)}\n{_escape(text)}")
    return "\n\n".join(blocks) + "\n"


def transcript(cues: Sequence[Cue]) -> list[list]:
    """Cues as JSON-friendly [start, end, text] lists, times rounded to milliseconds."""
    return [[round(start, 3), round(end, 3), text] for start, end, text in cues]


# Readable captions: every cue stays at least MIN_SECONDS and asks no more than
# MAX_CPS characters a second of the viewer; safety cues get longer (see SAFETY_WORDS).
MIN_SECONDS = 1.5
MAX_CPS = 17.0
SAFETY_WORDS = ("pijn", "pain", "stop", "duizelig", "dizzy", "prettig", "comfortable")
SAFETY_SECONDS = 3.0


def is_safety_cue(text: str) -> bool:
    """A cue that warns or sets a limit (pain, stop, only as far as comfortable)."""
    lowered = text.lower()
    return any(word in lowered for word in SAFETY_WORDS)


def readability_problems(cues: Sequence[Cue]) -> list[str]:
    """Each cue that is shown too briefly or too fast to read, in words a writer can act on."""
    problems = []
    for start, end, text in cues:
        shown = end - start
        least = max(MIN_SECONDS, len(text) / MAX_CPS)
        if is_safety_cue(text):
            least = max(least, SAFETY_SECONDS)
        if shown + 1e-6 < least:
            problems.append(
                f"{text!r} at {start:g} s shows {shown:.2f} s; it needs {least:.2f} s "
                f"(at least {MIN_SECONDS:g} s, at most {MAX_CPS:g} characters a second"
                + (", longer for safety" if is_safety_cue(text) else "")
                + ")"
            )
    return problems
