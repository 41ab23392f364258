"""A patient's reminder preferences and the scheduler's bookkeeping of their reminders."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Time, false, true
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, UTCDateTime


class ReminderSettings(Base):
    """How and when a patient wants to be reminded; one row per patient, made on first use.

    The daily reminder's time and days are the plan's; this row holds the rest. The
    ``next_*`` instants are indexed so each scheduler pass reads only what is due.
    """

    __tablename__ = "reminder_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    daily_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    followup_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    weekly_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    quiet_start: Mapped[time] = mapped_column(Time, default=time(21, 30))
    quiet_end: Mapped[time] = mapped_column(Time, default=time(7, 30))
    paused_until: Mapped[date | None] = mapped_column(Date)
    # Daily reminders in a row that were not followed by a log; at 3 only the weekly remains.
    ignored_in_row: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    weekly_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_daily_on: Mapped[date | None] = mapped_column(Date)
    next_followup_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    next_weekly_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class PushSubscription(Base):
    """One browser's Web Push address for a patient: where its push service takes our pushes.

    The endpoint is the push service's URL for that browser; ``p256dh`` and ``auth`` are the
    browser's keys, with which each push is encrypted so only that browser can read it.
    """

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(Text, unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
