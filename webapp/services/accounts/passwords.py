"""Password links: forgotten passwords, welcome links for new staff, and password changes.

A link carries ``secrets.token_urlsafe(32)`` (256 bits); only its SHA-256 is stored, so a
copy of the database opens no account. A link works once, until it expires, and a new
link or a new password voids every older one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from webapp.models import PasswordReset, Role, User
from webapp.services.accounts import sessions
from webapp.services.accounts.users import (
    check_password,
    create_user,
    find_user,
    normalise_email,
    password_matches,
)
from webapp.services.core.errors import ServiceError
from webapp.services.mail.render import Mailroom

RESET_VALIDITY = timedelta(minutes=30)
WELCOME_VALIDITY = timedelta(days=7)
STAFF_ROLES = (Role.PHYSIO, Role.ADMIN)


class LinkError(ServiceError):
    """A password link that cannot be used; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: object, status: int) -> None:
        super().__init__(message)
        self.status = status


def token_digest(token: str) -> str:
    """The stored form of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _void_open_links(session: Session, user_id: int, now: datetime) -> None:
    """Mark every unused link of this user as used, so none of them works any more."""
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )


def issue_link(
    session: Session, user: User, *, now: datetime, validity: timedelta = RESET_VALIDITY
) -> tuple[PasswordReset, str]:
    """Store a new link for the user (older ones stop working) and return it with its token."""
    token = secrets.token_urlsafe(32)
    _void_open_links(session, user.id, now)
    link = PasswordReset(
        user_id=user.id,
        token_hash=token_digest(token),
        created_at=now,
        expires_at=now + validity,
    )
    session.add(link)
    session.flush()
    return link, token


def request_reset(session: Session, email: str, *, now: datetime, mailroom: Mailroom) -> bool:
    """Email a reset link when the address has an account; True when one was queued.

    The caller answers the same either way. The token is made and hashed for unknown
    addresses too, so both answers cost about the same.
    """
    try:
        user = find_user(session, normalise_email(email))
    except ServiceError:
        user = None
    if user is None:
        token_digest(secrets.token_urlsafe(32))
        return False
    link, token = issue_link(session, user, now=now)
    _send_link(session, mailroom, user, link, token, now, template="password_reset")
    return True


def create_staff_account(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role,
    locale: str,
    now: datetime,
    mailroom: Mailroom,
    hasher: PasswordHasher,
) -> User:
    """Create a physio or admin account and email them a link to choose their password.

    Nobody else ever knows the password: the account starts with a random one that is
    never shown, and the welcome link is valid for a week.
    """
    if role not in STAFF_ROLES:
        raise ServiceError(_l("Choose physiotherapist or admin."), field="role")
    user = create_user(
        session,
        email=email,
        name=name,
        password=secrets.token_urlsafe(32),
        role=role,
        locale=locale,
        now=now,
        hasher=hasher,
    )
    link, token = issue_link(session, user, now=now, validity=WELCOME_VALIDITY)
    _send_link(session, mailroom, user, link, token, now, template="welcome")
    return user


def _send_link(
    session: Session,
    mailroom: Mailroom,
    user: User,
    link: PasswordReset,
    token: str,
    now: datetime,
    template: str,
) -> None:
    """Queue the email with the link; it is pointless once the link has expired."""
    subjects = {
        "password_reset": _l("Choose a new Rugcoach password"),
        "welcome": _l("Welcome to Rugcoach: choose your password"),
    }
    mailroom.queue(
        session,
        key=f"{template}:{user.id}:{link.id}",
        kind=template,
        user_id=user.id,
        template=template,
        recipient=user,
        subject=subjects[template],
        now=now,
        not_after=link.expires_at,
        link_url=mailroom.links.password_link(token),
        valid_minutes=int((link.expires_at - link.created_at).total_seconds() // 60),
        valid_days=(link.expires_at - link.created_at).days,
    )


def usable_link(session: Session, token: str, *, now: datetime) -> PasswordReset:
    """The link for this token if it can still be used; LinkError says why not."""
    digest = token_digest(token or "")
    link = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == digest))
    # The lookup is by hash; compare again in constant time so no shortcut decides.
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        raise LinkError(_l("This link is not valid. Please ask for a new one."), 404)
    if link.used_at is not None:
        raise LinkError(_l("This link has already been used. Please ask for a new one."), 410)
    if link.expires_at <= now:
        raise LinkError(_l("This link has expired. Please ask for a new one."), 410)
    return link


def complete_reset(
    session: Session, token: str, password: str, *, now: datetime, hasher: PasswordHasher
) -> User:
    """Set the password from a link: the link is used up and every other session ends."""
    link = usable_link(session, token, now=now)
    check_password(password)
    # Claim the link with a conditional update: of two simultaneous posts only one wins.
    claimed = session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == link.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise LinkError(_l("This link has already been used. Please ask for a new one."), 410)
    user = session.get(User, link.user_id)
    _store_password(session, user, password, now, hasher)
    return user


def change_password(
    session: Session, user: User, current: str, new: str, *, now: datetime, hasher: PasswordHasher
) -> None:
    """Change a signed-in user's password after checking the current one."""
    if not password_matches(user, current, hasher):
        raise ServiceError(_l("This is not your current password."), field="current_password")
    check_password(new)
    _store_password(session, user, new, now, hasher)


def _store_password(
    session: Session, user: User, password: str, now: datetime, hasher: PasswordHasher
) -> None:
    """Hash and store the password, end older sessions and void open links."""
    user.password_hash = hasher.hash(password)
    user.session_version += 1
    sessions.end_all(session, user.id)
    _void_open_links(session, user.id, now)
