"""A physiotherapist's dashboard: their patients, who needs attention first, and one patient's logs.

Pure reads. The list costs a fixed number of queries however many patients a physio has:
patients, plans (+ their items), recent logs, last log dates and open flags, each one
statement for the whole caseload; everything per patient is computed here in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from webapp.domain.adherence import Adherence, Share, count_shares, session_share
from webapp.domain.progression import ProgressionError
from webapp.domain.schedule import local_date
from webapp.models import (
    Flag,
    ItemLog,
    Message,
    Plan,
    PlanStatus,
    Role,
    SessionLog,
    User,
)
from webapp.services.care.today import PlannedItem
from webapp.services.plans.graded import quota, week_index
from webapp.services.plans.plans import user_zone

# Most urgent first (CLINICAL.md escalations); each outranks all below it put together.
# An unread question from the patient comes first: only the physio can answer it.
ATTENTION_ORDER = (
    "unread_message",
    "red_flag",
    "sent_to_gp",
    "resumed_by_patient",
    "pain_high",
    "flare_declared",
    "mail_bouncing",
    "two_held",
    "no_log_7_days",
    "no_increase_3_weeks",
    "low_adherence",
)
WEIGHTS = {kind: 2 ** (len(ATTENTION_ORDER) - 1 - i) for i, kind in enumerate(ATTENTION_ORDER)}
# Below half of the planned days in the last week: the week will not advance (it needs 2/3).
LOW_ADHERENCE = 50
# NPRS scores are whole numbers: weekly means less than a point apart are noise.
PAIN_CHANGE = 1.0


@dataclass(frozen=True)
class PainTrend:
    """Mean pain of the last 7 days and of the 7 before (None when nothing was logged)."""

    recent: float | None
    before: float | None

    @property
    def direction(self) -> str | None:
        """up, down or same; None unless both weeks have scores."""
        if self.recent is None or self.before is None:
            return None
        change = self.recent - self.before
        if abs(change) < PAIN_CHANGE:
            return "same"
        return "up" if change > 0 else "down"


@dataclass(frozen=True)
class DashboardRow:
    """One patient on the dashboard, with everything that decides their place in the list."""

    patient: User
    plan: Plan | None
    today: date
    phase: str  # none | paused | not_started | baseline | ramp | maintenance | fixed
    week: int | None  # 0-based ramp week (or plan week of a fixed plan)
    weeks_total: int | None
    adherence_7: Adherence | None
    adherence_28: Adherence | None
    pain: PainTrend
    last_log: date | None
    flags: list[Flag] = field(default_factory=list)
    unread: int = 0  # the patient's messages the physio has not read
    unread_since: datetime | None = None  # when the oldest of them was written

    @property
    def low_adherence(self) -> bool:
        """Fewer than half of last week's planned sessions done in full."""
        return self.adherence_7 is not None and self.adherence_7.percent < LOW_ADHERENCE

    @property
    def reasons(self) -> list[str]:
        """Why this patient needs attention, most urgent first (unread messages, open flags,
        low adherence)."""
        kinds = ["unread_message"] * bool(self.unread) + [flag.kind for flag in self.flags]
        return kinds + ["low_adherence"] * self.low_adherence

    @property
    def attention(self) -> int:
        """The attention score: higher comes first; 0 means nothing to look at."""
        return sum(WEIGHTS.get(kind, 1) for kind in set(self.reasons))

    @property
    def needs_attention(self) -> bool:
        """True when a message waits, a flag is open or adherence is low."""
        return bool(self.reasons)


def dashboard(session: Session, physio: User, now: datetime) -> list[DashboardRow]:
    """The physio's linked patients, who needs attention first, then by name."""
    rows = _rows(session, physio, now)
    rows.sort(key=lambda r: (-r.attention, r.patient.name.casefold(), r.patient.id))
    return rows


def patient_row(session: Session, physio: User, patient: User, now: datetime) -> DashboardRow:
    """The dashboard's numbers for one patient (the caller has checked access)."""
    return _rows(session, physio, now, patient_id=patient.id)[0]


def _own(query: Select, column, physio: User, patient_id: int | None) -> Select:
    """Limit a query to the physio's linked patients (and to one of them when given)."""
    query = query.join(User, User.id == column).where(
        User.physio_id == physio.id, User.role == Role.PATIENT
    )
    return query.where(User.id == patient_id) if patient_id is not None else query


