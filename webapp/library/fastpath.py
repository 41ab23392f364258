"""A fast path for catalogue video files: WSGI middleware in front of the Flask app.

Catalogue videos are the same for every signed-in user, so the common request for one (a
plain GET or HEAD, at most one byte range, no validators) needs no database and no Flask
request cycle: a signed session cookie, an in-memory index of the catalogue's files and one
``fstat`` suffice, and the open file goes straight to the server's ``sendfile()``. Anything
else (validators, several ranges, uploads, misses, anonymous visitors) falls through to the
full, access-checked view, so this path can only ever answer less, never more.
"""

from __future__ import annotations

import os
import re
import threading
import time
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

from flask import Flask
from itsdangerous import BadSignature
from sqlalchemy import select
from werkzeug.http import http_date

from webapp.db import new_session
from webapp.library.media import IMMUTABLE, MIMETYPES
from webapp.library.sendfile import CHUNK, BoundedFile, RawFile, open_range_end
from webapp.models import User, Video, VideoSource, VideoStatus
from webapp.security import SECURITY_HEADERS

MEDIA_PATH = re.compile(r"^/media/(\d{1,18})/([A-Za-z0-9._-]{1,200})$")
SIMPLE_RANGE = re.compile(r"^bytes=(\d{1,15})-(\d{0,15})$")
# Requests carrying these need the full RFC 9110 logic of the view.
VALIDATORS = ("HTTP_IF_RANGE", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH")
INDEX_CHECK_SECONDS = 1.0
COOKIE_CACHE_SECONDS = 60.0
COOKIE_CACHE_SIZE = 4096
COOKIE_KEY_MAX = 1024  # longest Cookie header remembered as a whole
FILE_CACHE_SIZE = 1024


class CatalogueIndex:
    """Which file names belong to which catalogue video, reloaded when the manifest changes."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._stamp: float | None = None
        self._checked = 0.0
        self._files: dict[int, tuple[str, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def _manifest_stamp(self) -> float:
        """The manifest's modification time (0 when there is none)."""
        try:
            return (Path(self.app.config["VIDEO_DIR"]) / "manifest.json").stat().st_mtime
        except OSError:
            return 0.0

    def lookup(self, video_id: int, name: str) -> str | None:
        """The content hash when ``name`` is one of catalogue video ``video_id``'s files."""
        now = time.monotonic()
        if now - self._checked > INDEX_CHECK_SECONDS:
            self._checked = now
            stamp = self._manifest_stamp()
            if stamp != self._stamp:
                self._reload(stamp)
        entry = self._files.get(video_id)
        return entry[0] if entry and name in entry[1] else None

    def _reload(self, stamp: float) -> None:
        """Read the catalogue's ready videos from the database."""
        with self._lock:
            if stamp == self._stamp:
                return
            with new_session(self.app) as session:
                rows = session.scalars(
                    select(Video).where(
                        Video.source == VideoSource.CATALOGUE, Video.status == VideoStatus.READY
                    )
                ).all()
                self._files = {v.id: (v.content_hash, frozenset(v.files())) for v in rows}
            self._stamp = stamp


class CatalogueFastPath:
    """Answer the common catalogue video request of a signed-in user without the Flask app."""

    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.index = CatalogueIndex(app)
        self.cookie = app.config["SESSION_COOKIE_NAME"]
        self.lifetime = int(app.permanent_session_lifetime.total_seconds())
        # Until when a Cookie header, or a session value, counts as verified: a video
        # player asks for many ranges with the same cookie. Kept apart, so a header can
        # never pass for a value.
        self._verified_headers: dict[str, float] = {}
        self._verified_values: dict[str, float] = {}
        self._known_files: dict[tuple, tuple] = {}

    def _signed_in(self, environ) -> bool:
        """True when the request carries a valid session of a signed-in user."""
        raw, now = environ.get("HTTP_COOKIE", ""), time.monotonic()
        # A repeated header costs one lookup instead of a cookie parse.
        if self._verified_headers.get(raw, 0.0) > now:
            return True
        try:
            morsel = SimpleCookie(raw).get(self.cookie)
        except CookieError:
            return False
        if morsel is None or not morsel.value:
            return False
        value = morsel.value
        until = self._verified_values.get(value, 0.0)
        if until <= now:
            if not self._verify(value):
                return False
            until = now + COOKIE_CACHE_SECONDS
            self._remember(self._verified_values, value, until)
        # The header expires with the value it carries: a session is rechecked every minute.
        if len(raw) <= COOKIE_KEY_MAX:  # long headers are parsed each time: the cache stays small
            self._remember(self._verified_headers, raw, until)
        return True

    @staticmethod
    def _remember(verified: dict[str, float], key: str, until: float) -> None:
        """Note a verified key, starting afresh when the cache is full."""
        if len(verified) >= COOKIE_CACHE_SIZE:
            verified.clear()
        verified[key] = until

    def _verify(self, value: str) -> bool:
        """True when the cookie is signed by this app, unexpired and of a current session."""
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        try:
            data = serializer.loads(value, max_age=self.lifetime)
        except BadSignature:
            return False
        return self._current_session(str(data.get("_user_id") or ""))

    def _current_session(self, session_id: str) -> bool:
        """True when the cookie's "id:version" still names the account's current sessions.

        A password change bumps the version and so ends every older session, here as in the
        app (security.load_user); the answer is cached with the cookie for a minute.
        """
        user_id, _, version = session_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return False
        with new_session(self.app) as session:
            current = session.scalar(select(User.session_version).where(User.id == int(user_id)))
        return current is not None and current == int(version)

    def __call__(self, environ, start_response):
        """Serve a catalogue file directly, or hand the request to the app."""
        match = MEDIA_PATH.match(environ.get("PATH_INFO", ""))
        if (
            match is None
            or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or not environ.keys().isdisjoint(VALIDATORS)
        ):
            return self.wsgi_app(environ, start_response)
        raw_range = environ.get("HTTP_RANGE")
        wanted = SIMPLE_RANGE.match(raw_range) if raw_range else None
        content_hash = self.index.lookup(int(match[1]), match[2])
        if (raw_range and wanted is None) or content_hash is None:
            return self.wsgi_app(environ, start_response)
        if not self._signed_in(environ):
            return self.wsgi_app(environ, start_response)
        accel = self.app.config.get("VIDEO_ACCEL_REDIRECT")
        if accel:
            # nginx sends the bytes (and applies the Range) from its internal location.
            location = ("X-Accel-Redirect", f"{accel}catalogue/{match[2]}")
            start_response("200 OK", [*self._headers(match[2], content_hash), location])
            return []
        return self._send(environ, start_response, match[2], content_hash, wanted)

    @staticmethod
    def _headers(name: str, content_hash: str) -> list[tuple[str, str]]:
        """The headers every answer for this file carries."""
        suffix = name[name.rfind(".") :].lower()
        return [
            ("Content-Type", MIMETYPES.get(suffix, "application/octet-stream")),
            ("Accept-Ranges", "bytes"),
            ("ETag", f'"{content_hash[:16]}-{name}"'),
            ("Cache-Control", "public, " + IMMUTABLE),
            *SECURITY_HEADERS,
        ]

    def _file_headers(self, name: str, content_hash: str, stat) -> tuple:
        """Headers of one file version, built once: hashed names never change content."""
        key = (name, content_hash, stat.st_size, stat.st_mtime_ns)
        headers = self._known_files.get(key)
        if headers is None:
            if len(self._known_files) >= FILE_CACHE_SIZE:
                self._known_files.clear()
            headers = self._known_files[key] = (
                *self._headers(name, content_hash),
                ("Last-Modified", http_date(int(stat.st_mtime))),
            )
        return headers

    def _send(self, environ, start_response, name: str, content_hash: str, wanted):
        """Send the whole file or one satisfiable range; anything unusual goes to the app."""
        try:
            handle = RawFile.open(os.path.join(self.app.config["VIDEO_DIR"], name))
        except OSError:
            return self.wsgi_app(environ, start_response)
        stat = os.fstat(handle.fd)
        size = stat.st_size
        start, stop, status = 0, size, "200 OK"
        if wanted is not None:
            first, last = int(wanted[1]), int(wanted[2]) if wanted[2] else size - 1
            if first >= size or last < first:
                handle.close()  # 416 and odd ranges: the view has the full rules
                return self.wsgi_app(environ, start_response)
            stop = min(last + 1, size) if wanted[2] else open_range_end(environ, first, size)
            start, status = first, "206 Partial Content"
        headers = [
            *self._file_headers(name, content_hash, stat),
            ("Content-Length", str(stop - start)),
        ]
        if wanted is not None:
            headers.append(("Content-Range", f"bytes {start}-{stop - 1}/{size}"))
        start_response(status, headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            handle.close()
            return []
        handle.seek(start)
        wrapper = environ.get("wsgi.file_wrapper")
        return wrapper(handle, CHUNK) if wrapper else BoundedFile(handle, stop - start)
