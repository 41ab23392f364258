"""What the web layer and the scheduler hand to services: page links, the mailroom, the hasher.

Services never read Flask's globals; these are built once per app from its settings (and
once per BASE_URL for links, which tests may change) and passed in as arguments.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from flask import Flask, current_app

from webapp.services.mail.push import PushSender
from webapp.services.mail.render import Mailroom

# A signed token is URL-safe: the URL with it is the URL with a stand-in, the stand-in
# replaced. The planning pass builds thousands of such links a minute.
_TOKEN_RE = re.compile(r"[A-Za-z0-9_.-]+")
_SLOT = "TOKENSLOT"


class AppLinks:
    """Absolute links to the app's pages under one BASE_URL (``services.core.links.Links``)."""

    def __init__(self, app: Flask, base_url: str) -> None:
        base = urlsplit(base_url)
        self._adapter = app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme
        )
        self._cache: dict[tuple, object] = {}

    def _url(self, endpoint: str, anchor: str = "", **values: object) -> str:
        """The absolute URL of an endpoint (kept when it takes no values: those repeat)."""
        if values:
            url = self._adapter.build(endpoint, values, force_external=True)
        else:
            url = self._cache.get(endpoint)
            if url is None:
                url = self._cache[endpoint] = self._adapter.build(endpoint, force_external=True)
        return f"{url}#{anchor}" if anchor else url

    def _with_token(self, endpoint: str, token: str, **values: str) -> str:
        """The URL of an endpoint that takes a token, without a full build for each token."""
        if not _TOKEN_RE.fullmatch(token):
            return self._adapter.build(endpoint, dict(values, token=token), force_external=True)
        key = ("token", endpoint, tuple(sorted(values.items())))
        parts = self._cache.get(key)
        if parts is None:
            url = self._adapter.build(endpoint, dict(values, token=_SLOT), force_external=True)
            parts = self._cache[key] = url.split(_SLOT)
        before, after = parts
        return f"{before}{token}{after}"

    def today(self) -> str:
        """The patient's today page."""
        return self._url("patient.today")

    def session_player(self) -> str:
        """The patient's session player."""
        return self._url("patient.session_player")

    def progress(self) -> str:
        """The patient's progress page."""
        return self._url("patient.progress")

    def reminder_settings(self) -> str:
        """The patient's reminder settings."""
        return self._url("reminders.settings")

    def my_messages(self) -> str:
        """The patient's conversation with their physio."""
        return self._url("patient.messages")

    def learn_page(self, slug: str) -> str:
        """One information page."""
        return self._url("learn.page", slug=slug)

    def log_from_email(self, token: str, status: str) -> str:
        """The confirm page of a reminder's "log it" link."""
        return self._with_token("reminders.log_from_email", token, status=status)

    def push_later(self, token: str) -> str:
        """Where a push's "Later" button asks for the reminder again (a POST, no session)."""
        return self._with_token("reminders.push_later", token)

    def unsubscribe(self, token: str) -> str:
        """The one-click unsubscribe page of one kind of email."""
        return self._with_token("reminders.unsubscribe", token)

    def invitation(self, token: str) -> str:
        """The page where an invited patient accepts."""
        return self._with_token("invite.show", token)

    def password_link(self, token: str) -> str:
        """The page where a password is set from an emailed link."""
        return self._with_token("auth.reset_password", token)

    def login(self) -> str:
        """The login page."""
        return self._url("auth.login")

    def forgot_password(self) -> str:
        """The page that sends a link to choose a new password."""
        return self._url("auth.forgot_password")

    def physio_patient(self, patient_id: int, section: str = "") -> str:
        """The physio's page of one patient, at a section ("messages", "screenings")."""
        return self._url("physio.patient", anchor=section, patient_id=patient_id)

    def calendar_feed(self, token: str) -> str:
        """A patient's calendar feed (for calendar apps, so always absolute)."""
        return self._with_token("patient.calendar_feed", token)


def links(app: Flask | None = None) -> AppLinks:
    """The app's page links under its current BASE_URL."""
    app = app or current_app
    base_url = app.config["BASE_URL"]
    built = app.extensions.setdefault("rugcoach.links", {})
    if base_url not in built:
        built[base_url] = AppLinks(app, base_url)
    return built[base_url]


def mailroom(app: Flask | None = None) -> Mailroom:
    """The sender, email templates and links a service writes emails with."""
    app = app or current_app
    return Mailroom(app.config["MAIL_FROM"], app.jinja_env, links(app))


def push_sender(app: Flask | None = None) -> PushSender | None:
    """The sender of Web Push reminders, or None when no VAPID key is set."""
    app = app or current_app
    key = app.config.get("VAPID_PRIVATE_KEY")
    return PushSender(key, app.config["VAPID_SUBJECT"]) if key else None


def push_allows_loopback(app: Flask | None = None) -> bool:
    """Whether a push address may be plain http on this machine (development and tests)."""
    return not (app or current_app).config.get("SECRET_KEY_REQUIRED")


def password_hasher(app: Flask | None = None) -> PasswordHasher:
    """The app's argon2id hasher, with the cost its settings give."""
    app = app or current_app
    hasher = app.extensions.get("rugcoach.hasher")
    if hasher is None:
        cfg = app.config
        hasher = app.extensions["rugcoach.hasher"] = PasswordHasher(
            time_cost=cfg["ARGON2_TIME_COST"],
            memory_cost=cfg["ARGON2_MEMORY_COST"],
            parallelism=cfg["ARGON2_PARALLELISM"],
        )
    return hasher


def secret(app: Flask | None = None) -> str:
    """The key emailed links are signed with."""
    return (app or current_app).config["SECRET_KEY"]