def _rows(
    session: Session, physio: User, now: datetime, patient_id: int | None = None
) -> list[DashboardRow]:
    """Build the rows with one query per kind of data, never one per patient."""
    patient_query = select(User).where(User.physio_id == physio.id, User.role == Role.PATIENT)
    if patient_id is not None:
        patient_query = patient_query.where(User.id == patient_id)
    patients = list(session.scalars(patient_query))
    if not patients:
        return []
    todays = {p.id: local_date(now, user_zone(p)) for p in patients}
    # One window wide enough for every patient's zone: 28 days back from the earliest today.
    since = min(todays.values()) - timedelta(days=27)
    plans: dict[int, Plan] = {}
    plan_query = select(Plan).where(Plan.status.in_((PlanStatus.ACTIVE, PlanStatus.PAUSED)))
    for plan in session.scalars(
        _own(plan_query, Plan.patient_id, physio, patient_id)
        .order_by(Plan.id)
        .options(selectinload(Plan.items))
    ):
        # The active plan wins; otherwise the latest paused one (as plans.current_plan).
        if plans.get(plan.patient_id) is None or plans[plan.patient_id].status != PlanStatus.ACTIVE:
            plans[plan.patient_id] = plan
    logs = defaultdict(list)
    log_query = select(
        SessionLog.id,
        SessionLog.patient_id,
        SessionLog.plan_id,
        SessionLog.local_date,
        SessionLog.status,
        SessionLog.pain,
    ).where(SessionLog.local_date >= since)
    for row in session.execute(_own(log_query, SessionLog.patient_id, physio, patient_id)):
        logs[row.patient_id].append(row)
    amounts = defaultdict(list)
    amount_query = (
        select(ItemLog.session_log_id, ItemLog.amount, ItemLog.quota)
        .join(SessionLog, SessionLog.id == ItemLog.session_log_id)
        .where(SessionLog.local_date >= since)
    )
    for row in session.execute(_own(amount_query, SessionLog.patient_id, physio, patient_id)):
        amounts[row.session_log_id].append((row.amount, row.quota))
    last_query = select(SessionLog.patient_id, func.max(SessionLog.local_date)).group_by(
        SessionLog.patient_id
    )
    last = dict(session.execute(_own(last_query, SessionLog.patient_id, physio, patient_id)).all())
    flags = defaultdict(list)
    flag_query = select(Flag).where(Flag.cleared_at.is_(None))
    for flag in session.scalars(_own(flag_query, Flag.patient_id, physio, patient_id)):
        flags[flag.patient_id].append(flag)
    unread = {
        row.patient_id: (row.count, row.since)
        for row in session.execute(
            _own(_unread_query(physio), Message.patient_id, physio, patient_id)
        )
    }
    rows = [
        _row(p, plans.get(p.id), todays[p.id], logs[p.id], amounts, last.get(p.id), flags[p.id])
        for p in patients
    ]
    return [
        replace(row, unread=unread[row.patient.id][0], unread_since=unread[row.patient.id][1])
        if row.patient.id in unread
        else row
        for row in rows
    ]


def _unread_query(physio: User) -> Select:
    """Per patient, how many of their own messages to this physio wait unread, since when."""
    return (
        select(
            Message.patient_id,
            func.count().label("count"),
            func.min(Message.created_at).label("since"),
        )
        .where(
            Message.physio_id == physio.id,
            Message.read_at.is_(None),
            Message.author_id == Message.patient_id,
        )
        .group_by(Message.patient_id)
    )


def _row(
    patient: User,
    plan: Plan | None,
    today: date,
    logs: list,
    amounts: dict[int, list],
    last: date | None,
    flags: list[Flag],
) -> DashboardRow:
    """One patient's row from their already loaded plan, recent logs and flags."""
    phase, week, total = plan_phase(plan, today)
    shares = {
        r.local_date: session_share(r.status, amounts.get(r.id, ()))
        for r in logs
        if plan is not None and r.plan_id == plan.id
    }
    active = phase not in ("none", "paused")
    rank = {kind: i for i, kind in enumerate(ATTENTION_ORDER)}
    return DashboardRow(
        patient=patient,
        plan=plan,
        today=today,
        phase=phase,
        week=week,
        weeks_total=total,
        adherence_7=adherence(plan, shares, today, 7) if active else None,
        adherence_28=adherence(plan, shares, today, 28) if active else None,
        pain=pain_trend([(r.local_date, r.pain) for r in logs], today),
        last_log=last,
        flags=sorted(flags, key=lambda f: (rank.get(f.kind, len(rank)), f.raised_at)),
    )


def plan_phase(plan: Plan | None, today: date) -> tuple[str, int | None, int | None]:
    """Where a plan stands on a local day: (phase, 0-based week, planned number of weeks)."""
    if plan is None:
        return "none", None, None
    if plan.status == PlanStatus.PAUSED:
        return "paused", None, None
    if today < plan.start_date:
        return "not_started", None, None
    if not plan.graded_items:
        return "fixed", (today - plan.start_date).days // 7, None
    if plan.in_baseline:
        return "baseline", None, None
    ramps = [i.params_from_week + i.ramp_weeks for i in plan.graded_items if i.has_ramp]
    week = week_index(plan, today)
    if week is None:  # a ramp that starts later than today: still the starting week
        return "baseline", None, None
    return "maintenance" if plan.goal_reached_on else "ramp", week, max(ramps, default=None)


def adherence(plan: Plan, shares: dict[date, Share], today: date, days: int) -> Adherence | None:
    """Planned days of the last ``days`` local days, done in full or in part.

    Today counts only once it is logged, as on the progress page: the day is not over.
    None when nothing was planned in the window.
    """
    planned_days = [
        day
        for back in range(days)
        if (day := today - timedelta(days=back)) >= plan.start_date
        and (day != today or day in shares)
        and plan.planned_on(day)
    ]
    found = count_shares(len(planned_days), (shares.get(d, Share.NONE) for d in planned_days))
    return found if found.planned else None


def pain_trend(scores: list[tuple[date, int]], today: date) -> PainTrend:
    """Mean pain over the last 7 local days against the 7 days before."""
    week_ago = today - timedelta(days=7)
    recent = [pain for day, pain in scores if week_ago < day <= today]
    before = [pain for day, pain in scores if week_ago - timedelta(days=7) < day <= week_ago]
    return PainTrend(_mean(recent), _mean(before))


def _mean(values: list[int]) -> float | None:
    """The mean to one decimal, None for no values."""
    return round(sum(values) / len(values), 1) if values else None


def week_amounts(plan: Plan, today: date) -> list[PlannedItem]:
    """Each plan item with the amount it asks this week (None: measured, or not known)."""
    found = []
    for item in plan.items_on(today):
        try:
            asked = quota(plan, item, today)
        except ProgressionError:
            asked = None
        found.append(PlannedItem(item, asked, None))
    return found
