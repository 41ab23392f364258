"""Accounts and roles."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import Base, UTCDateTime
from webapp.models.base import stored_enum


class Role(enum.StrEnum):
    """What an account may do."""

    PATIENT = "patient"
    PHYSIO = "physio"
    ADMIN = "admin"


class User(UserMixin, Base):
    """A patient, physiotherapist or admin account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(stored_enum(Role, "role"), default=Role.PATIENT)
    name: Mapped[str] = mapped_column(String(120))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Amsterdam")
    physio_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    onset_date: Mapped[date | None] = mapped_column(Date)
    # The secret in the personal calendar feed's address; reset by the user.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Two-factor login (TOTP) for physios and admins; the secret is encrypted (totp_box).
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set when the red-flag questions must be asked again (pain of 8+, a "worse" week).
    safety_check_due: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The patient's own GP and huisartsenpost, shown as tap-to-call links when it is urgent.
    gp_phone: Mapped[str | None] = mapped_column(String(32))
    out_of_hours_phone: Mapped[str | None] = mapped_column(String(32))
    # Bumped when the password changes: every session made before stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    physio: Mapped[User | None] = relationship(remote_side=[id])

    def get_id(self) -> str:
        """The session's user id with the password version: a reset ends older sessions."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_physio(self) -> bool:
        """True for physiotherapists."""
        return self.role == Role.PHYSIO

    @property
    def is_admin(self) -> bool:
        """True for admins."""
        return self.role == Role.ADMIN
