"""Signed-in browsers: start, check on each request, list and end them.

The cookie carries a random id; the table keeps its hash, the device and when it was last
seen. Logging out deletes the row, so a cookie copied before that opens nothing afterwards.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from webapp.models import LoginSession, Role, User

# Staff see many patients' data, often on a shared practice computer: a session left alone
# for an hour ends. Patients use their own phone and come back every day or two.
IDLE_LIMITS = {
    Role.PATIENT: timedelta(days=14),
    Role.PHYSIO: timedelta(hours=1),
    Role.ADMIN: timedelta(hours=1),
}
# "Last seen" is written at most this often, so a page view rarely costs a write.
TOUCH_EVERY = timedelta(minutes=1)
USER_AGENT_LENGTH = 255


def idle_limit(role: Role) -> timedelta:
    """How long a session of this role lasts without a request."""
    return IDLE_LIMITS[role]


def _digest(token: str) -> str:
    """The stored form of a session id."""
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, *, now: datetime, user_agent: str, ip: str) -> str:
    """Record a new signed-in browser; returns the id for its cookie. The caller commits."""
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            user_id=user.id,
            token_hash=_digest(token),
            user_agent=(user_agent or "")[:USER_AGENT_LENGTH],
            ip=(ip or "")[:45],
            created_at=now,
            last_seen_at=now,
        )
    )
    return token


@dataclass(frozen=True)
class Check:
    """The outcome of checking a cookie's session id: the row if valid, and if it was touched."""

    found: LoginSession | None
    touched: bool = False


def check(session: Session, user: User, token: object, *, now: datetime) -> Check:
    """The user's live session with this id; an idle one is deleted. The caller commits."""
    if not isinstance(token, str) or not token:
        return Check(None)
    digest = _digest(token)
    found = session.scalar(select(LoginSession).where(LoginSession.token_hash == digest))
    return check_found(session, user, found, token, now=now)


# Built once: every signed-in request runs it.
_SIGNED_IN = (
    select(User, LoginSession)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(User.id == bindparam("user_id"), LoginSession.token_hash == bindparam("digest"))
)


def find(session: Session, user_id: int, token: object) -> tuple[User, LoginSession] | None:
    """The account and its session with this id, in one query (each request asks)."""
    if not isinstance(token, str) or not token:
        return None
    row = session.execute(_SIGNED_IN, {"user_id": user_id, "digest": _digest(token)}).first()
    return None if row is None else (row[0], row[1])


def check_found(
    session: Session, user: User, found: LoginSession | None, token: object, *, now: datetime
) -> Check:
    """Whether the session found for this id is the user's and live; an idle one is deleted."""
    if found is None or found.user_id != user.id or not isinstance(token, str):
        return Check(None)
    if not hmac.compare_digest(found.token_hash, _digest(token)):
        return Check(None)
    if now - found.last_seen_at > idle_limit(user.role):
        session.delete(found)
        return Check(None, touched=True)
    if now - found.last_seen_at >= TOUCH_EVERY:
        found.last_seen_at = now
        return Check(found, touched=True)
    return Check(found)


def end(session: Session, token: object) -> None:
    """End the session with this id (logging out). The caller commits."""
    if isinstance(token, str) and token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))


def end_one(session: Session, user: User, session_id: int) -> bool:
    """End one of the user's own sessions by its row id; False when it is not theirs."""
    result = session.execute(
        delete(LoginSession).where(LoginSession.id == session_id, LoginSession.user_id == user.id)
    )
    return result.rowcount == 1


def end_all(session: Session, user_id: int) -> None:
    """End every session of an account, on every device. The caller commits."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))


def active(session: Session, user: User, *, now: datetime) -> list[LoginSession]:
    """The user's sessions that are still live, most recently seen first."""
    since = now - idle_limit(user.role)
    return list(
        session.scalars(
            select(LoginSession)
            .where(LoginSession.user_id == user.id, LoginSession.last_seen_at >= since)
            .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
        )
    )


def is_current(row: LoginSession, token: object) -> bool:
    """True when the row is the session of the browser that holds this id."""
    return isinstance(token, str) and hmac.compare_digest(row.token_hash, _digest(token))
