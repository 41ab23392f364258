"""The intake screen opens an episode and proposes a profile; the physio's choice sits beside it."""

import pytest
from sqlalchemy import func, select

from tests.support.measures import CALM, WORRIED, answered_intake
from webapp.models import Episode, Measurement
from webapp.services.core.errors import ServiceError
from webapp.services.measures.episodes import (
    grouped_answers,
    intake_due,
    save_intake,
    set_profile,
    suggested_for,
)


def _count(db, model) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(model))


def test_the_intake_stores_answers_pain_and_the_proposal(db, patient, clock):
    assert intake_due(db, patient)
    episode = answered_intake(db, patient, clock, WORRIED, pain=6)
    assert not intake_due(db, patient)
    assert episode.intake_answers["stress"] == "yes"
    assert episode.proposed_profile == "raised" and episode.profile is None
    [intake] = episode.measurements
    assert (intake.moment, intake.pain, intake.gpe) == ("intake", 6, None)


def test_calm_answers_propose_a_low_risk(db, patient, clock):
    assert answered_intake(db, patient, clock, CALM, pain=3).proposed_profile == "low"


@pytest.mark.parametrize(
    ("answers", "pain", "field"),
    [
        ({k: v for k, v in CALM.items() if k != "low_mood"}, 4, "low_mood"),
        (dict(CALM, stress="maybe"), 4, "stress"),
        (dict(CALM, stress="not_working"), 4, "stress"),
        (CALM, 11, "pain"),
        (CALM, -1, "pain"),
        (CALM, None, "pain"),
    ],
)
def test_bad_intake_answers_are_refused_and_nothing_is_stored(
    db, patient, clock, answers, pain, field
):
    with pytest.raises(ServiceError) as refused:
        save_intake(
            db,
            patient=patient,
            answers=answers,
            pain=pain,
            psk_names=["Fietsen"],
            psk_scores=[5],
            today=clock().date(),
            now=clock(),
        )
    assert refused.value.field == field
    assert _count(db, Episode) == 0 and _count(db, Measurement) == 0


def test_the_intake_is_answered_once(db, patient, clock):
    answered_intake(db, patient, clock)
    with pytest.raises(ServiceError):
        save_intake(
            db,
            patient=patient,
            answers=CALM,
            pain=2,
            psk_names=["Fietsen"],
            psk_scores=[5],
            today=clock().date(),
            now=clock(),
        )


def test_the_physios_choice_is_stored_beside_the_proposal(db, patient, physio, clock):
    episode = answered_intake(db, patient, clock, WORRIED)
    set_profile(
        db, episode=episode, physio=physio, profile="low", note="Werkt al weer", now=clock()
    )
    db.commit()
    assert (episode.proposed_profile, episode.profile) == ("raised", "low")
    assert episode.profile_note == "Werkt al weer" and episode.profile_set_by_id == physio.id
    assert suggested_for(db, patient) == "stay_active"


def test_a_raised_profile_suggests_the_build_up(db, patient, physio, clock):
    episode = answered_intake(db, patient, clock, CALM)
    set_profile(db, episode=episode, physio=physio, profile="raised", note="", now=clock())
    assert suggested_for(db, patient) == "build_up"


def test_an_unknown_profile_is_refused(db, patient, physio, clock):
    episode = answered_intake(db, patient, clock)
    with pytest.raises(ServiceError):
        set_profile(db, episode=episode, physio=physio, profile="medium", note="", now=clock())
    assert episode.profile is None


def test_answers_are_grouped_with_their_factors(db, patient, clock):
    groups = grouped_answers(answered_intake(db, patient, clock, WORRIED))
    psychosocial = {a.key: a.factor for a in groups["psychosocial"]}
    assert psychosocial["stress"] and psychosocial["fear_of_moving"]
    assert not psychosocial["low_mood"]
    assert [a.key for a in groups["work"]] == ["heavy_work", "unhappy_at_work"]
