"""Flags: what a physiotherapist should look at, raised by rules and cleared when resolved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, UTCDateTime

# Kinds of flag and where they come from.
FLAG_KINDS = (
    "two_held",  # two held weeks in a row (graded activity)
    "no_increase_3_weeks",  # no step up for three weeks
    "no_log_7_days",  # nothing logged for a week
    "pain_high",  # pain of 8 or more reported
    "red_flag",  # a red-flag answer in the safety check
    "resumed_by_patient",  # after an urgent check, the patient's own word resumed the plan
    "mail_bouncing",  # reminder mail refused by the patient's mail server
)


class Flag(Base):
    """An open or resolved reason for a physio to look at a patient; one open flag per kind."""

    __tablename__ = "flags"
    __table_args__ = (
        Index(
            "uq_flags_one_open_per_kind",
            "patient_id",
            "kind",
            unique=True,
            sqlite_where=text("cleared_at IS NULL"),
            postgresql_where=text("cleared_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
