"""The summary of a treatment episode: profile, dates, plans, adherence, the measures at each
moment with their change scores, flags and red-flag outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.measures import GPE, Moment, is_responder
from webapp.models import Episode, Flag, Measurement, Plan, Screening, SessionLog, User
from webapp.services.measures.psk import PskRow, activities, mean_change, psk_table
from webapp.services.workspace.dashboard import Adherence, adherence


@dataclass(frozen=True)
class PlanLine:
    """One plan in the episode: planned sessions against sessions done."""

    plan: Plan
    adherence: Adherence | None


@dataclass(frozen=True)
class EpisodeSummary:
    """Everything the summary page shows."""

    episode: Episode
    patient: User
    end: date
    plans: list[PlanLine]
    measurements: list[Measurement]
    nprs_change: int | None
    psk_rows: list[PskRow]
    psk_mean: Fraction | None
    responder: bool | None
    flags: list[Flag]
    screenings: list[Screening]


def summary(session: Session, episode: Episode, today: date) -> EpisodeSummary:
    """The summary of an episode up to its close (or today while it runs)."""
    end = episode.closed_on or today
    patient = session.get(User, episode.patient_id)
    plans = list(
        session.scalars(
            select(Plan)
            .where(Plan.patient_id == patient.id, Plan.start_date <= end)
            .order_by(Plan.start_date)
        )
    )
    lines = []
    for plan in plans:
        statuses = dict(
            session.execute(
                select(SessionLog.local_date, SessionLog.status).where(
                    SessionLog.plan_id == plan.id,
                    SessionLog.local_date <= end,
                )
            ).all()
        )
        days = (end - max(plan.start_date, episode.started_on)).days + 1
        lines.append(PlanLine(plan, adherence(plan, statuses, end, max(days, 1))))
    measured = {m.moment: m for m in episode.measurements}
    first, last = measured.get(Moment.INTAKE.value), _latest(measured)
    nprs_change = first.pain - last.pain if first and last and last is not first else None
    listed = activities(session, episode)
    final_gpe = next((measured[m].gpe for m in ("close", "week12", "week6") if m in measured), None)
    start_at = _midnight(episode.started_on)
    flags = list(
        session.scalars(
            select(Flag)
            .where(Flag.patient_id == patient.id, Flag.raised_at >= start_at)
            .order_by(Flag.raised_at)
        )
    )
    screenings = list(
        session.scalars(
            select(Screening)
            .where(Screening.patient_id == patient.id, Screening.created_at >= start_at)
            .order_by(Screening.created_at)
        )
    )
    return EpisodeSummary(
        episode=episode,
        patient=patient,
        end=end,
        plans=lines,
        measurements=list(episode.measurements),
        nprs_change=nprs_change,
        psk_rows=psk_table(listed),
        psk_mean=mean_change(listed),
        responder=is_responder(GPE(final_gpe)) if final_gpe else None,
        flags=flags,
        screenings=screenings,
    )


def _latest(measured: dict[str, Measurement]) -> Measurement | None:
    found = [measured[m.value] for m in Moment if m.value in measured]
    return found[-1] if found else None


def _midnight(day: date) -> datetime:
    """The start of a day in UTC: flags and checks from then on belong to the episode."""
    return datetime.combine(day, time(0), tzinfo=UTC)
