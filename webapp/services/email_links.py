"""Signed links in emails: "log it" links and one-click unsubscribe links.

A log link is scoped to one patient, plan and local date and lasts 7 days; an unsubscribe
link names one patient and one kind of email. Both are signed with the app's secret and
read against the app's clock, so tests can move time.
"""

from __future__ import annotations

import functools
import hmac
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, want_bytes
from itsdangerous.signer import HMACAlgorithm

from webapp.clock import utcnow

LOG_LINK_DAYS = 7
LOG_SALT = "rugcoach.log-link"
UNSUBSCRIBE_SALT = "rugcoach.unsubscribe"
KINDS = ("daily", "followup", "weekly")


class LinkError(ValueError):
    """A link that is forged, damaged or too old; ``expired`` tells which."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


_DERIVED_KEYS: dict[tuple, bytes] = {}
_DEFAULT_DIGEST = TimestampSigner.default_digest_method  # SHA-1, as a Python function


class ClockSigner(TimestampSigner):
    """A timestamp signer that reads the app's clock instead of the wall clock."""

    def get_timestamp(self) -> int:
        """Now, from the app's clock."""
        return int(utcnow().timestamp())

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        """The signing key, derived once per secret and salt (a pass signs thousands)."""
        key = (
            self.secret_keys[-1] if secret_key is None else secret_key,
            self.salt, self.key_derivation, self.digest_method,
        )  # fmt: skip
        found = _DERIVED_KEYS.get(key)
        if found is None:
            found = _DERIVED_KEYS[key] = super().derive_key(secret_key)
        return found

    def get_signature(self, value: str | bytes) -> bytes:
        """The signature of ``value``: the same HMAC-SHA1, computed by OpenSSL in one call.

        itsdangerous passes a Python function as the digest, which makes ``hmac.new`` take
        its slow pure-Python path; that was most of the cost of a token.
        """
        if not (type(self.algorithm) is HMACAlgorithm and self.digest_method is _DEFAULT_DIGEST):
            return super().get_signature(value)
        return base64_encode(hmac.digest(self.derive_key(), want_bytes(value), "sha1"))


def _serializer(salt: str) -> URLSafeTimedSerializer:
    """A serializer for one kind of link."""
    return _cached_serializer(current_app.config["SECRET_KEY"], salt)


class _CompactJSON:
    """itsdangerous's compact JSON (no spaces, non-ASCII kept), with one reusable encoder.

    ``json.dumps`` with options builds a new encoder on every call.
    """

    _encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def loads(payload: str | bytes) -> Any:
        """Parse a payload."""
        return json.loads(payload)

    @classmethod
    def dumps(cls, obj: Any, **kwargs: Any) -> str:
        """Serialise compactly (the same text as itsdangerous's own)."""
        if kwargs:
            return json.dumps(obj, **{"ensure_ascii": False, "separators": (",", ":"), **kwargs})
        return cls._encoder.encode(obj)


@functools.lru_cache(maxsize=16)
def _cached_serializer(secret_key: str | bytes, salt: str) -> URLSafeTimedSerializer:
    """Built once per secret and kind: it holds no state, and building it costs as much as
    signing with it."""
    return URLSafeTimedSerializer(
        secret_key, salt=salt, serializer=_CompactJSON, signer=ClockSigner
    )


@dataclass(frozen=True)
class LogLink:
    """What a "log it" link may record: this patient, this plan, this day."""

    user_id: int
    plan_id: int
    day: date


def log_token(user_id: int, plan_id: int, day: date) -> str:
    """A signed token for logging one day of one plan from an email."""
    return _serializer(LOG_SALT).dumps([user_id, plan_id, day.isoformat()])


def read_log_token(token: str) -> LogLink:
    """The log link's scope, or LinkError when forged, damaged or older than 7 days."""
    max_age = int(timedelta(days=LOG_LINK_DAYS).total_seconds())
    try:
        user_id, plan_id, day = _serializer(LOG_SALT).loads(token, max_age=max_age)
        return LogLink(int(user_id), int(plan_id), date.fromisoformat(day))
    except SignatureExpired:
        raise LinkError(expired=True) from None
    except (BadSignature, ValueError, TypeError):
        raise LinkError(expired=False) from None


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A signed token that stops one kind of email for one patient."""
    return _serializer(UNSUBSCRIBE_SALT).dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind) of an unsubscribe link, or LinkError; these links do not expire."""
    try:
        user_id, kind = _serializer(UNSUBSCRIBE_SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        raise LinkError(expired=False) from None
    if kind not in KINDS:
        raise LinkError(expired=False)
    return int(user_id), kind
