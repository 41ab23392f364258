"""The PSK, NPRS and GPE at intake, week 6, week 12 and close, across 12 weeks of the clock."""

import pytest
from sqlalchemy import func, select

from tests.support.measures import CALM, answered_intake
from webapp.models import FunctioningActivity, FunctioningScore, Measurement
from webapp.services.core.errors import ServiceError
from webapp.services.measures.episodes import open_episode, save_intake
from webapp.services.measures.moments import due_moment, save_moment
from webapp.services.measures.psk import activities, mean_change, psk_table


def _count(db, model) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(model))


def _save(db, patient, clock, pain=4, gpe="much_improved", scores=None):
    now = clock()
    save_moment(
        db,
        patient=patient,
        pain=pain,
        gpe=gpe,
        psk_scores=scores if scores is not None else {1: 3, 2: 6},
        today=now.date(),
        now=now,
    )
    db.commit()


def test_the_intake_stores_each_activity_with_its_difficulty(db, patient, clock):
    episode = answered_intake(db, patient, clock)
    listed = activities(db, episode)
    assert [(a.position, a.name, a.score_at("intake")) for a in listed] == [
        (1, "Sokken aantrekken", 7),
        (2, "Boodschappen tillen", 8),
    ]


@pytest.mark.parametrize(
    ("names", "scores", "field"),
    [
        (["", ""], [4, None], "psk_name_1"),  # a score for an activity without a name
        (["Fietsen", ""], [None, None], "psk_score_1"),  # a name without a score
        (["Fietsen", ""], [11, None], "psk_score_1"),
        (["", ""], [None, None], "psk_name_1"),  # none at all
        (["   ", ""], [None, None], "psk_name_1"),
    ],
)
def test_a_half_psk_activity_is_refused_and_nothing_is_stored(
    db, patient, clock, names, scores, field
):
    with pytest.raises(ServiceError) as refused:
        save_intake(
            db,
            patient=patient,
            answers=CALM,
            pain=4,
            psk_names=names,
            psk_scores=scores,
            today=clock().date(),
            now=clock(),
        )
    assert refused.value.field == field
    assert _count(db, FunctioningActivity) == 0 and _count(db, Measurement) == 0


def test_five_activities_may_be_named(db, patient, clock):
    psk = tuple((f"Activiteit {n}", n) for n in range(1, 6))
    assert len(activities(db, answered_intake(db, patient, clock, psk=psk))) == 5


def test_week_6_then_week_12_then_close_across_twelve_weeks(db, patient, physio, clock):
    answered_intake(db, patient, clock)
    clock.advance(days=41)
    assert due_moment(db, patient, clock().date()) is None
    clock.advance(days=1)
    assert due_moment(db, patient, clock().date()) == "week6"
    _save(db, patient, clock, pain=4, scores={1: 5, 2: 6})
    assert due_moment(db, patient, clock().date()) is None
    clock.advance(days=42)
    assert due_moment(db, patient, clock().date()) == "week12"
    _save(db, patient, clock, pain=2, gpe="recovered", scores={1: 2, 2: 4})
    episode = open_episode(db, patient)
    assert [(m.moment, m.pain, m.gpe) for m in episode.measurements] == [
        ("intake", 6, None),
        ("week6", 4, "much_improved"),
        ("week12", 2, "recovered"),
    ]
    rows = psk_table(activities(db, episode))
    assert [(r.scores, r.change) for r in rows] == [
        ({"intake": 7, "week6": 5, "week12": 2}, 5),
        ({"intake": 8, "week6": 6, "week12": 4}, 4),
    ]
    assert mean_change(activities(db, episode)) == 4.5


@pytest.mark.parametrize(
    ("pain", "gpe", "scores", "field"),
    [
        (11, "unchanged", {1: 3, 2: 3}, "pain"),
        (3, "", {1: 3, 2: 3}, "gpe"),
        (3, "better", {1: 3, 2: 3}, "gpe"),
        (3, "unchanged", {1: 3}, "psk_score_2"),
        (3, "unchanged", {1: 3, 2: -1}, "psk_score_2"),
    ],
)
def test_bad_week_6_answers_are_refused_and_nothing_is_stored(
    db, patient, clock, pain, gpe, scores, field
):
    answered_intake(db, patient, clock)
    clock.advance(days=42)
    with pytest.raises(ServiceError) as refused:
        _save(db, patient, clock, pain=pain, gpe=gpe, scores=scores)
    assert refused.value.field == field
    assert _count(db, Measurement) == 1 and _count(db, FunctioningScore) == 2


def test_nothing_is_asked_between_moments(db, patient, clock):
    answered_intake(db, patient, clock)
    clock.advance(days=10)
    with pytest.raises(ServiceError):
        _save(db, patient, clock)
