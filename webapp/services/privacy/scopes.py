"""Which rows of which tables are a patient's personal data (AVG/GDPR).

One list drives both the data export and the deletion of an account, so a table added
here is exported and erased alike; a test fails when a table that points at an account is
in neither this list nor ``NOT_PATIENT_DATA``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import DeclarativeBase

from webapp.models import (
    AuditEvent,
    CheckpointMention,
    Episode,
    ExternalScore,
    Flag,
    FunctioningActivity,
    FunctioningScore,
    Invitation,
    ItemLog,
    LdfChoice,
    LoginSession,
    LogReceipt,
    Measurement,
    Message,
    OutboxEmail,
    PasswordReset,
    Plan,
    PlanChange,
    PlanItem,
    PlanSchedule,
    PlanWeek,
    PushSubscription,
    QuizResult,
    ReminderSettings,
    Screening,
    SessionLog,
    User,
    VideoViewer,
    WeeklyCheck,
)


@dataclass(frozen=True)
class Person:
    """Who the rows belong to: the account id and its (lower-cased) email address."""

    id: int
    email: str


@dataclass(frozen=True)
class Scope:
    """One table of patient data: how to select the patient's rows, and what to leave out.

    ``omit`` names secrets (hashes of passwords and tokens) that mean nothing to the
    patient and would only help an attacker who got hold of the file.
    """

    name: str
    model: type[DeclarativeBase]
    rows: Callable[[Person], ColumnElement[bool]]
    omit: tuple[str, ...] = ()

    @property
    def table(self) -> str:
        """The database table's name."""
        return self.model.__tablename__


def _plan_ids(person: Person):
    return select(Plan.id).where(Plan.patient_id == person.id).scalar_subquery()


def _log_ids(person: Person):
    return select(SessionLog.id).where(SessionLog.patient_id == person.id).scalar_subquery()


def _episode_ids(person: Person):
    return select(Episode.id).where(Episode.patient_id == person.id).scalar_subquery()


def _activity_ids(person: Person):
    return (
        select(FunctioningActivity.id)
        .where(FunctioningActivity.patient_id == person.id)
        .scalar_subquery()
    )


# Parents before children: the export reads in this order, deletion goes the other way.
PATIENT_DATA: tuple[Scope, ...] = (
    Scope(
        "account",
        User,
        lambda p: User.id == p.id,
        omit=("password_hash", "totp_secret", "calendar_token"),
    ),
    Scope("plans", Plan, lambda p: Plan.patient_id == p.id),
    Scope("plan_items", PlanItem, lambda p: PlanItem.plan_id.in_(_plan_ids(p))),
    Scope("plan_weeks", PlanWeek, lambda p: PlanWeek.plan_id.in_(_plan_ids(p))),
    Scope("plan_changes", PlanChange, lambda p: PlanChange.plan_id.in_(_plan_ids(p))),
    Scope("plan_schedules", PlanSchedule, lambda p: PlanSchedule.plan_id.in_(_plan_ids(p))),
    Scope("session_logs", SessionLog, lambda p: SessionLog.patient_id == p.id),
    Scope("item_logs", ItemLog, lambda p: ItemLog.session_log_id.in_(_log_ids(p))),
    Scope("log_receipts", LogReceipt, lambda p: LogReceipt.patient_id == p.id),
    Scope("weekly_checks", WeeklyCheck, lambda p: WeeklyCheck.patient_id == p.id),
    Scope(
        "functioning_activities",
        FunctioningActivity,
        lambda p: FunctioningActivity.patient_id == p.id,
    ),
    Scope(
        "functioning_scores",
        FunctioningScore,
        lambda p: FunctioningScore.activity_id.in_(_activity_ids(p)),
    ),
    Scope("episodes", Episode, lambda p: Episode.patient_id == p.id),
    Scope("measurements", Measurement, lambda p: Measurement.episode_id.in_(_episode_ids(p))),
    Scope(
        "external_scores", ExternalScore, lambda p: ExternalScore.episode_id.in_(_episode_ids(p))
    ),
    Scope("ldf_choices", LdfChoice, lambda p: LdfChoice.patient_id == p.id),
    Scope("reminder_settings", ReminderSettings, lambda p: ReminderSettings.user_id == p.id),
    # The browser's keys are secrets of that browser: the export names only the address.
    Scope(
        "push_subscriptions",
        PushSubscription,
        lambda p: PushSubscription.user_id == p.id,
        omit=("p256dh", "auth"),
    ),
    Scope("messages", Message, lambda p: Message.patient_id == p.id),
    Scope("screenings", Screening, lambda p: Screening.patient_id == p.id),
    Scope("flags", Flag, lambda p: Flag.patient_id == p.id),
    Scope("quiz_results", QuizResult, lambda p: QuizResult.user_id == p.id),
    Scope("checkpoint_mentions", CheckpointMention, lambda p: CheckpointMention.user_id == p.id),
    Scope(
        "invitations",
        Invitation,
        lambda p: or_(Invitation.used_by_id == p.id, func.lower(Invitation.email) == p.email),
        omit=("token_hash",),
    ),
    Scope(
        "password_resets",
        PasswordReset,
        lambda p: PasswordReset.user_id == p.id,
        omit=("token_hash",),
    ),
    # The devices they are signed in on, and from which address.
    Scope(
        "login_sessions",
        LoginSession,
        lambda p: LoginSession.user_id == p.id,
        omit=("token_hash",),
    ),
    # The physio's own videos they were chosen to see.
    Scope("video_viewers", VideoViewer, lambda p: VideoViewer.patient_id == p.id),
    Scope(
        "outbox_emails",
        OutboxEmail,
        lambda p: or_(OutboxEmail.user_id == p.id, func.lower(OutboxEmail.to_address) == p.email),
        omit=("claim_token",),
    ),
    # Who looked at or changed their data, and what they did themselves. The IP address
    # is left out: for rows by a physio it is the physio's, not the patient's.
    Scope(
        "audit_events",
        AuditEvent,
        lambda p: or_(AuditEvent.subject_id == p.id, AuditEvent.actor_id == p.id),
        omit=("ip",),
    ),
)

# Tables that point at an account but hold no patient's data, and why.
NOT_PATIENT_DATA: dict[str, str] = {
    "exercises": "a physiotherapist's own exercises (owner_id is always a physio)",
    "videos": "videos a physiotherapist uploaded (uploaded_by_id is always a physio)",
    "page_versions": "how often the data behind a user's pages changed: only a number",
}


def person_of(user: User) -> Person:
    """The account as the scopes select it."""
    return Person(id=user.id, email=(user.email or "").lower())
