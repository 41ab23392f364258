"""Invitations: a physio invites a patient by email; the link registers or links them once.

Only the token's SHA-256 is stored, so a database copy yields no working links; a token is
used by one conditional UPDATE, so two clicks racing each other link only once.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from webapp.models import Invitation, OutboxEmail, OutboxStatus, Role, User
from webapp.services.accounts.users import (
    LANGUAGES,
    check_name,
    find_user,
    normalise_email,
    register_patient,
)
from webapp.services.core import access, audit
from webapp.services.core.errors import ServiceError
from webapp.services.mail.render import Mailroom
from webapp.services.workspace import messages
from webapp.services.workspace.physio_link import link_to_physio

LIFETIME = timedelta(days=7)
MAX_NAME_LENGTH = 120
# secrets.token_urlsafe(32): 32 random bytes (256 bits) as 43 URL-safe characters.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")


class InvitationState(enum.StrEnum):
    """What opening an invitation link finds."""

    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Lookup:
    """The invitation behind a token (None when unknown) and its state."""

    state: InvitationState
    invitation: Invitation | None = None

    @property
    def valid(self) -> bool:
        """True when the link can still be used."""
        return self.state == InvitationState.VALID


@dataclass(frozen=True)
class Invitee:
    """The email's recipient: render_email needs an address, a name and a language."""

    email: str
    name: str
    locale: str


class InvitationUnusable(ServiceError):
    """The link is expired, used, revoked or unknown; ``state`` says which."""

    def __init__(self, state: InvitationState) -> None:
        super().__init__(MESSAGES[state])
        self.state = state


MESSAGES = {
    InvitationState.EXPIRED: _l("This invitation has expired."),
    InvitationState.USED: _l("This invitation has already been used."),
    InvitationState.REVOKED: _l("This invitation was withdrawn by the physiotherapist."),
    InvitationState.UNKNOWN: _l("This invitation link is not valid."),
}


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def state_of(invitation: Invitation, now: datetime) -> InvitationState:
    """An invitation's state at ``now``; withdrawn and used outrank expired."""
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.used_at is not None:
        return InvitationState.USED
    if invitation.expires_at <= now:
        return InvitationState.EXPIRED
    return InvitationState.VALID


