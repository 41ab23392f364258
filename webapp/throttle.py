"""Throttling of secrets: failed attempts count per account-and-address pair, never forever.

After ``ATTEMPTS`` failures of one account from one address within the window, that pair is
refused with 429 and a page that says when to try again; the oldest failure leaving the
window frees one try. A successful login costs nothing. One address trying many accounts
meets a higher per-address limit. Failures of one account from all addresses together meet a
ceiling that slows the account down (one check at a time) rather than locking it, and never
applies to a browser that signed in to the account before (a signed "known device" cookie):
so a stranger cannot lock the owner out, and brute force across many addresses stays bounded.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from hashlib import sha256

from flask import Response, abort, current_app, g, request, session
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse

from webapp.clock import utcnow
from webapp.extensions import limiter

ATTEMPTS = 5
WINDOW_MINUTES = 15
LIMIT = f"{ATTEMPTS} per {WINDOW_MINUTES} minutes"
# One address trying many accounts (one password sprayed over a practice's patients); higher
# than the pair limit, since a practice's patients may share one address (a care home).
ADDRESS_LIMIT = f"{ATTEMPTS * 6} per {WINDOW_MINUTES} minutes"
# All addresses together against one account: beyond the ceiling, one check per SLOW.
LOGIN_CEILING, LOGIN_SLOW = parse("30 per hour"), parse("1 per 30 seconds")
# Reset emails land in the owner's mailbox: fewer before they slow down.
RESET_CEILING, RESET_SLOW = parse("5 per hour"), parse("1 per 10 minutes")
DEVICE_COOKIE = "rugcoach_device"
DEVICE_DAYS = 365
# The session key of an account that gave its password and still owes its second factor.
PENDING_USER = "two_factor_user"


def mark_failed() -> None:
    """Record that this request was a failed attempt, so the limits count it."""
    g.attempt_failed = True


def _failed(_response: Response) -> bool:
    """Only attempts a view marked as failed are counted."""
    return bool(g.get("attempt_failed"))


def _remember_retry(limit: RequestLimit) -> None:
    """Keep when the next attempt is allowed, for the 429 page and its Retry-After header."""
    # reset_at is on the limiter's clock (the Unix time); bound it so a skewed clock
    # never promises "0 minutes" or more than the window.
    seconds = min(max(limit.reset_at - int(time.time()), 1), WINDOW_MINUTES * 60)
    g.retry_after = seconds
    g.retry_minutes = math.ceil(seconds / 60)
    g.retry_at = utcnow() + timedelta(seconds=seconds)


def _by_address() -> str:
    """The client's address."""
    return f"ip:{get_remote_address()}"


def _posted_email() -> str:
    """The posted email address, normalised like a login looks it up."""
    return (request.form.get("email") or "").strip().lower()


def _by_posted_email() -> str:
    """The posted email address alone (a sign-up for one address, from anywhere)."""
    return f"email:{_posted_email()}"


def _by_pair() -> str:
    """The posted email address together with the client's address."""
    return f"pair:{_posted_email()}|{get_remote_address()}"


def _device_serializer() -> URLSafeTimedSerializer:
    """Signs the known-device cookie with the app's secret."""
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def _account_digest(email: str) -> str:
    """What the known-device cookie holds: the account's address, hashed."""
    return sha256(email.encode()).hexdigest()[:32]


def _known_device(email: str) -> bool:
    """True when this browser signed in to the account ``email`` before."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or not email:
        return False
    try:
        held = _device_serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return False
    return held == _account_digest(email)


def remember_device(response: Response) -> Response:
    """After a sign-in, mark this browser as known to the account (exempt from the ceiling)."""
    if request.method == "POST" and current_user.is_authenticated:
        response.set_cookie(
            DEVICE_COOKIE,
            _device_serializer().dumps(_account_digest(current_user.email.lower())),
            max_age=DEVICE_DAYS * 86400,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


def _account_ceiling(kind: str, ceiling, slow, counted: Callable[[Response], bool] = _failed):
    """Slow an account down once all addresses together failed ``ceiling`` times.

    Beyond the ceiling the account's secret is checked at most once per ``slow`` window;
    a browser that signed in to it before is never slowed.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method != "POST":
                return view(*args, **kwargs)
            strategy, email = limiter.limiter, _posted_email()
            busy = not strategy.test(ceiling, kind, email) and not _known_device(email)
            if busy and not strategy.test(slow, kind, email):
                reset_at = strategy.get_window_stats(slow, kind, email).reset_time
                # Bounded like _remember_retry: a skewed clock never promises more.
                seconds = min(max(int(reset_at - time.time()), 1), slow.get_expiry())
                g.retry_after, g.retry_minutes = seconds, math.ceil(seconds / 60)
                g.retry_at = utcnow() + timedelta(seconds=seconds)
                abort(429)
            response = view(*args, **kwargs)
            if counted(response):
                strategy.hit(ceiling, kind, email)
                strategy.hit(slow, kind, email)
            return response

        return wrapped

    return decorator


def _by_pending_user() -> str:
    """The account waiting for its second factor."""
    return f"user:{session.get(PENDING_USER, '')}"


def _by_signed_in_user() -> str:
    """The signed-in account."""
    return f"user:{current_user.get_id().partition(':')[0]}"


def _limit(
    key_func: Callable[[], str],
    counted: Callable[[Response], bool] = _failed,
    limit: str = LIMIT,
):
    """The limit on POSTs to one view under one key."""
    return limiter.limit(
        limit, key_func=key_func, methods=["POST"], deduct_when=counted, on_breach=_remember_retry
    )


def _every_post(_response: Response) -> bool:
    """Count every request, whatever its answer (the answer is the same for everyone)."""
    return True


def failed_logins(view: Callable) -> Callable:
    """Limit failed password logins per account-and-address, per address, and per account."""
    ceiling = _account_ceiling("login", LOGIN_CEILING, LOGIN_SLOW)
    return _limit(_by_address, limit=ADDRESS_LIMIT)(_limit(_by_pair)(ceiling(view)))


def failed_codes(view: Callable) -> Callable:
    """Limit wrong second-factor codes per waiting account and per address."""
    return _limit(_by_address)(_limit(_by_pending_user)(view))


def failed_tokens(view: Callable) -> Callable:
    """Limit posts with an unusable password link per address (tokens are unguessable)."""
    return _limit(_by_address)(view)


def failed_password_checks(view: Callable) -> Callable:
    """Limit wrong current passwords on the account page per account."""
    return _limit(_by_signed_in_user)(view)


def reset_requests(view: Callable) -> Callable:
    """Limit reset emails like logins: per pair, per address, and per address asked for.

    Every request counts, known address or not, so the limit itself tells nothing.
    """
    ceiling = _account_ceiling("reset", RESET_CEILING, RESET_SLOW, _every_post)
    by_address = _limit(_by_address, _every_post, ADDRESS_LIMIT)
    return by_address(_limit(_by_pair, _every_post)(ceiling(view)))


def registrations(view: Callable) -> Callable:
    """Limit sign-ups per address asked for and per client address, every post counted."""
    return _limit(_by_address, _every_post)(_limit(_by_posted_email, _every_post)(view))


def retry_after_header(response: Response) -> Response:
    """Tell clients of a refused attempt when to come back."""
    seconds = g.get("retry_after")
    if seconds and response.status_code == 429:
        response.headers["Retry-After"] = str(seconds)
    return response
