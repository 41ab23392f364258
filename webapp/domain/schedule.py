"""When a reminder is due: a wall-clock time on chosen weekdays in the patient's zone.

DST rules: exactly one reminder per chosen local day. A time inside the spring-forward gap
is sent at the same wall time shifted forward by the gap (02:30 becomes 03:30); an
ambiguous autumn time is sent once, at its first occurrence. Python's ``fold=0`` gives
exactly this for both cases, so ``local_instant`` relies on it and the tests pin it down.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ALL_DAYS = 0b1111111
QUIET_HOURS_START = time(21, 30)
QUIET_HOURS_END = time(7, 30)
# A reminder chosen inside the quiet hours still gets this long to be delivered.
LATE_REMINDER_GRACE = timedelta(hours=1)


def mask_from_weekdays(days: Iterable[int]) -> int:
    """Bit mask from ISO-style weekday numbers 0 (Monday) .. 6 (Sunday)."""
    mask = 0
    for day in days:
        if not 0 <= day <= 6:
            raise ValueError(f"weekday {day} is not 0..6")
        mask |= 1 << day
    return mask


def weekdays_from_mask(mask: int) -> list[int]:
    """Weekday numbers 0 (Monday) .. 6 (Sunday) set in a mask."""
    return [day for day in range(7) if mask & (1 << day)]


def is_chosen_day(mask: int, day: date) -> bool:
    """True when the mask includes the date's weekday."""
    return bool(mask & (1 << day.weekday()))


def zone_or_none(name: str) -> ZoneInfo | None:
    """The IANA zone of that name, or None when it does not exist."""
    if not name or name not in _zone_names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


_ZONES: frozenset[str] | None = None


def _zone_names() -> frozenset[str]:
    """All IANA zone names known to this Python (cached; the set is fixed per process)."""
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def zone_names() -> list[str]:
    """All IANA zone names, sorted, for a picker."""
    return sorted(_zone_names())


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar date at that instant in the zone."""
    return instant.astimezone(zone).date()


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time on a local date (gap: shifted forward; fold: first)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def next_reminder(
    now: datetime,
    weekdays: int,
    at: time,
    zone: ZoneInfo,
    after_day: date | None = None,
    earliest_day: date | None = None,
) -> datetime:
    """The first reminder instant later than ``now`` on a chosen day.

    ``after_day``: the local day whose reminder was just handled; the next one is on a later
    day, which is what keeps an ambiguous autumn time from firing twice.
    ``earliest_day``: no reminder before this local day (a plan's start date).
    """
    if not weekdays & ALL_DAYS:
        raise ValueError("a reminder needs at least one weekday")
    day = local_date(now, zone)
    if after_day is not None:
        day = max(day, after_day + timedelta(days=1))
    if earliest_day is not None:
        day = max(day, earliest_day)
    for _ in range(15):
        if is_chosen_day(weekdays, day):
            instant = local_instant(day, at, zone)
            if instant > now:
                return instant
        day += timedelta(days=1)
    raise AssertionError("unreachable: a chosen weekday occurs within a week")


def in_quiet_hours(at: time, start: time, end: time) -> bool:
    """True when a wall-clock time falls in the quiet hours (which may wrap past midnight)."""
    if start <= end:
        return start <= at < end
    return at >= start or at < end


def send_deadline(
    day: date, at: time, zone: ZoneInfo, quiet_start: time = QUIET_HOURS_START
) -> datetime:
    """The instant after which a reminder for that local day is no longer sent (the evening)."""
    deadline = local_instant(day, quiet_start, zone)
    reminder = local_instant(day, at, zone)
    if reminder >= deadline:
        return reminder + LATE_REMINDER_GRACE
    return deadline
