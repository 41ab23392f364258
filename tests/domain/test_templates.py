"""Plan templates, as CLINICAL.md states them."""

from itertools import pairwise

from webapp.domain.schedule import weekdays_from_mask
from webapp.domain.templates import TEMPLATES


def test_the_strength_template_runs_twice_a_week_with_rest_days_between():
    days = sorted(weekdays_from_mask(TEMPLATES["strength"].weekdays))
    assert len(days) == 2
    assert all(later - earlier >= 2 for earlier, later in pairwise(days))
    assert 7 + days[0] - days[-1] >= 2  # also from the second day to next week's first


def test_the_build_up_adds_bird_dog_repetitions_a_few_at_a_time():
    bird_dog = next(i for i in TEMPLATES["build_up"].items if i.slug == "bird-dog")
    assert (bird_dog.sets, bird_dog.graded) == (1, True)
    assert 4 <= bird_dog.amount <= 6


def test_the_build_up_runs_three_times_a_week():
    assert len(list(weekdays_from_mask(TEMPLATES["build_up"].weekdays))) == 3
