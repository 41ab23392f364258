"""Rugcoach's tables as SQLAlchemy 2 typed models, one module per area."""

from webapp.models.accounts import Role, User
from webapp.models.education import CheckpointMention, QuizResult
from webapp.models.flags import FLAG_KINDS, Flag
from webapp.models.library import (
    Exercise,
    Unit,
    Video,
    VideoAudience,
    VideoSource,
    VideoStatus,
    VideoViewer,
)
from webapp.models.measures import Episode, ExternalScore, LdfChoice, Measurement
from webapp.models.outbox import OutboxChannel, OutboxEmail, OutboxStatus
from webapp.models.outcomes import Comparison, FunctioningActivity, FunctioningScore, WeeklyCheck
from webapp.models.pages import EVERYONE, PageVersion
from webapp.models.plans import (
    Feeling,
    ItemLog,
    LogReceipt,
    Plan,
    PlanItem,
    PlanStatus,
    PlanWeek,
    SessionLog,
    SessionStatus,
)
from webapp.models.reminders import PushSubscription, ReminderSettings
from webapp.models.safety import Screening
from webapp.models.schedules import PlanSchedule
from webapp.models.security import AuditEvent, LoginSession, PasswordReset, SiteSetting
from webapp.models.workspace import Invitation, Message, PlanChange

__all__ = [
    "EVERYONE",
    "FLAG_KINDS",
    "AuditEvent",
    "CheckpointMention",
    "Comparison",
    "Episode",
    "Exercise",
    "ExternalScore",
    "Feeling",
    "Flag",
    "FunctioningActivity",
    "FunctioningScore",
    "Invitation",
    "ItemLog",
    "LdfChoice",
    "LogReceipt",
    "LoginSession",
    "Measurement",
    "Message",
    "OutboxChannel",
    "OutboxEmail",
    "OutboxStatus",
    "PageVersion",
    "PasswordReset",
    "Plan",
    "PlanChange",
    "PlanItem",
    "PlanSchedule",
    "PlanStatus",
    "PlanWeek",
    "PushSubscription",
    "QuizResult",
    "ReminderSettings",
    "Role",
    "Screening",
    "SessionLog",
    "SessionStatus",
    "SiteSetting",
    "Unit",
    "User",
    "Video",
    "VideoAudience",
    "VideoSource",
    "VideoStatus",
    "VideoViewer",
    "WeeklyCheck",
]
