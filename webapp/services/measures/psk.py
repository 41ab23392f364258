"""The PSK: the patient's own hard activities, each scored for difficulty at every moment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from webapp.domain.measures import (
    PSK_MAX_ACTIVITIES,
    Moment,
    check_score,
    psk_change,
    psk_mean_change,
)
from webapp.models import Episode, FunctioningActivity, FunctioningScore
from webapp.services.core.errors import ServiceError

MAX_NAME = 120


def activities(session: Session, episode: Episode | None) -> list[FunctioningActivity]:
    """The episode's activities in the patient's order, with their scores."""
    if episode is None:
        return []
    return list(
        session.scalars(
            select(FunctioningActivity)
            .where(FunctioningActivity.episode_id == episode.id)
            .order_by(FunctioningActivity.position)
            .options(selectinload(FunctioningActivity.scores))
        )
    )


def checked_new_activities(
    names: Sequence[str | None], scores: Sequence[int | None]
) -> list[tuple[int, str, int]]:
    """(position, name, difficulty) of the activities named at intake; refuses half ones.

    A row left wholly empty is skipped; a name without a score, or a score without a name,
    is refused with the field it is about (``psk_name_2``, ``psk_score_2``).
    """
    chosen = []
    for position, (name, score) in enumerate(zip(names, scores, strict=True), start=1):
        name = (name or "").strip()
        if not name and score is None:
            continue
        if not name:
            raise ServiceError(_l("Name the activity you scored."), field=f"psk_name_{position}")
        if len(name) > MAX_NAME:
            raise ServiceError(
                _l("Keep each activity under %(n)d characters.", n=MAX_NAME),
                field=f"psk_name_{position}",
            )
        if not check_score(score):
            raise ServiceError(
                _l("Give each activity a score from 0 to 10."), field=f"psk_score_{position}"
            )
        chosen.append((position, name, score))
    if not chosen:
        raise ServiceError(_l("Name at least one activity you find hard."), field="psk_name_1")
    if len(chosen) > PSK_MAX_ACTIVITIES:
        raise ServiceError(_l("Choose at most five activities."), field="psk_name_1")
    return chosen


def add_activities(
    session: Session,
    episode: Episode,
    chosen: list[tuple[int, str, int]],
    today: date,
    now,
) -> None:
    """Store the intake's activities with their first difficulty score."""
    for position, name, score in chosen:
        activity = FunctioningActivity(
            patient_id=episode.patient_id,
            episode_id=episode.id,
            position=position,
            name=name,
            created_at=now,
        )
        activity.scores.append(
            FunctioningScore(moment=Moment.INTAKE.value, score=score, recorded_on=today)
        )
        session.add(activity)


def checked_rescores(
    listed: list[FunctioningActivity], scores: dict[int, int | None]
) -> dict[int, int]:
    """Each activity's new difficulty by activity id; every listed activity needs one."""
    checked = {}
    for activity in listed:
        score = scores.get(activity.position)
        if not check_score(score):
            raise ServiceError(
                _l("Give each activity a score from 0 to 10."),
                field=f"psk_score_{activity.position}",
            )
        checked[activity.id] = score
    return checked


def add_scores(
    listed: list[FunctioningActivity], checked: dict[int, int], moment: Moment, today: date
) -> None:
    """Store a moment's difficulty for every activity."""
    for activity in listed:
        activity.scores.append(
            FunctioningScore(moment=moment.value, score=checked[activity.id], recorded_on=today)
        )


@dataclass(frozen=True)
class PskRow:
    """One activity with its difficulty at each moment and its change since intake."""

    name: str
    scores: dict[str, int]
    converted: bool
    change: int | None


def psk_table(listed: list[FunctioningActivity], latest: str | None = None) -> list[PskRow]:
    """Per activity: scores by moment and the change from intake to the latest (or given) one."""
    rows = []
    for activity in listed:
        by_moment = {s.moment: s.score for s in activity.scores}
        last = latest or _last_moment(by_moment)
        start, now = by_moment.get(Moment.INTAKE.value), by_moment.get(last) if last else None
        change = psk_change(start, now) if start is not None and now is not None else None
        rows.append(
            PskRow(
                activity.name,
                by_moment,
                any(s.converted for s in activity.scores),
                change if last != Moment.INTAKE.value else None,
            )
        )
    return rows


def mean_change(listed: list[FunctioningActivity], latest: str | None = None) -> Fraction | None:
    """The mean PSK change from intake to the latest (or given) moment."""
    pairs = []
    for activity in listed:
        by_moment = {s.moment: s.score for s in activity.scores}
        last = latest or _last_moment(by_moment)
        if last and last != Moment.INTAKE.value:
            pairs.append((by_moment.get(Moment.INTAKE.value), by_moment.get(last)))
    return psk_mean_change(pairs)


def _last_moment(by_moment: dict[str, int]) -> str | None:
    """The latest moment scored, in the order of the episode."""
    found = [m.value for m in Moment if m.value in by_moment]
    return found[-1] if found else None
