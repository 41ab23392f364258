"""Adherence, defined once: how much of a planned session a day's log shows was done.

The dashboard, the progress page, the week close and the CSV export all count with these
two functions, so their numbers agree. A session counts in full when it was logged as done
and every amount logged reached the bar of the build-up (90 % of what was asked). "Part of
it" is never a full session, whatever the amounts; without amounts it is partial, not
"0 of N" either, because nobody knows the amounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from webapp.domain.progression import SESSION_MET


class Share(StrEnum):
    """How much of a planned session a log shows: all of it, part of it, or nothing."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


def session_share(status: str | None, amounts: Iterable[tuple[int | None, int | None]]) -> Share:
    """The share of a session from its status and its (amount, asked) pairs.

    ``status`` is done, partial, skipped or None (not logged). A pair whose amount or quota
    is unknown says nothing about the amounts; the status speaks for it.
    """
    if status is None or status == "skipped":
        return Share.NONE
    if status != "done":
        return Share.PARTIAL
    fractions = [done / asked for done, asked in amounts if done is not None and asked]
    return Share.FULL if all(f >= SESSION_MET for f in fractions) else Share.PARTIAL


@dataclass(frozen=True)
class Adherence:
    """Planned sessions in a window: how many were done in full and how many in part."""

    planned: int
    full: int
    partial: int = 0

    @property
    def percent(self) -> int:
        """Sessions done in full per planned session, as a whole percentage."""
        return round(100 * self.full / self.planned) if self.planned else 0


def count_shares(planned: int, shares: Iterable[Share]) -> Adherence:
    """The adherence of a window from its number of planned sessions and their shares."""
    found = list(shares)
    return Adherence(
        planned=planned,
        full=found.count(Share.FULL),
        partial=found.count(Share.PARTIAL),
    )
