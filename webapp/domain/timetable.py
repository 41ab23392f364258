"""A plan's training days and reminder time over its life: which schedule holds on a day.

A physio changes the days or the time from a chosen date; the days before it keep the
schedule they had, so adherence, the today page and the reminders of the past never change.
The schedule a plan started with and every later change (from its first day) are kept as
they were made; the schedule on a day is the latest one that started on or before it. No
field says "the schedule now" and nothing is switched when a date arrives, so nothing can
drift: a scheduler that was down on the day, or two of them, read the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from webapp.domain.schedule import is_chosen_day, local_date, next_reminder


@dataclass(frozen=True)
class Schedule:
    """Training days (bit 0 is Monday) and the local reminder time."""

    weekdays: int
    reminder_time: time


@dataclass(frozen=True)
class Timetable:
    """The schedule a plan started with, and the later ones by their first day (sorted)."""

    first: Schedule
    changes: tuple[tuple[date, Schedule], ...] = ()

    def on(self, day: date) -> Schedule:
        """The schedule that holds on a local day: the latest one started by then."""
        found = self.first
        for starts_on, schedule in self.changes:
            if starts_on > day:
                break
            found = schedule
        return found

    def is_training_day(self, day: date) -> bool:
        """True when the day is a training day under the schedule that holds on it."""
        return is_chosen_day(self.on(day).weekdays, day)

    def coming(self, today: date) -> list[tuple[date, Schedule]]:
        """The changes that start after today, first first."""
        return [(day, schedule) for day, schedule in self.changes if day > today]

    def next_reminder(
        self,
        now: datetime,
        zone: ZoneInfo,
        after_day: date | None = None,
        earliest_day: date | None = None,
    ) -> datetime:
        """The first reminder later than ``now``, by the schedule of the day it falls on."""
        periods = _periods(self)
        for index, (starts_on, schedule) in enumerate(periods):
            ends_before = periods[index + 1][0] if index + 1 < len(periods) else None
            if ends_before is not None and ends_before <= _first_day(now, zone, after_day):
                continue  # this schedule ended before the next day that can have a reminder
            floor = starts_on if earliest_day is None else max(starts_on, earliest_day)
            found = next_reminder(
                now,
                schedule.weekdays,
                schedule.reminder_time,
                zone,
                after_day=after_day,
                earliest_day=floor,
            )
            if ends_before is None or local_date(found, zone) < ends_before:
                return found
        raise AssertionError("unreachable: the last schedule has no end")


def _first_day(now: datetime, zone: ZoneInfo, after_day: date | None) -> date:
    """The first local day that can still have a reminder."""
    day = local_date(now, zone)
    return day if after_day is None else max(day, after_day + timedelta(days=1))


def _periods(table: Timetable) -> Sequence[tuple[date, Schedule]]:
    """Each schedule with its first day; the first one holds from the beginning of time."""
    return [(date.min, table.first), *table.changes]
