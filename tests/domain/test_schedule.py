"""Reminder timing: a wall-clock time on chosen weekdays, once per local day, through DST."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from webapp.domain.schedule import (
    ALL_DAYS,
    local_instant,
    mask_from_weekdays,
    next_reminder,
    send_deadline,
    weekdays_from_mask,
    zone_or_none,
)

AMS = ZoneInfo("Europe/Amsterdam")
MON_WED_FRI = mask_from_weekdays([0, 2, 4])


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_weekday_mask_round_trips():
    assert weekdays_from_mask(MON_WED_FRI) == [0, 2, 4]
    assert mask_from_weekdays(range(7)) == ALL_DAYS
    with pytest.raises(ValueError):
        mask_from_weekdays([7])


def test_reminder_at_eight_in_amsterdam_winter_is_seven_utc():
    assert local_instant(date(2026, 11, 25), time(8), AMS) == utc(2026, 11, 25, 7)


def test_reminder_at_eight_in_amsterdam_summer_is_six_utc():
    assert local_instant(date(2026, 6, 10), time(8), AMS) == utc(2026, 6, 10, 6)


def test_time_in_spring_gap_is_shifted_forward_by_the_gap():
    # 02:30 does not exist on 2026-03-29 in Amsterdam; it is sent at 03:30 CEST.
    instant = local_instant(date(2026, 3, 29), time(2, 30), AMS)
    assert instant == utc(2026, 3, 29, 1, 30)
    assert instant.astimezone(AMS).strftime("%H:%M %Z") == "03:30 CEST"


def test_ambiguous_autumn_time_is_its_first_occurrence():
    instant = local_instant(date(2026, 10, 25), time(2, 30), AMS)
    assert instant == utc(2026, 10, 25, 0, 30)
    assert instant.astimezone(AMS).strftime("%H:%M %Z") == "02:30 CEST"


def test_next_reminder_today_when_time_not_yet_passed():
    now = utc(2026, 11, 25, 6, 59)  # Wednesday 07:59 in Amsterdam
    assert next_reminder(now, MON_WED_FRI, time(8), AMS) == utc(2026, 11, 25, 7)


def test_next_reminder_skips_unchosen_days():
    now = utc(2026, 11, 25, 7, 0)  # exactly the Wednesday reminder: the next one is Friday
    assert next_reminder(now, MON_WED_FRI, time(8), AMS) == utc(2026, 11, 27, 7)


def test_after_handling_a_day_the_next_is_on_a_later_day_even_in_the_autumn_fold():
    # Handled at the first 02:30; the second 02:30 an hour later must not fire again.
    first = utc(2026, 10, 25, 0, 30)
    nxt = next_reminder(first, ALL_DAYS, time(2, 30), AMS, after_day=date(2026, 10, 25))
    assert nxt == utc(2026, 10, 26, 1, 30)


def test_no_reminder_before_the_plan_starts():
    now = utc(2026, 11, 25, 6)
    nxt = next_reminder(now, ALL_DAYS, time(8), AMS, earliest_day=date(2026, 12, 1))
    assert nxt == utc(2026, 12, 1, 7)


def test_one_reminder_per_day_across_both_switches_in_2026():
    at = time(8)
    day = None
    now = utc(2026, 3, 20)
    sent = []
    while now < utc(2026, 11, 5):
        now = next_reminder(now, ALL_DAYS, at, AMS, after_day=day)
        day = now.astimezone(AMS).date()
        sent.append(now)
    days = [s.astimezone(AMS).date() for s in sent]
    assert len(days) == len(set(days))
    assert days == [date(2026, 3, 20) + timedelta(days=i) for i in range(len(days))]
    assert all(s.astimezone(AMS).time() == at for s in sent)


def test_deadline_is_the_local_evening():
    assert send_deadline(date(2026, 11, 25), time(8), AMS) == utc(2026, 11, 25, 20, 30)


def test_late_reminder_still_gets_an_hour():
    assert send_deadline(date(2026, 11, 25), time(22), AMS) == utc(2026, 11, 25, 22)


def test_unknown_zone_is_none():
    assert zone_or_none("Mars/Olympus") is None
    assert zone_or_none("") is None
    assert zone_or_none("America/New_York") == ZoneInfo("America/New_York")


def test_quiet_hours_wrap_past_midnight():
    from webapp.domain.schedule import in_quiet_hours

    assert in_quiet_hours(time(22), time(21, 30), time(7, 30))
    assert in_quiet_hours(time(3), time(21, 30), time(7, 30))
    assert not in_quiet_hours(time(7, 30), time(21, 30), time(7, 30))
    assert not in_quiet_hours(time(18, 30), time(21, 30), time(7, 30))
    assert in_quiet_hours(time(13), time(12), time(14))  # a quiet lunch break


def test_the_deadline_follows_the_chosen_quiet_hours():
    assert send_deadline(date(2026, 11, 25), time(8), AMS, time(20)) == utc(2026, 11, 25, 19)
