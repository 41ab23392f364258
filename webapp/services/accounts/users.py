"""Accounts: registration, password checks and account creation by an operator."""

from __future__ import annotations

import contextlib
import functools
import unicodedata
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.schedule import zone_or_none
from webapp.models import Role, User
from webapp.services.core.errors import ServiceError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
LANGUAGES = ("nl", "en")
# Verified against when the email is unknown, so both answers take the same time.
_DUMMY_PASSWORD = "rugcoach-timing-equaliser"  # noqa: S105 (never a real password)


@functools.lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash to verify against when the email is unknown (made once per hasher)."""
    return hasher.hash(_DUMMY_PASSWORD)


def normalise_email(raw: str) -> str:
    """Check an email address's form and return it lower-cased."""
    try:
        result = validate_email((raw or "").strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ServiceError(_l("Enter a valid email address."), field="email") from None
    return result.normalized.lower()


def check_password(password: str) -> None:
    """Refuse passwords that are too short or absurdly long."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            _l("Choose a password of at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ServiceError(
            _l("Choose a password of at most %(n)d characters.", n=MAX_PASSWORD_LENGTH),
            field="password",
        )


def find_user(session: Session, email: str) -> User | None:
    """The account with this email address, if any."""
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def check_name(raw: str) -> str:
    """A person's name on one line, trimmed; refuses an empty, over-long or multi-line one.

    Names go into email subjects and headers, where a line break would break the message.
    """
    name = (raw or "").strip()
    if not 1 <= len(name) <= 120:
        raise ServiceError(_l("Enter a name of at most 120 characters."), field="name")
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in name):
        raise ServiceError(_l("Enter the name on one line, without tabs."), field="name")
    return name


def check_profile(name: str, locale: str, timezone: str) -> str:
    """Refuse a bad name, an unknown language or time zone; returns the name, trimmed."""
    name = check_name(name)
    if locale not in LANGUAGES:
        raise ServiceError(_l("Choose Dutch or English."), field="locale")
    if zone_or_none(timezone) is None:
        raise ServiceError(_l("Choose a time zone from the list."), field="timezone")
    return name


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    role: Role,
    now: datetime,
    hasher: PasswordHasher,
    locale: str = "nl",
    timezone: str = "Europe/Amsterdam",
) -> User:
    """Create an account after checking every field; the caller commits."""
    email = normalise_email(email)
    name = check_profile(name, locale, timezone)
    check_password(password)
    if find_user(session, email) is not None:
        raise ServiceError(_l("An account with this email address already exists."), field="email")
    user = User(
        email=email,
        name=name,
        password_hash=hasher.hash(password),
        role=role,
        locale=locale,
        timezone=timezone,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def register_patient(session: Session, *, now: datetime, **fields: str) -> User:
    """A patient account with a chosen password (from an invitation), red-flag check first."""
    user = create_user(session, role=Role.PATIENT, now=now, **fields)
    user.safety_check_due = True
    return user


def password_matches(user: User, password: str, hasher: PasswordHasher) -> bool:
    """Whether ``password`` is this account's password."""
    try:
        return hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def authenticate(
    session: Session, email: str, password: str, hasher: PasswordHasher
) -> User | None:
    """The user when the password matches; None otherwise (same work either way)."""
    user = find_user(session, email or "")
    if user is None:
        with contextlib.suppress(VerificationError):
            hasher.verify(_dummy_hash(hasher), password or "")
        return None
    try:
        hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user
