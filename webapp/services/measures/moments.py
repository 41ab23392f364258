"""Which measurement moment is due for a patient, and what was measured when."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from webapp.domain.measures import Moment, moment_due
from webapp.models import User
from webapp.services.measures.episodes import open_episode


def due_moment(session: Session, patient: User, today: date) -> Moment | None:
    """The moment to ask now: intake first, then week 6 and 12, and close when closing."""
    episode = open_episode(session, patient)
    if episode is None or episode.intake_at is None:
        return Moment.INTAKE
    done = {Moment(m.moment) for m in episode.measurements}
    return moment_due(episode.started_on, today, done, closing=episode.closing_since is not None)
