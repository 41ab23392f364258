"""The today page as last built for a browser, kept per process while nothing behind it changed.

A page is served again only for the same signed-in browser (login session and CSRF token),
language and local day, while the patient's page version (services/core/page_versions.py,
in the database) is the one read before the page was built. Pages with flashed messages are
never kept. A page that changes at a set instant (the flare-up limit) is kept until then.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, g, session
from flask_babel import get_locale
from flask_login import current_user

from webapp.db import get_db
from webapp.domain.progression import FLARE_GAP
from webapp.services.core.page_versions import page_version
from webapp.services.plans.flares import last_flare

# Enough for every patient of a practice; the oldest entry goes first.
MAX_PAGES = 2048
# A browser that comes back after this gets a fresh page anyway (memory, not correctness).
MAX_AGE_SECONDS = 3600


@dataclass(frozen=True)
class Kept:
    """One built page: its HTML, when it was kept (monotonic) and until when it holds."""

    html: str
    kept_at: float
    valid_until: datetime | None


class PageCache:
    """A bounded, thread-safe map from page keys to built pages."""

    def __init__(self, size: int = MAX_PAGES) -> None:
        """An empty cache holding at most ``size`` pages."""
        self._pages: OrderedDict[tuple, Kept] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple, now: datetime) -> str | None:
        """The kept page for this key, if it still holds."""
        with self._lock:
            kept = self._pages.get(key)
            if kept is None:
                return None
            stale = time.monotonic() - kept.kept_at > MAX_AGE_SECONDS or (
                kept.valid_until is not None and now >= kept.valid_until
            )
            if stale:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return kept.html

    def put(self, key: tuple, html: str, valid_until: datetime | None) -> None:
        """Keep a page; drop other pages of the same browser and the oldest beyond the size."""
        with self._lock:
            browser = key[:2]
            for old in [k for k in self._pages if k[:2] == browser]:
                del self._pages[old]
            self._pages[key] = Kept(html, time.monotonic(), valid_until)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._pages.clear()


def kept_pages() -> PageCache:
    """This app's kept pages (each app, like each worker process, keeps its own)."""
    pages = current_app.extensions.get("rugcoach.kept_pages")
    if pages is None:
        pages = current_app.extensions.setdefault("rugcoach.kept_pages", PageCache())
    return pages


def page_key(endpoint: str, day: date) -> tuple | None:
    """What the page depends on besides the database, plus the data version; None: don't keep.

    Read before the page is built. No key while a flashed message waits (it shows once) or
    before the browser has a CSRF token (building the page gives it one in a new cookie).
    """
    token = session.get("csrf_token")
    login_session = g.get("login_session_id")
    if "_flashes" in session or not token or login_session is None:
        return None
    return (
        current_user.id,
        login_session,
        endpoint,
        hashlib.sha256(str(token).encode()).hexdigest(),
        str(get_locale()),
        day.isoformat(),
        page_version(get_db(), current_user.id),
    )


def may_keep() -> bool:
    """False when building the page left a message to flash (the next page shows it)."""
    return "_flashes" not in session


def holds_until(plan, now: datetime) -> datetime | None:
    """When a page of this plan changes without a write: the flare-up limit running out."""
    last = last_flare(plan) if plan is not None else None
    if last is not None and last + FLARE_GAP > now:
        return last + FLARE_GAP
    return None
