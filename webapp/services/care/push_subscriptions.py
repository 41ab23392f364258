"""A patient's browsers that get reminders as Web Push: checking, storing, removing them.

A browser's subscription (PushManager.subscribe) is its push service's address for it and
two keys. Several browsers per patient are fine; an address belongs to one patient, so a
phone that changes hands moves its address to the account that subscribed last.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from webapp.models import PushSubscription, User
from webapp.services.core.errors import ServiceError

MAX_ENDPOINT = 2000
P256DH_BYTES = 65  # an uncompressed P-256 point (RFC 8291)
AUTH_BYTES = 16
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class NewSubscription:
    """A browser's push address and keys, checked."""

    endpoint: str
    p256dh: str
    auth: str


def _key_bytes(value: object, length: int, name: str) -> str:
    """A base64url key of ``length`` bytes, or ServiceError naming the key."""
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ServiceError(_l("The key %(name)s is missing.", name=name))
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise ServiceError(_l("The key %(name)s is not base64url.", name=name)) from None
    if len(raw) != length:
        raise ServiceError(_l("The key %(name)s has the wrong length.", name=name))
    return value


def parse_subscription(data: object, allow_loopback: bool) -> NewSubscription:
    """The subscription a browser sent (PushSubscription.toJSON()), or ServiceError.

    The address must be https; plain http only to this machine, for development and tests.
    """
    if not isinstance(data, dict):
        raise ServiceError(_l("Send the subscription as a JSON object."))
    endpoint = data.get("endpoint")
    keys = data.get("keys")
    if not isinstance(endpoint, str) or not 0 < len(endpoint) <= MAX_ENDPOINT:
        raise ServiceError(_l("The push address is missing or too long."))
    parts = urlsplit(endpoint)
    secure = parts.scheme == "https" and parts.hostname
    loopback = allow_loopback and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if not (secure or loopback):
        raise ServiceError(_l("The push address must be an https address."))
    if not isinstance(keys, dict):
        raise ServiceError(_l("The subscription has no keys."))
    p256dh = _key_bytes(keys.get("p256dh"), P256DH_BYTES, "p256dh")
    try:  # a point on the curve, or no push could ever be encrypted for this browser
        ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), base64.urlsafe_b64decode(p256dh + "=" * (-len(p256dh) % 4))
        )
    except ValueError:
        raise ServiceError(_l("The key %(name)s is not valid.", name="p256dh")) from None
    auth = _key_bytes(keys.get("auth"), AUTH_BYTES, "auth")
    return NewSubscription(endpoint, p256dh, auth)


def subscribe(session: Session, user: User, new: NewSubscription, now: datetime) -> None:
    """Store this browser's address for the user (kept once; new keys replace old ones)."""
    row = session.scalar(select(PushSubscription).where(PushSubscription.endpoint == new.endpoint))
    if row is None:
        row = PushSubscription(endpoint=new.endpoint)
        session.add(row)
    row.user_id, row.p256dh, row.auth, row.created_at = user.id, new.p256dh, new.auth, now
    session.flush()


def unsubscribe(session: Session, user: User, endpoint: object) -> bool:
    """Remove one of the user's browser addresses; False when the user had no such address."""
    if not isinstance(endpoint, str) or not endpoint:
        raise ServiceError(_l("The push address is missing or too long."))
    result = session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user.id, PushSubscription.endpoint == endpoint
        )
    )
    return result.rowcount > 0


def subscription_count(session: Session, user: User) -> int:
    """How many of the user's browsers get pushes."""
    mine = PushSubscription.user_id == user.id
    return session.scalar(select(func.count()).select_from(PushSubscription).where(mine))
