"""Closing a treatment episode: the patient gives the final scores first, then the physio closes."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from webapp.domain.measures import Moment
from webapp.models import Episode, User
from webapp.services.core.errors import ServiceError

CLOSE_REASONS = ("goal_reached", "patient_stopped", "referred", "other")
MAX_CLOSE_NOTE = 500


def start_closing(episode: Episode, now: datetime) -> Episode:
    """Ask the patient the final NPRS, PSK and GPE (the close moment) before the close."""
    if episode.closed_on is not None:
        raise ServiceError(_l("This episode is closed."))
    if episode.intake_at is None:
        raise ServiceError(_l("The patient has not answered the intake questions yet."))
    if episode.closing_since is None:
        episode.closing_since = now
    return episode


def final_scores_given(episode: Episode) -> bool:
    """True once the patient answered the close moment."""
    return any(m.moment == Moment.CLOSE for m in episode.measurements)


def close_episode(
    episode: Episode, *, physio: User, reason: str, note: str, today: date
) -> Episode:
    """Close the episode with a reason; only after the patient gave the final scores."""
    if episode.closed_on is not None:
        raise ServiceError(_l("This episode is closed."))
    if reason not in CLOSE_REASONS:
        raise ServiceError(_l("Choose why the treatment ends."), field="reason")
    note = (note or "").strip()
    if len(note) > MAX_CLOSE_NOTE:
        raise ServiceError(
            _l("Keep the note under %(n)d characters.", n=MAX_CLOSE_NOTE), field="note"
        )
    if episode.closing_since is None or not final_scores_given(episode):
        raise ServiceError(
            _l("Ask the patient for the final scores first, and wait for the answers.")
        )
    episode.close_reason, episode.close_note = reason, note
    episode.closed_on, episode.closed_by_id = today, physio.id
    return episode
