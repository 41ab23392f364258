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
