"""The email outbox."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import Base, UTCDateTime
from webapp.models.base import stored_enum


class OutboxStatus(enum.StrEnum):
    """Where an outgoing email is in the delivery pipeline."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    EXPIRED = "expired"


class OutboxChannel(enum.StrEnum):
    """How an outbox row reaches the patient."""

    EMAIL = "email"
    PUSH = "push"  # a Web Push to each of the patient's browsers (services/push)


class OutboxEmail(Base):
    """An email (or a Web Push) waiting for, in, or past delivery; the key makes a second
    insert a no-op.

    A push row shares the whole pipeline of an email (key, claim, lease, not after, retries)
    and stores its JSON payload in ``text_body``, which the admin pages never show.
    """

    __tablename__ = "outbox_emails"
    # The claim walks this index in order: due rows of one status, oldest first.
    __table_args__ = (Index("ix_outbox_emails_due", "status", "next_attempt_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(8), default="email", server_default="email")
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    headers: Mapped[str] = mapped_column(Text, default="{}")  # JSON object of extra headers
    message_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[OutboxStatus] = mapped_column(
        stored_enum(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(36))
    not_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="")
