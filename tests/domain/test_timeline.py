"""Timeline checkpoints from the onset date (CLINICAL.md, "Timeline")."""

from datetime import date, timedelta

from webapp.domain.timeline import Checkpoint, checkpoints, weeks_since

ONSET = date(2026, 1, 1)


def at(weeks: int, days: int = 0) -> date:
    return ONSET + timedelta(weeks=weeks, days=days)


def test_weeks_are_counted_from_the_onset():
    assert weeks_since(ONSET, ONSET) == 0
    assert weeks_since(ONSET, at(2, 6)) == 2
    assert weeks_since(ONSET, ONSET - timedelta(days=3)) == 0


def test_nothing_in_the_first_three_weeks_whatever_happens():
    assert checkpoints(ONSET, at(2, 6), activity_rising=False, improving=False) == []


def test_after_three_weeks_without_a_rise_in_activity_the_physio_reviews():
    assert checkpoints(ONSET, at(3), activity_rising=False, improving=True) == [
        Checkpoint.PHYSIO_REVIEW
    ]
    assert checkpoints(ONSET, at(3), activity_rising=True, improving=True) == []


def test_after_four_weeks_without_improvement_talk_to_the_gp_about_the_step_plan():
    assert checkpoints(ONSET, at(4), activity_rising=True, improving=False) == [
        Checkpoint.GP_STEP_PLAN
    ]
    assert checkpoints(ONSET, at(3, 6), activity_rising=True, improving=False) == []


def test_after_twelve_weeks_information_on_chronic_pain_care():
    assert checkpoints(ONSET, at(12), activity_rising=True, improving=True) == [
        Checkpoint.CHRONIC_CARE
    ]


def test_most_pressing_first():
    assert checkpoints(ONSET, at(13), activity_rising=False, improving=False) == [
        Checkpoint.CHRONIC_CARE,
        Checkpoint.GP_STEP_PLAN,
        Checkpoint.PHYSIO_REVIEW,
    ]


def test_no_onset_or_an_onset_in_the_future_gives_nothing():
    assert checkpoints(None, at(20), activity_rising=False, improving=False) == []
    assert checkpoints(at(5), at(1), activity_rising=False, improving=False) == []
