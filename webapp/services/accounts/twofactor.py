"""Two-factor login (TOTP, RFC 6238) for physios and admins, with one-time recovery codes.

The secret lives on the user (``totp_secret``; set but not enabled while being set up),
encrypted with a key from SECRET_KEY (``totp_box``): every function that reads or writes it
is handed that key.
Recovery codes (hashed) and the last accepted time step, which stops a seen code from
being used twice, have no column of their own yet: they are kept per user as one JSON
value in ``site_settings`` under ``two_factor:<user id>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import datetime

import pyotp
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Role, SiteSetting, User
from webapp.services.accounts import totp_box
from webapp.services.core.errors import ServiceError

ISSUER = "Rugcoach"
# Accept the code of the previous and next 30-second step too: phone clocks drift.
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 8
# Recovery codes: 10 characters from a 32-letter alphabet without look-alikes (50 bits).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
REQUIRE_SETTING = "require_two_factor"
STAFF_ROLES = (Role.PHYSIO, Role.ADMIN)


def may_use(user: User) -> bool:
    """Two-factor login is offered to physios and admins."""
    return user.role in STAFF_ROLES


def is_required(session: Session) -> bool:
    """Whether the admin requires two-factor login for every physio and admin."""
    setting = session.get(SiteSetting, REQUIRE_SETTING)
    return setting is not None and setting.value == "1"


def set_required(session: Session, required: bool) -> None:
    """Turn the requirement on or off."""
    setting = session.get(SiteSetting, REQUIRE_SETTING)
    if setting is None:
        setting = SiteSetting(key=REQUIRE_SETTING)
        session.add(setting)
    setting.value = "1" if required else "0"


def needs_setup(session: Session, user: User) -> bool:
    """True for a physio or admin who must set up two-factor login before going on."""
    return may_use(user) and not user.totp_enabled and is_required(session)


def start_setup(user: User, *, key: str) -> str:
    """Give the user a new secret to add to their authenticator app; not active yet."""
    if not may_use(user):
        raise ServiceError(_l("Two-step login is for physiotherapists and admins."))
    if user.totp_enabled:
        raise ServiceError(_l("Two-step login is already on."))
    secret = pyotp.random_base32()
    user.totp_secret = totp_box.seal(key, user.id, secret)
    return secret


def current_secret(user: User, *, key: str) -> str | None:
    """The user's secret in clear, or None when there is none (or SECRET_KEY changed)."""
    return totp_box.unseal(key, user.id, user.totp_secret)


def grouped_secret(secret: str) -> str:
    """The secret in groups of four, for typing it over."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads (as a QR code or by hand)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _normalise(code: str) -> str:
    """A code as typed, without spaces, dashes and case."""
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _state_key(user: User) -> str:
    """The settings key of this user's two-factor state."""
    return f"two_factor:{user.id}"


def _load_state(session: Session, user: User) -> tuple[SiteSetting | None, dict]:
    """The user's state row, locked for this transaction, and its parsed value."""
    row = session.scalar(
        select(SiteSetting).where(SiteSetting.key == _state_key(user)).with_for_update()
    )
    try:
        state = json.loads(row.value) if row is not None else {}
    except ValueError:
        state = {}
    return row, state if isinstance(state, dict) else {}


def _save_state(session: Session, user: User, row: SiteSetting | None, state: dict) -> None:
    """Store the user's state."""
    if row is None:
        row = SiteSetting(key=_state_key(user))
        session.add(row)
    row.value = json.dumps(state, sort_keys=True)


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code this is, within the window; None when none matches."""
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    found = None
    # Check every step of the window, so the time taken does not tell which one matched.
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def _accept_totp(session: Session, user: User, code: str, now: datetime, key: str) -> bool:
    """Accept a current code once: a code already used (or an older one) is refused."""
    secret = current_secret(user, key=key)
    if not secret:
        return False
    step = _matching_step(secret, _normalise(code), now)
    if step is None:
        return False
    row, state = _load_state(session, user)
    if step <= int(state.get("last_step", -1)):
        return False
    state["last_step"] = step
    _save_state(session, user, row, state)
    return True


def _hash_recovery(code: str) -> str:
    """The stored form of a recovery code (the codes are random, so a plain hash will do)."""
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _new_recovery_codes() -> list[str]:
    """Fresh recovery codes, formatted as xxxxx-xxxxx."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def _use_recovery_code(session: Session, user: User, code: str) -> bool:
    """Accept an unused recovery code and strike it off."""
    digest = _hash_recovery(code)
    row, state = _load_state(session, user)
    remaining = list(state.get("recovery", []))
    match = None
    for stored in remaining:
        if hmac.compare_digest(stored, digest):
            match = stored
    if match is None:
        return False
    remaining.remove(match)
    state["recovery"] = remaining
    _save_state(session, user, row, state)
    return True


def recovery_codes_left(session: Session, user: User) -> int:
    """How many recovery codes the user has not used yet."""
    row = session.get(SiteSetting, _state_key(user))
    try:
        return len(json.loads(row.value).get("recovery", [])) if row else 0
    except (ValueError, AttributeError):
        return 0


def enable(session: Session, user: User, code: str, *, now: datetime, key: str) -> list[str]:
    """Switch two-factor login on once a code from the app matches; returns recovery codes."""
    if user.totp_enabled:
        raise ServiceError(_l("Two-step login is already on."))
    if not user.totp_secret:
        raise ServiceError(_l("Start the set-up first."))
    if not _accept_totp(session, user, code, now, key):
        raise ServiceError(_l("This code is not right. Check the time on your phone."), "code")
    user.totp_enabled = True
    codes = _new_recovery_codes()
    row, state = _load_state(session, user)
    state["recovery"] = [_hash_recovery(c) for c in codes]
    _save_state(session, user, row, state)
    return codes


def disable(session: Session, user: User, code: str, *, now: datetime, key: str) -> None:
    """Switch two-factor login off after a current code (or a recovery code)."""
    if not user.totp_enabled:
        raise ServiceError(_l("Two-step login is already off."))
    if may_use(user) and is_required(session):
        raise ServiceError(_l("Two-step login is required in this practice."))
    if not check_second_factor(session, user, code, now=now, key=key):
        raise ServiceError(_l("This code is not right. Check the time on your phone."), "code")
    user.totp_enabled = False
    user.totp_secret = None
    row, _state = _load_state(session, user)
    if row is not None:
        session.delete(row)


def check_second_factor(
    session: Session, user: User, code: str, *, now: datetime, key: str
) -> bool:
    """True for a current app code or an unused recovery code (which is then used up)."""
    if not user.totp_enabled:
        return False
    if _accept_totp(session, user, code, now, key):
        return True
    return _use_recovery_code(session, user, code)
