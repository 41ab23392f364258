"""Red-flag triage: one test per sign, per route and per combination, as CLINICAL.md states them."""

import pytest

from webapp.domain.safety import (
    CAUDA_EQUINA,
    FOLLOW_UPS,
    HEALTH_SIGNS,
    QUESTIONS,
    SEE_GP_SIGNS,
    AgeBand,
    Outcome,
    Route,
    Triage,
    follow_ups_due,
    triage,
)

ADULT = AgeBand.FROM_20_TO_40


def only(*keys: str) -> dict[str, bool]:
    """Every question answered, 'yes' only for these (follow-ups only when named)."""
    return {q: q in keys for q in QUESTIONS} | {k: True for k in keys if k in FOLLOW_UPS}


def test_no_signs_is_clear():
    assert triage(only(), ADULT) == Triage(Outcome.CLEAR, (), None)


# --- possible cauda equina: the GP today, out of hours the huisartsenpost -----------------


@pytest.mark.parametrize("sign", CAUDA_EQUINA)
def test_each_cauda_equina_sign_alone_is_urgent_for_the_gp_today(sign):
    result = triage(only(sign), ADULT)
    assert (result.outcome, result.reasons, result.route) == (
        Outcome.URGENT,
        (sign,),
        Route.GP_TODAY,
    )


def test_a_recent_procedure_on_the_back_covers_an_operation_and_a_lumbar_puncture():
    assert "recent_back_procedure" in CAUDA_EQUINA
    assert "recent_back_surgery" not in QUESTIONS  # the old, narrower question


def test_new_or_worsening_loss_of_strength_or_feeling_in_a_leg_is_urgent():
    result = triage(only("leg_weakness_or_numbness", "leg_weakness_new_or_worse"), ADULT)
    assert (result.outcome, result.reasons, result.route) == (
        Outcome.URGENT,
        ("leg_weakness_new_or_worse",),
        Route.GP_TODAY,
    )


def test_stable_leg_signs_that_go_with_known_sciatica_are_not_urgent():
    answers = only("leg_weakness_or_numbness") | {"leg_weakness_new_or_worse": False}
    assert triage(answers, ADULT).outcome == Outcome.CLEAR


def test_leg_signs_with_the_follow_up_skipped_count_as_new():
    answers = {"leg_weakness_or_numbness": True}
    assert triage(answers, ADULT).outcome == Outcome.URGENT


# --- possible burst aneurysm: 112 when the circulation is threatened -----------------------


@pytest.mark.parametrize("age", list(AgeBand))
def test_a_known_aneurysm_alone_is_urgent_for_the_gp_at_any_age(age):
    result = triage(only("known_aneurysm"), age)
    assert (result.outcome, result.route) == (Outcome.URGENT, Route.GP_TODAY)


@pytest.mark.parametrize("age", list(AgeBand))
def test_a_known_aneurysm_with_fainting_paleness_or_sweating_is_call_112_now(age):
    result = triage(only("known_aneurysm", "circulation_signs"), age)
    assert (result.outcome, result.reasons, result.route) == (
        Outcome.URGENT,
        ("known_aneurysm", "circulation_signs"),
        Route.CALL_112,
    )


@pytest.mark.parametrize("age", [AgeBand.FROM_40_TO_50, AgeBand.OVER_50])
def test_sudden_severe_constant_pain_over_40_is_urgent_for_the_gp(age):
    result = triage(only("sudden_severe_constant_pain"), age)
    assert (result.outcome, result.route) == (Outcome.URGENT, Route.GP_TODAY)


@pytest.mark.parametrize("age", [AgeBand.FROM_40_TO_50, AgeBand.OVER_50])
def test_sudden_severe_pain_over_40_with_a_threatened_circulation_is_call_112_now(age):
    result = triage(only("sudden_severe_constant_pain", "circulation_signs"), age)
    assert (result.route, result.reasons) == (
        Route.CALL_112,
        ("sudden_severe_constant_pain", "circulation_signs"),
    )


@pytest.mark.parametrize("age", [AgeBand.UNDER_20, AgeBand.FROM_20_TO_40])
def test_sudden_severe_constant_pain_under_40_is_for_the_gp_not_urgent(age):
    assert triage(only("sudden_severe_constant_pain"), age).outcome == Outcome.SEE_GP


def test_sudden_severe_pain_under_40_with_fainting_is_urgent_but_not_112():
    result = triage(only("sudden_severe_constant_pain", "circulation_signs"), ADULT)
    assert (result.outcome, result.route) == (Outcome.URGENT, Route.GP_TODAY)


def test_the_112_route_comes_first_and_still_names_the_other_urgent_signs():
    answers = only("bladder_or_bowel", "known_aneurysm", "circulation_signs")
    result = triage(answers, AgeBand.OVER_50)
    assert result.route == Route.CALL_112
    assert result.reasons == ("known_aneurysm", "circulation_signs", "bladder_or_bowel")


def test_circulation_signs_are_asked_only_after_a_yes_to_an_aneurysm_question():
    assert follow_ups_due(only()) == ()
    assert follow_ups_due(only("known_aneurysm")) == ("circulation_signs",)
    assert follow_ups_due(only("sudden_severe_constant_pain")) == ("circulation_signs",)
    assert follow_ups_due(only("leg_weakness_or_numbness")) == ("leg_weakness_new_or_worse",)


def test_circulation_signs_without_an_aneurysm_question_mean_nothing():
    assert triage({"circulation_signs": True}, AgeBand.OVER_50).outcome == Outcome.CLEAR


# --- discuss with the GP -------------------------------------------------------------------


@pytest.mark.parametrize("sign", SEE_GP_SIGNS)
def test_each_other_sign_means_discuss_with_the_gp(sign):
    result = triage(only(sign), ADULT)
    assert (result.outcome, result.reasons, result.route) == (Outcome.SEE_GP, (sign,), None)


@pytest.mark.parametrize(
    "sign", ["weak_immune_system", "injecting_drugs", "recent_infection", "feeling_ill"]
)
def test_infection_risk_is_a_reason_to_discuss_with_the_gp(sign):
    assert sign in HEALTH_SIGNS
    assert triage(only(sign), ADULT).outcome == Outcome.SEE_GP


@pytest.mark.parametrize("sign", ["known_osteoporosis", "height_loss"])
def test_signs_of_a_possible_osteoporotic_fracture_mean_discuss_with_the_gp(sign):
    assert triage(only(sign), ADULT).outcome == Outcome.SEE_GP


def test_sudden_pain_after_little_force_counts_in_an_older_person_only():
    assert triage(only("pain_after_little_force"), AgeBand.OVER_50).reasons == (
        "pain_after_little_force",
    )
    assert triage(only("pain_after_little_force"), ADULT).outcome == Outcome.CLEAR


def test_first_back_pain_after_50_means_discuss_with_the_gp():
    assert triage(only("first_episode"), AgeBand.OVER_50).reasons == ("first_after_50",)
    assert triage(only("first_episode"), AgeBand.FROM_40_TO_50).outcome == Outcome.CLEAR


def test_back_pain_that_started_before_20_counts_whatever_the_age_today():
    result = triage(only("started_before_20"), AgeBand.OVER_50)
    assert (result.outcome, result.reasons) == (Outcome.SEE_GP, ("start_before_20",))


def test_a_patient_under_20_today_started_before_20_too():
    assert triage(only(), AgeBand.UNDER_20).reasons == ("start_before_20",)


# --- combinations ---------------------------------------------------------------------------


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
