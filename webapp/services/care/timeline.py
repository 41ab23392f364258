"""Where a patient stands since the back pain started, and which checkpoints apply.

The weeks and checkpoint rules are in ``webapp.domain.timeline``; this module feeds them
two signals from the stored plan and logs: whether activity rose (the weekly build-up
decisions) and whether pain clearly improved (first week of pain scores against the last).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from webapp.domain.schedule import local_date
from webapp.domain.timeline import Checkpoint, checkpoints, weeks_since
from webapp.domain.trends import ACTIVITY_WINDOW_WEEKS, activity_rose, pain_improved
from webapp.models import CheckpointMention, Plan, SessionLog, User
from webapp.services.care.education import quiz_taken
from webapp.services.core.errors import ServiceError
from webapp.services.plans.plans import NOT_LOADED, active_plan, user_zone

QUIZ_DAYS = 7  # the quiz is offered in the first week of a plan
ONSET_DAYS_BACK = 3653  # about ten years


@dataclass(frozen=True)
class Notice:
    """A checkpoint in words: a title, what to do, and the information page that explains it."""

    checkpoint: Checkpoint
    title: object
    body: object
    slug: str


NOTICES = {
    Checkpoint.CHRONIC_CARE: Notice(
        Checkpoint.CHRONIC_CARE,
        _l("Help when back pain lasts longer"),
        _l(
            "Your back pain started more than 12 weeks ago. If you still have pain, your GP can "
            "help you cope with it, for example with a behavioural therapist or a "
            "rehabilitation programme."
        ),
        "what-to-expect",
    ),
    Checkpoint.GP_STEP_PLAN: Notice(
        Checkpoint.GP_STEP_PLAN,
        _l("Talk to your GP about the step plan"),
        _l(
            "Your back pain started more than 4 weeks ago. If it has not really improved, "
            "talk to your GP. Your GP can ask what slows your recovery and make a step plan "
            "with you."
        ),
        "step-plan",
    ),
    Checkpoint.PHYSIO_REVIEW: Notice(
        Checkpoint.PHYSIO_REVIEW,
        _l("Ask your physiotherapist to look at your plan"),
        _l(
            "Your back pain started more than 3 weeks ago, and your activity has not clearly "
            "gone up in the last weeks. That can happen. Ask your physiotherapist, or your GP, "
            "to look at your plan with you."
        ),
        "building-up",
    ),
}


@dataclass(frozen=True)
class Timeline:
    """The today page's recovery card: weeks since onset, checkpoints, and the quiz offer."""

    today: date
    onset: date | None
    weeks: int | None
    checkpoints: list[Checkpoint] = field(default_factory=list)
    quiz_offered: bool = False

    @property
    def notices(self) -> list[Notice]:
        """The checkpoints in words, most pressing first."""
        return [NOTICES[c] for c in self.checkpoints]


def activity_rising(plan: Plan | None, today: date) -> bool:
    """True when the plan's amounts went up lately, or the plan is too new to tell."""
    if plan is None:
        return False
    if today < plan.start_date + timedelta(weeks=ACTIVITY_WINDOW_WEEKS):
        return True  # a plan younger than three weeks is itself the step being taken
    if not plan.graded_items:
        return False  # a fixed plan keeps the same amounts, so the app sees no rise
    closed = [w.decision for w in sorted(plan.weeks, key=lambda w: w.week) if w.closed_at]
    return activity_rose(closed, plan.goal_reached_on is not None)


def pain_improving(session: Session, patient: User, onset: date, today: date) -> bool:
    """True when the last week's pain scores are clearly below the first week's since onset."""
    logs = session.execute(
        select(SessionLog.local_date, SessionLog.pain)
        .where(
            SessionLog.patient_id == patient.id,
            SessionLog.local_date.between(onset, today),
        )
        .order_by(SessionLog.local_date)
    ).all()
    if not logs:
        return False
    first_end = logs[0].local_date + timedelta(days=6)
    last_start = today - timedelta(days=6)
    if last_start <= first_end:
        return False  # not two separate weeks of scores yet
    first = [log.pain for log in logs if log.local_date <= first_end]
    last = [log.pain for log in logs if log.local_date >= last_start]
    return pain_improved(first, last)


def checkpoints_on(session: Session, patient: User, plan: Plan | None, day: date) -> list:
    """The checkpoints that apply to the patient on a local day, most pressing first."""
    onset = patient.onset_date
    if onset is None or onset > day:
        return []
    return checkpoints(
        onset,
        day,
        activity_rising=activity_rising(plan, day),
        improving=pain_improving(session, patient, onset, day),
    )


def timeline_for(
    session: Session, patient: User, now: datetime, *, plan: Plan | object | None = NOT_LOADED
) -> Timeline:
    """The recovery card for the patient's local today (``plan``: the active one, if loaded)."""
    today = local_date(now, user_zone(patient))
    if plan is NOT_LOADED:
        plan = active_plan(session, patient)
    onset = patient.onset_date
    first_week = plan is not None and plan.start_date <= today < plan.start_date + timedelta(
        days=QUIZ_DAYS
    )
    return Timeline(
        today=today,
        onset=onset,
        weeks=weeks_since(onset, today) if onset is not None else None,
        checkpoints=checkpoints_on(session, patient, plan, today),
        quiz_offered=first_week and not quiz_taken(session, patient),
    )


def set_onset(session: Session, patient: User, onset: date | None, today: date) -> None:
    """Store when the back pain started (None: not known); a new date starts the mentions anew."""
    if onset is not None and onset > today:
        raise ServiceError(_l("The start of your back pain cannot be in the future."), "onset")
    if onset is not None and onset < today - timedelta(days=ONSET_DAYS_BACK):
        raise ServiceError(_l("Choose a date in the last ten years."), "onset")
    if onset != patient.onset_date:
        # A new start date is a new episode: its checkpoints may be mentioned again.
        session.execute(delete(CheckpointMention).where(CheckpointMention.user_id == patient.id))
    patient.onset_date = onset
    session.flush()


def unmentioned_checkpoints(
    session: Session, patient: User, plan: Plan | None, day: date
) -> list[Checkpoint]:
    """The checkpoints that apply on a day and were not in an earlier weekly summary."""
    told = set(
        session.scalars(
            select(CheckpointMention.checkpoint).where(CheckpointMention.user_id == patient.id)
        )
    )
    return [c for c in checkpoints_on(session, patient, plan, day) if c.value not in told]


def record_mentions(
    session: Session, patient: User, found: list[Checkpoint], now: datetime
) -> None:
    """Note that a weekly summary told the patient about these checkpoints."""
    for checkpoint in found:
        session.add(
            CheckpointMention(user_id=patient.id, checkpoint=checkpoint.value, mentioned_at=now)
        )
    session.flush()
