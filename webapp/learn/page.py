"""An information page: sections of a heading and short paragraphs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A heading and its short paragraphs; optionally a number to call, as a button."""

    heading: object
    paragraphs: tuple[object, ...]
    call: str | None = None
    call_label: object = None


@dataclass(frozen=True)
class Page:
    """One information page: its address, title, one-line summary and sections."""

    slug: str
    title: object
    summary: object
    sections: tuple[Section, ...]
