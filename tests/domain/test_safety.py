"""Red-flag triage: one test per sign and per combination, as CLINICAL.md states them."""

import pytest

from webapp.domain.safety import (
    CAUDA_EQUINA,
    QUESTIONS,
    SEE_GP_SIGNS,
    AgeBand,
    Outcome,
    triage,
)

ADULT = AgeBand.FROM_20_TO_40


def only(*keys: str) -> dict[str, bool]:
    """Every question answered, 'yes' only for these."""
    return {q: q in keys for q in QUESTIONS}


def test_no_signs_is_clear():
    assert triage(only(), ADULT).outcome == Outcome.CLEAR


@pytest.mark.parametrize("sign", CAUDA_EQUINA)
def test_each_cauda_equina_sign_alone_is_urgent(sign):
    result = triage(only(sign), ADULT)
    assert (result.outcome, result.reasons) == (Outcome.URGENT, (sign,))


def test_a_known_aneurysm_is_urgent_at_any_age():
    assert triage(only("known_aneurysm"), AgeBand.UNDER_20).outcome == Outcome.URGENT


@pytest.mark.parametrize("age", [AgeBand.FROM_40_TO_50, AgeBand.OVER_50])
def test_sudden_severe_constant_pain_over_40_is_urgent(age):
    result = triage(only("sudden_severe_constant_pain"), age)
    assert result.outcome == Outcome.URGENT


@pytest.mark.parametrize("age", [AgeBand.UNDER_20, AgeBand.FROM_20_TO_40])
def test_sudden_severe_constant_pain_under_40_is_for_the_gp_not_urgent(age):
    assert triage(only("sudden_severe_constant_pain"), age).outcome == Outcome.SEE_GP


@pytest.mark.parametrize("sign", SEE_GP_SIGNS)
def test_each_other_sign_means_discuss_with_the_gp(sign):
    result = triage(only(sign), ADULT)
    assert (result.outcome, result.reasons) == (Outcome.SEE_GP, (sign,))


def test_first_back_pain_after_50_means_discuss_with_the_gp():
    assert triage(only("first_episode"), AgeBand.OVER_50).reasons == ("first_after_50",)
    assert triage(only("first_episode"), AgeBand.FROM_40_TO_50).outcome == Outcome.CLEAR


def test_back_pain_starting_before_20_means_discuss_with_the_gp():
    assert triage(only(), AgeBand.UNDER_20).reasons == ("start_before_20",)


def test_urgent_wins_over_discuss_and_lists_every_urgent_sign():
    result = triage(only("night_pain", "saddle_numbness", "bladder_or_bowel"), AgeBand.OVER_50)
    assert result.outcome == Outcome.URGENT
    assert result.reasons == ("saddle_numbness", "bladder_or_bowel")


def test_several_gp_signs_are_all_named():
    result = triage(only("night_pain", "weight_loss", "first_episode"), AgeBand.OVER_50)
    assert result.reasons == ("night_pain", "weight_loss", "first_after_50")


def test_unanswered_questions_count_as_no():
    assert triage({"night_pain": True}, ADULT).outcome == Outcome.SEE_GP


def test_unknown_questions_are_a_programming_error():
    with pytest.raises(ValueError):
        triage({"headache": True}, ADULT)
