"""Back to the exercises after an urgent outcome: the resume rule, as CLINICAL.md states it."""

from datetime import date

import pytest

from webapp.domain.resume import (
    ConfirmedBy,
    Problem,
    SeenBy,
    Statement,
    after_confirmation,
    statement_problems,
)

CHECK_DAY = date(2026, 11, 25)
TODAY = date(2026, 11, 27)


def stated(**changes) -> list[Problem]:
    """The problems of a statement: seen by the GP yesterday and cleared, unless changed."""
    values = {"seen_by": SeenBy.GP, "seen_on": date(2026, 11, 26), "may_exercise": True}
    return statement_problems(Statement(**(values | changes)), check_day=CHECK_DAY, today=TODAY)


def test_a_bare_tick_is_not_enough():
    bare = Statement(seen_by=None, seen_on=None, may_exercise=True)
    assert statement_problems(bare, check_day=CHECK_DAY, today=TODAY) == [
        Problem.WHO,
        Problem.WHEN,
    ]


def test_the_patient_states_who_saw_them_when_and_that_they_may_exercise():
    assert stated() == []
    assert stated(seen_on=CHECK_DAY) == []
    assert stated(seen_by=SeenBy.OUT_OF_HOURS, seen_on=TODAY) == []


def test_a_visit_before_the_check_does_not_count():
    assert stated(seen_on=date(2026, 11, 24)) == [Problem.BEFORE_CHECK]


def test_a_day_still_to_come_does_not_count():
    assert stated(seen_on=date(2026, 11, 28)) == [Problem.IN_FUTURE]


def test_without_the_doctors_all_clear_the_exercises_wait():
    assert stated(may_exercise=False) == [Problem.NOT_CLEARED]


def test_the_physio_confirming_resumes_the_plan():
    result = after_confirmation(ConfirmedBy.PHYSIO, has_physio=True)
    assert result.resume and not result.tell_physio


@pytest.mark.parametrize("has_physio", [True, False])
def test_the_patients_statement_resumes_and_the_physio_is_told_and_may_pause_again(has_physio):
    result = after_confirmation(ConfirmedBy.PATIENT, has_physio=has_physio)
    assert result.resume
    assert result.tell_physio == result.physio_may_pause_again == has_physio
