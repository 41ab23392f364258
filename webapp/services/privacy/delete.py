"""Deleting a patient's account: erase their data, keep a pseudonymised audit trail."""

from __future__ import annotations

import secrets
from datetime import datetime

from argon2 import PasswordHasher
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from webapp.models import AuditEvent, OutboxEmail, Plan, Role, User
from webapp.services.accounts.users import password_matches
from webapp.services.core import audit
from webapp.services.core.errors import ServiceError
from webapp.services.privacy.scopes import PATIENT_DATA, person_of

# Tombstones get an address in a reserved domain (RFC 2606): never deliverable, never
# someone's real address, and the unique column stays unique.
TOMBSTONE_DOMAIN = "deleted.invalid"
# Not an argon2 hash: no password ever verifies against it.
NO_PASSWORD = "!deleted"  # noqa: S105 (a marker, not a password)
# Kept for the trail: the account row (as a tombstone) and the audit rows (pseudonymised).
KEPT = {User.__tablename__, AuditEvent.__tablename__}


def is_tombstone(user: User) -> bool:
    """True for the remains of a deleted account."""
    return user.email.endswith("@" + TOMBSTONE_DOMAIN)


def not_deleted():
    """SQL condition: the account is not the tombstone of a deleted one."""
    return User.email.not_like(f"%@{TOMBSTONE_DOMAIN}")


def check_password(user: User, password: str, hasher: PasswordHasher) -> None:
    """Refuse the deletion unless the account's own password is given."""
    if not password_matches(user, password, hasher):
        raise ServiceError(_l("This password is not correct."), field="password")


def delete_account(
    session: Session,
    user: User,
    *,
    password: str,
    now: datetime,
    hasher: PasswordHasher,
    ip: str = "",
) -> str:
    """Erase a patient's data and leave a tombstone; returns the pseudonym. The caller commits.

    Every table in ``PATIENT_DATA`` loses the patient's rows, children before parents, so
    the result does not depend on the database's cascades. Their emails still waiting in
    the outbox go with them in the same transaction, so no deliver pass can pick one up
    afterwards. The audit trail keeps its rows, pseudonymised, and records the deletion.
    """
    if user.role != Role.PATIENT or is_tombstone(user):
        raise ServiceError(_l("Only a patient can delete their own account here."))
    check_password(user, password, hasher)
    person = person_of(user)
    pseudonym = f"deleted-{secrets.token_hex(6)}"
    # Wait for a reminder pass that holds the plans (it locks them while it queues mail),
    # so nothing it queues can slip in after the outbox rows are gone.
    session.execute(select(User.id).where(User.id == user.id).with_for_update())
    session.execute(select(Plan.id).where(Plan.patient_id == user.id).with_for_update())
    erased = [scope for scope in reversed(PATIENT_DATA) if scope.table not in KEPT]
    # The outbox goes last: by then no plan is left to queue another reminder from.
    erased.sort(key=lambda scope: scope.table == OutboxEmail.__tablename__)
    for scope in erased:
        session.execute(
            delete(scope.model)
            .where(scope.rows(person))
            .execution_options(synchronize_session=False)
        )
    audit.pseudonymise(
        session, user_id=user.id, pseudonym=pseudonym, identifiers=[user.email, user.name]
    )
    _make_tombstone(user, pseudonym)
    session.flush()
    audit.record(
        session,
        actor=user,
        subject_id=user.id,
        action="account.deleted",
        now=now,
        ip=ip,
        detail="deleted by the patient",
    )
    session.expire_all()
    return pseudonym


def _make_tombstone(user: User, pseudonym: str) -> None:
    """Strip the account row to what the trail's ids need: no name, address or settings."""
    user.email = f"{pseudonym}@{TOMBSTONE_DOMAIN}"
    user.name = pseudonym
    user.password_hash = NO_PASSWORD
    user.physio_id = None
    user.onset_date = None
    user.calendar_token = None
    user.totp_secret = None
    user.totp_enabled = False
    user.safety_check_due = False
    user.gp_phone = user.out_of_hours_phone = None
    user.locale = "nl"
    user.timezone = "Europe/Amsterdam"
    # Every session of the account ends, on every device.
    user.session_version += 1
