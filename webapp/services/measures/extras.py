"""Scores measured elsewhere (a licensed questionnaire's total) and the LDF opt-in."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.measures import INSTRUMENTS, external_score_problem
from webapp.models import Episode, ExternalScore, LdfChoice, User
from webapp.services.core.errors import ServiceError

PROBLEMS = {
    "instrument": _l("Choose one of the listed questionnaires."),
    "total": _l("The total is outside this questionnaire's range."),
    "subscale": _l(
        "STarT Back needs its psychosocial subscale (0 to 5, at most the total); "
        "the others have none."
    ),
}


def record_external_score(
    session: Session,
    *,
    episode: Episode,
    physio: User,
    instrument: str,
    total: int | None,
    subscale: int | None,
    measured_on: date | None,
    today: date,
    now: datetime,
) -> ExternalScore:
    """Store the total (and subscale) of a questionnaire measured elsewhere, with its date."""
    problem = external_score_problem(instrument, total, subscale)
    if problem is not None:
        raise ServiceError(PROBLEMS[problem], field=problem)
    if measured_on is None or measured_on > today:
        raise ServiceError(_l("Give the date it was measured, not in the future."), field="date")
    score = ExternalScore(
        episode_id=episode.id,
        instrument=instrument,
        total=total,
        subscale=subscale,
        measured_on=measured_on,
        recorded_by_id=physio.id,
        created_at=now,
    )
    session.add(score)
    session.flush()
    return score


def external_scores(session: Session, episode: Episode | None) -> list[ExternalScore]:
    """The episode's scores measured elsewhere, oldest first."""
    if episode is None:
        return []
    return list(
        session.scalars(
            select(ExternalScore)
            .where(ExternalScore.episode_id == episode.id)
            .order_by(ExternalScore.measured_on, ExternalScore.id)
        )
    )


def instrument_name(key: str) -> str:
    """The questionnaire's name as the practice knows it."""
    return INSTRUMENTS[key].name


def ldf_choice(session: Session, patient: User) -> LdfChoice | None:
    """The patient's answer about the national database; None until asked (which means no)."""
    return session.get(LdfChoice, patient.id)


def set_ldf_choice(session: Session, patient: User, opted_in: bool, now: datetime) -> LdfChoice:
    """Record (or change) the patient's yes or no to sharing with the national database."""
    choice = ldf_choice(session, patient)
    if choice is None:
        choice = LdfChoice(patient_id=patient.id)
        session.add(choice)
    choice.opted_in, choice.changed_at = opted_in, now
    session.flush()
    return choice
