"""The treatment episode: opened with the intake screen, profiled by the physio."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.measures import (
    INTAKE_SCREEN,
    FactorGroup,
    Moment,
    Profile,
    Proposal,
    check_score,
    propose_profile,
    screen_errors,
    suggested_template,
)
from webapp.models import Episode, Measurement, User
from webapp.services.core.errors import ServiceError
from webapp.services.measures.psk import add_activities, checked_new_activities

MAX_PROFILE_NOTE = 500


def open_episode(session: Session, patient: User) -> Episode | None:
    """The patient's open episode, if there is one."""
    return session.scalar(
        select(Episode).where(Episode.patient_id == patient.id, Episode.closed_on.is_(None))
    )


def latest_episode(session: Session, patient: User) -> Episode | None:
    """The open episode, or else the one closed last."""
    return open_episode(session, patient) or session.scalar(
        select(Episode)
        .where(Episode.patient_id == patient.id)
        .order_by(Episode.closed_on.desc(), Episode.id.desc())
        .limit(1)
    )


def ensure_episode(session: Session, patient: User, today: date, now: datetime) -> Episode:
    """The open episode; a patient without one starts one today."""
    episode = open_episode(session, patient)
    if episode is None:
        episode = Episode(patient_id=patient.id, started_on=today, created_at=now)
        session.add(episode)
        session.flush()
    return episode


def intake_due(session: Session, patient: User) -> bool:
    """True while the open episode (or the one to come) has no intake answers."""
    episode = open_episode(session, patient)
    return episode is None or episode.intake_at is None


def save_intake(
    session: Session,
    *,
    patient: User,
    answers: Mapping[str, str],
    pain: int | None,
    psk_names: Sequence[str | None],
    psk_scores: Sequence[int | None],
    today: date,
    now: datetime,
) -> Episode:
    """Store the intake screen, the intake NPRS and PSK, and the profile they propose.

    Answered once per episode; a refusal names the field it is about, and stores nothing.
    """
    wrong = screen_errors(answers)
    if wrong:
        raise ServiceError(_l("Answer every question."), field=wrong[0])
    if not check_score(pain):
        raise ServiceError(_l("Choose a pain score from 0 to 10."), field="pain")
    chosen = checked_new_activities(psk_names, psk_scores)
    episode = ensure_episode(session, patient, today, now)
    if episode.intake_at is not None:
        raise ServiceError(_l("You already answered these questions."))
    episode.intake_answers = {q.key: answers[q.key] for q in INTAKE_SCREEN}
    episode.intake_at = now
    episode.proposed_profile = propose_profile(answers, pain).profile.value
    session.add(
        Measurement(
            episode=episode, moment=Moment.INTAKE, pain=pain, recorded_on=today, created_at=now
        )
    )
    add_activities(session, episode, chosen, today, now)
    session.flush()
    return episode


def proposal(episode: Episode) -> Proposal | None:
    """What the intake screen proposes, with the factors found per group."""
    if episode.intake_answers is None:
        return None
    intake = next((m for m in episode.measurements if m.moment == Moment.INTAKE), None)
    return propose_profile(episode.intake_answers, intake.pain if intake else 0)


def suggested_for(session: Session, patient: User) -> str | None:
    """The template that matches the profile the physio set in the open episode."""
    episode = open_episode(session, patient)
    if episode is None or episode.profile is None:
        return None
    return suggested_template(Profile(episode.profile))


@dataclass(frozen=True)
class AnsweredQuestion:
    """One intake question with the patient's answer, and whether it is a risk factor."""

    key: str
    answer: str
    factor: bool


def grouped_answers(episode: Episode) -> dict[FactorGroup, list[AnsweredQuestion]]:
    """The intake answers in the four groups of prognostic factors, in the screen's order."""
    groups: dict[FactorGroup, list[AnsweredQuestion]] = {group: [] for group in FactorGroup}
    answers = episode.intake_answers or {}
    for question in INTAKE_SCREEN:
        answer = answers.get(question.key, "")
        groups[question.group].append(
            AnsweredQuestion(question.key, answer, answer == question.factor_when)
        )
    return groups


def set_profile(
    session: Session, *, episode: Episode, physio: User, profile: str, note: str, now: datetime
) -> Episode:
    """The physio sets the treatment profile; the screen's proposal stays beside it."""
    if episode.intake_at is None:
        raise ServiceError(_l("The patient has not answered the intake questions yet."))
    if episode.closed_on is not None:
        raise ServiceError(_l("This episode is closed."))
    if profile not in {p.value for p in Profile}:
        raise ServiceError(_l("Choose low or raised risk."), field="profile")
    note = (note or "").strip()
    if len(note) > MAX_PROFILE_NOTE:
        raise ServiceError(
            _l("Keep the note under %(n)d characters.", n=MAX_PROFILE_NOTE), field="note"
        )
    episode.profile, episode.profile_note = profile, note
    episode.profile_set_at, episode.profile_set_by_id = now, physio.id
    session.flush()
    return episode