def invite(
    session: Session,
    *,
    physio: User,
    email: str,
    name: str,
    locale: str,
    now: datetime,
    mailroom: Mailroom,
    ip: str = "",
) -> tuple[Invitation, str]:
    """Store an invitation and queue its email; returns it with the one-time token."""
    if physio.role != Role.PHYSIO:
        raise ServiceError(_l("Only a physiotherapist can invite patients."))
    email = normalise_email(email)
    name = check_name(name)
    if locale not in LANGUAGES:
        raise ServiceError(_l("Choose Dutch or English."), field="locale")
    existing = find_user(session, email)
    if existing is not None and existing.role != Role.PATIENT:
        # A staff account can never accept: refuse now rather than when the link is opened.
        raise ServiceError(
            _l(
                "This address belongs to a physiotherapist or admin account. Invite a patient's own address."  # noqa: E501
            ),
            field="email",
        )
    if existing is not None and existing.physio_id == physio.id:
        raise ServiceError(
            _l("%(name)s is already one of your patients.", name=existing.name), field="email"
        )
    # Inviting again replaces the earlier link, so only the newest email works.
    session.execute(
        update(Invitation)
        .where(
            Invitation.physio_id == physio.id,
            Invitation.email == email,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        physio_id=physio.id,
        email=email,
        name=name,
        locale=locale,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + LIFETIME,
    )
    session.add(invitation)
    session.flush()
    _queue_email(session, mailroom, invitation, physio, token, now)
    subject = existing.id if existing is not None and existing.role == Role.PATIENT else None
    audit.record(
        session,
        actor=physio,
        subject_id=subject,
        action="invitation.sent",
        now=now,
        ip=ip,
        detail=f"invitation {invitation.id} to {email}",
    )
    return invitation, token


def _queue_email(
    session: Session,
    mailroom: Mailroom,
    invitation: Invitation,
    physio: User,
    token: str,
    now: datetime,
) -> None:
    """Render the invitation in the invitee's language and put it in the outbox."""
    invitee = Invitee(email=invitation.email, name=invitation.name, locale=invitation.locale)
    mailroom.queue(
        session,
        key=f"invite:{invitation.id}",
        kind="invitation",
        user_id=None,
        template="invitation",
        recipient=invitee,
        subject=_l("%(physio)s invites you to Rugcoach", physio=physio.name),
        now=now,
        # A link that no longer works is not worth delivering.
        not_after=invitation.expires_at,
        physio=physio,
        invite_url=mailroom.links.invitation(token),
    )


def find_invitation(session: Session, token: str, now: datetime) -> Lookup:
    """The invitation a token opens and its state; anything malformed or tampered is unknown."""
    if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
        return Lookup(InvitationState.UNKNOWN)
    invitation = session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None:
        return Lookup(InvitationState.UNKNOWN)
    return Lookup(state_of(invitation, now), invitation)


def _usable(session: Session, token: str, now: datetime) -> Invitation:
    """The valid invitation behind a token, or InvitationUnusable."""
    found = find_invitation(session, token, now)
    if not found.valid:
        raise InvitationUnusable(found.state)
    return found.invitation


def _claim(session: Session, invitation: Invitation, user: User, now: datetime) -> None:
    """Mark the invitation used by ``user``, unless someone else got there first."""
    claimed = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise InvitationUnusable(InvitationState.USED)
    session.refresh(invitation)  # the UPDATE bypassed the loaded object


def accept(
    session: Session,
    *,
    token: str,
    patient: User,
    now: datetime,
    ip: str = "",
    share_thread: bool = False,
) -> User:
    """Link the signed-in patient to the inviting physio; returns that physio.

    The messages with an earlier physio stay with that pair unless ``share_thread``: the
    patient's own choice on the accept page.
    """
    invitation = _usable(session, token, now)
    if patient.role != Role.PATIENT:
        raise ServiceError(_l("Only a patient account can accept an invitation."))
    if patient.email.lower() != invitation.email.lower():
        raise ServiceError(_l("This invitation was sent to a different email address."))
    _claim(session, invitation, patient, now)
    previous = patient.physio_id
    link_to_physio(session, patient, invitation, now, ip)
    if share_thread and previous is not None and previous != invitation.physio_id:
        shared = messages.share_thread(session, patient, previous, invitation.physio_id)
        audit.record(
            session,
            actor=patient,
            subject_id=patient.id,
            action="messages.shared",
            now=now,
            ip=ip,
            detail=f"{shared} messages with physio {previous} shared with physio "
            f"{invitation.physio_id}",
        )
    return session.get(User, invitation.physio_id)


def register_from_invitation(
    session: Session,
    *,
    token: str,
    name: str,
    password: str,
    timezone: str,
    now: datetime,
    hasher: PasswordHasher,
    ip: str = "",
) -> User:
    """Create the invited patient's account (email and language from the invitation) and link it."""
    invitation = _usable(session, token, now)
    patient = register_patient(
        session,
        now=now,
        email=invitation.email,
        name=name,
        password=password,
        locale=invitation.locale,
        timezone=timezone,
        hasher=hasher,
    )
    _claim(session, invitation, patient, now)
    link_to_physio(session, patient, invitation, now, ip)
    return patient


def revoke(session: Session, *, physio: User, invitation_id: int, now: datetime) -> Invitation:
    """Withdraw one of the physio's unused invitations (NotFound for anyone else's)."""
    invitation = access.invitation_for(session, physio, invitation_id)
    if invitation.used_at is not None:
        raise ServiceError(_l("This invitation has already been used; it cannot be withdrawn."))
    if invitation.revoked_at is None:
        invitation.revoked_at = now
    return invitation


def pending_for(session: Session, physio: User, limit: int = 100) -> list[Invitation]:
    """The physio's invitations that were not withdrawn (open, expired or used), newest first."""
    return list(
        session.scalars(
            select(Invitation)
            .where(Invitation.physio_id == physio.id, Invitation.revoked_at.is_(None))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
            .limit(limit)
        )
    )


def email_states(session: Session, found: list[Invitation]) -> dict[int, OutboxStatus]:
    """Where each invitation's email is: waiting, sent, failed or expired (by invitation id)."""
    keys = {f"invite:{invitation.id}": invitation.id for invitation in found}
    if not keys:
        return {}
    rows = session.execute(
        select(OutboxEmail.idempotency_key, OutboxEmail.status).where(
            OutboxEmail.idempotency_key.in_(list(keys))
        )
    )
    return {keys[key]: status for key, status in rows}
