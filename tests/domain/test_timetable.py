"""A change of training days or reminder time holds from its first day; earlier days keep theirs."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from webapp.domain.schedule import mask_from_weekdays
from webapp.domain.timetable import Schedule, Timetable

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EVERY_DAY = Schedule(0b1111111, time(8, 0))
MON_WED_FRI = Schedule(mask_from_weekdays([0, 2, 4]), time(18, 0))
NEXT_MONDAY = date(2026, 11, 30)
# Changed on Wednesday 25 November, from Monday 30 November.
TABLE = Timetable(EVERY_DAY, ((NEXT_MONDAY, MON_WED_FRI),))


def test_the_days_before_the_change_keep_the_schedule_they_had():
    assert TABLE.on(date(2026, 11, 25)) == EVERY_DAY
    assert TABLE.on(date(2026, 11, 29)) == EVERY_DAY
    assert TABLE.is_training_day(date(2026, 11, 28))  # a Saturday, still a training day


def test_from_its_first_day_the_change_holds():
    assert TABLE.on(NEXT_MONDAY) == MON_WED_FRI
    assert TABLE.on(date(2027, 3, 1)) == MON_WED_FRI
    assert not TABLE.is_training_day(date(2026, 12, 1))  # Tuesday is no longer one
    assert TABLE.is_training_day(date(2026, 12, 2))


def test_the_latest_change_started_by_a_day_is_the_one_that_holds():
    later = Schedule(mask_from_weekdays([1]), time(9, 0))
    table = Timetable(EVERY_DAY, ((NEXT_MONDAY, MON_WED_FRI), (date(2026, 12, 14), later)))
    assert table.on(date(2026, 12, 13)) == MON_WED_FRI
    assert table.on(date(2026, 12, 14)) == later
    assert table.coming(date(2026, 12, 1)) == [(date(2026, 12, 14), later)]
    assert table.coming(date(2026, 12, 14)) == []


def test_reminders_follow_the_old_schedule_until_the_change_and_the_new_one_from_it():
    # Saturday 28 November 08:00 in Amsterdam, by the old schedule.
    saturday = datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    sunday = datetime(2026, 11, 29, 7, 0, tzinfo=UTC)
    assert TABLE.next_reminder(saturday, AMSTERDAM) == sunday
    # After Sunday's, the next is Monday 18:00 (17:00 UTC): the new schedule's time.
    after_sunday = TABLE.next_reminder(
        datetime(2026, 11, 29, 7, 0, tzinfo=UTC), AMSTERDAM, after_day=date(2026, 11, 29)
    )
    assert after_sunday == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    # After Monday's, Tuesday is skipped: Wednesday 18:00.
    after_monday = TABLE.next_reminder(after_sunday, AMSTERDAM, after_day=NEXT_MONDAY)
    assert after_monday == datetime(2026, 12, 2, 17, 0, tzinfo=UTC)


def test_a_change_to_fewer_days_never_skips_past_its_first_day():
    # Old: Mondays only at 08:00; new from Thursday: Thursdays at 18:00.
    table = Timetable(
        Schedule(mask_from_weekdays([0]), time(8, 0)),
        ((date(2026, 11, 26), Schedule(mask_from_weekdays([3]), time(18, 0))),),
    )
    wednesday = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    assert table.next_reminder(wednesday, AMSTERDAM) == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_no_reminder_before_the_plans_start():
    wednesday = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    found = TABLE.next_reminder(wednesday, AMSTERDAM, earliest_day=date(2026, 12, 1))
    assert found == datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
