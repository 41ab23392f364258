"""The latest change in NPRS and PSK and the profile, for many patients at once (dashboard)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.domain.measures import Moment
from webapp.models import Episode, FunctioningActivity
from webapp.services.measures.psk import mean_change


@dataclass(frozen=True)
class Figures:
    """One patient's profile and the change since intake at the latest moment."""

    profile: str | None
    moment: str | None
    nprs_change: int | None
    psk_change: Fraction | None


def measure_figures(session: Session, patient_ids: Sequence[int]) -> dict[int, Figures]:
    """Per patient: the open (else the latest) episode's figures; three queries for any number."""
    if not patient_ids:
        return {}
    latest: dict[int, Episode] = {}
    episodes = session.scalars(
        select(Episode)
        .where(Episode.patient_id.in_(patient_ids))
        .order_by(Episode.id)
        .options(selectinload(Episode.measurements))
    )
    for episode in episodes:
        known = latest.get(episode.patient_id)
        if known is None or known.closed_on is not None:
            latest[episode.patient_id] = episode
    by_episode: dict[int, list[FunctioningActivity]] = {}
    for activity in session.scalars(
        select(FunctioningActivity)
        .where(FunctioningActivity.episode_id.in_([e.id for e in latest.values()]))
        .order_by(FunctioningActivity.position)
        .options(selectinload(FunctioningActivity.scores))
    ):
        by_episode.setdefault(activity.episode_id, []).append(activity)
    return {pid: _figures(e, by_episode.get(e.id, [])) for pid, e in latest.items()}


def _figures(episode: Episode, listed: list[FunctioningActivity]) -> Figures:
    measured = {m.moment: m for m in episode.measurements}
    done = [m.value for m in Moment if m.value in measured]
    last = done[-1] if done else None
    intake = measured.get(Moment.INTAKE.value)
    change = None
    if intake and last and last != Moment.INTAKE.value:
        change = intake.pain - measured[last].pain
    psk = mean_change(listed, last) if last and last != Moment.INTAKE.value else None
    return Figures(episode.profile, last, change, psk)
