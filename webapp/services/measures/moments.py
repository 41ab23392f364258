"""Which measurement moment is due for a patient, and what was measured when."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.domain.measures import GPE, Moment, check_score, moment_due
from webapp.models import Measurement, User
from webapp.services.core.errors import ServiceError
from webapp.services.measures.episodes import open_episode
from webapp.services.measures.psk import activities, add_scores, checked_rescores


def due_moment(session: Session, patient: User, today: date) -> Moment | None:
    """The moment to ask now: intake first, then week 6 and 12, and close when closing."""
    episode = open_episode(session, patient)
    if episode is None or episode.intake_at is None:
        return Moment.INTAKE
    done = {Moment(m.moment) for m in episode.measurements}
    return moment_due(episode.started_on, today, done, closing=episode.closing_since is not None)


def save_moment(
    session: Session,
    *,
    patient: User,
    pain: int | None,
    gpe: str | None,
    psk_scores: dict[int, int | None],
    today: date,
    now: datetime,
) -> Measurement:
    """Store the NPRS, the PSK of every activity and the GPE for the moment due now.

    Everything is checked before anything is stored: a refusal leaves nothing half.
    """
    moment = due_moment(session, patient, today)
    episode = open_episode(session, patient)
    if moment is None or moment == Moment.INTAKE or episode is None:
        raise ServiceError(_l("No scores are asked for now."))
    if not check_score(pain):
        raise ServiceError(_l("Choose a pain score from 0 to 10."), field="pain")
    if gpe not in {g.value for g in GPE}:
        raise ServiceError(_l("Choose how your back has changed."), field="gpe")
    listed = activities(session, episode)
    checked = checked_rescores(listed, psk_scores)
    add_scores(listed, checked, moment, today)
    measurement = Measurement(
        episode=episode, moment=moment.value, pain=pain, gpe=gpe, recorded_on=today, created_at=now
    )
    session.add(measurement)
    session.flush()
    return measurement
