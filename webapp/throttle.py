"""Throttling of secrets: failed attempts count per account and per address, never forever.

After ``ATTEMPTS`` failures within the window the next try is refused with 429 and a page
that says when to try again; the oldest failure leaving the window frees one try. A
successful login costs nothing, so someone who typed their password right is never held up
by a stranger's guesses unless the stranger uses the same address or account.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import timedelta

from flask import Response, g, request, session
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user

from webapp.clock import utcnow
from webapp.extensions import limiter

ATTEMPTS = 5
WINDOW_MINUTES = 15
LIMIT = f"{ATTEMPTS} per {WINDOW_MINUTES} minutes"
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


def _by_posted_email() -> str:
    """The posted email address, normalised like a login looks it up."""
    return f"account:{(request.form.get('email') or '').strip().lower()}"


def _by_pending_user() -> str:
    """The account waiting for its second factor."""
    return f"user:{session.get(PENDING_USER, '')}"


def _by_signed_in_user() -> str:
    """The signed-in account."""
    return f"user:{current_user.get_id().partition(':')[0]}"


def _limit(key_func: Callable[[], str], counted: Callable[[Response], bool] = _failed):
    """The limit on POSTs to one view under one key."""
    return limiter.limit(
        LIMIT, key_func=key_func, methods=["POST"], deduct_when=counted, on_breach=_remember_retry
    )


def _every_post(_response: Response) -> bool:
    """Count every request, whatever its answer (the answer is the same for everyone)."""
    return True


def failed_logins(view: Callable) -> Callable:
    """Limit failed password logins per posted account and per address."""
    return _limit(_by_address)(_limit(_by_posted_email)(view))


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
    """Limit reset emails per address asked for and per client address.

    Every request counts, known address or not, so the limit itself tells nothing.
    """
    return _limit(_by_address, _every_post)(_limit(_by_posted_email, _every_post)(view))


def registrations(view: Callable) -> Callable:
    """Limit sign-ups per address asked for and per client address, every post counted."""
    return _limit(_by_address, _every_post)(_limit(_by_posted_email, _every_post)(view))


def retry_after_header(response: Response) -> Response:
    """Tell clients of a refused attempt when to come back."""
    seconds = g.get("retry_after")
    if seconds and response.status_code == 429:
        response.headers["Retry-After"] = str(seconds)
    return response
