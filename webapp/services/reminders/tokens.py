"""Signed links in emails: "log it" links and one-click unsubscribe links.

A log link is scoped to one patient, plan and local date and lasts 7 days; an unsubscribe
link names one patient and one kind of email. A token is its fields in plain sight, joined
by dots, and an HMAC-SHA256 tag (128 bits, URL-safe base64) over them with a key derived
from the app's secret for each kind of link, so one kind's token is never another's.

The fields are fixed-format numbers and words, so no serialiser is needed: the planning
pass signs two tokens for each of thousands of reminders, and a general-purpose signer
(JSON, compression, Python-level HMAC) cost more than rendering the email itself.
The signing secret and the current instant are passed in, so tests can move time.
"""

from __future__ import annotations

import base64
import functools
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

LOG_LINK_DAYS = 7
LOG_SALT = "rugcoach.log-link"
# A push's "Later" button: the same scope as a log link, a key of its own.
LATER_SALT = "rugcoach.push-later"
UNSUBSCRIBE_SALT = "rugcoach.unsubscribe"
KINDS = ("daily", "followup", "weekly")
# A token issued up to this long "in the future" still counts: clocks of two hosts differ.
CLOCK_SKEW_SECONDS = 300

_TAG_BYTES = 16
_LOG_RE = re.compile(r"(\d{1,12})\.(\d{1,12})\.(\d{8})\.([0-9a-f]{1,12})\.([A-Za-z0-9_-]{22})")
_UNSUBSCRIBE_RE = re.compile(r"(\d{1,12})\.([a-z]{1,16})\.([A-Za-z0-9_-]{22})")


class LinkError(ValueError):
    """A link that is forged, damaged or too old; ``expired`` tells which."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@functools.lru_cache(maxsize=16)
def _derived_key(secret: str | bytes, salt: str) -> bytes:
    """The key for one kind of link: HMAC of the salt under the app's secret."""
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.digest(secret, salt.encode(), "sha256")


def _tag(secret: str, salt: str, payload: str) -> str:
    """The URL-safe HMAC tag of a payload for one kind of link."""
    key = _derived_key(secret, salt)
    digest = hmac.digest(key, payload.encode(), "sha256")[:_TAG_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _signed(secret: str, salt: str, payload: str, tag: str) -> bool:
    """Whether ``tag`` is this payload's tag (compared in constant time)."""
    return hmac.compare_digest(_tag(secret, salt, payload), tag)


@dataclass(frozen=True)
class LogLink:
    """What a "log it" link may record: this patient, this plan, this day."""

    user_id: int
    plan_id: int
    day: date


def log_token(secret: str, user_id: int, plan_id: int, day: date, now: datetime) -> str:
    """A signed token for logging one day of one plan from an email, issued ``now``."""
    return _day_token(secret, LOG_SALT, user_id, plan_id, day, now)


def read_log_token(secret: str, token: str, now: datetime) -> LogLink:
    """The log link's scope, or LinkError when forged, damaged or older than 7 days."""
    return _read_day_token(secret, LOG_SALT, token, now)


def later_token(secret: str, user_id: int, plan_id: int, day: date, now: datetime) -> str:
    """A signed token with which a push's "Later" asks for that day's reminder again."""
    return _day_token(secret, LATER_SALT, user_id, plan_id, day, now)


def read_later_token(secret: str, token: str, now: datetime) -> LogLink:
    """The scope of a "Later" token, or LinkError when forged, damaged or too old."""
    return _read_day_token(secret, LATER_SALT, token, now)


def _day_token(secret: str, salt: str, user_id: int, plan_id: int, day: date, now: datetime) -> str:
    """A token for one patient, plan and day, issued ``now``, signed for one kind of link."""
    issued = int(now.timestamp())
    payload = f"{user_id}.{plan_id}.{day:%Y%m%d}.{issued:x}"
    return f"{payload}.{_tag(secret, salt, payload)}"


def _read_day_token(secret: str, salt: str, token: str, now: datetime) -> LogLink:
    """The scope of a day token of one kind, or LinkError."""
    match = _LOG_RE.fullmatch(token)
    if match is None:
        raise LinkError(expired=False)
    user_id, plan_id, day, issued, tag = match.groups()
    if not _signed(secret, salt, token[: match.start(5) - 1], tag):
        raise LinkError(expired=False)
    try:
        scope = LogLink(int(user_id), int(plan_id), date(int(day[:4]), int(day[4:6]), int(day[6:])))
    except ValueError:  # a date that does not exist; only a broken signer would sign it
        raise LinkError(expired=False) from None
    age = now.timestamp() - int(issued, 16)
    if age < -CLOCK_SKEW_SECONDS:
        raise LinkError(expired=False)
    if age > timedelta(days=LOG_LINK_DAYS).total_seconds():
        raise LinkError(expired=True)
    return scope


def unsubscribe_token(secret: str, user_id: int, kind: str) -> str:
    """A signed token that stops one kind of email for one patient (it does not expire)."""
    if kind not in KINDS:
        raise ValueError(f"no unsubscribe link for {kind!r}")
    payload = f"{user_id}.{kind}"
    return f"{payload}.{_tag(secret, UNSUBSCRIBE_SALT, payload)}"


def read_unsubscribe_token(secret: str, token: str) -> tuple[int, str]:
    """(user id, kind) of an unsubscribe link, or LinkError."""
    match = _UNSUBSCRIBE_RE.fullmatch(token)
    if match is None:
        raise LinkError(expired=False)
    user_id, kind, tag = match.groups()
    if kind not in KINDS or not _signed(secret, UNSUBSCRIBE_SALT, f"{user_id}.{kind}", tag):
        raise LinkError(expired=False)
    return int(user_id), kind
