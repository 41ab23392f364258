"""Mail transports: one reused SMTP connection, or .eml files in a folder.

Both sort failures into transient (try again later) and permanent (never retry), which is
all the outbox needs to know.
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from config import SmtpSettings
from webapp.services.mime import WireMessage


class DeliveryError(Exception):
    """Sending failed; ``permanent`` says whether trying again could help."""

    def __init__(self, message: str, permanent: bool, unreachable: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        # The server could not be reached at all: says nothing about this message or address.
        self.unreachable = unreachable


class Transport(Protocol):
    """Something that sends a WireMessage or raises DeliveryError."""

    def send(self, message: WireMessage, meanwhile: Callable[[], None] | None = None) -> None:
        """Hand one message over; return only once it is accepted.

        ``meanwhile`` runs exactly once, before the message can be accepted: while the
        server answers the first command if it can, else before returning or raising.
        """

    def close(self) -> None:
        """Release connections."""


class _Once:
    """A callable that does its work on the first call only."""

    def __init__(self, work: Callable[[], None] | None) -> None:
        self._work = work

    def __call__(self) -> None:
        work, self._work = self._work, None
        if work is not None:
            work()


class _HookFailed(Exception):
    """The work done while waiting for an answer failed; carries its error out of smtplib."""


class _WhileWaiting:
    """smtplib with one hook: work to do while the server prepares its next reply."""

    meanwhile: Callable[[], None] | None = None

    def getreply(self):
        """Run the hook, if one is set, between sending a command and reading its answer."""
        work, self.meanwhile = self.meanwhile, None
        if work is not None:
            try:
                work()
            except BaseException as exc:
                raise _HookFailed from exc
        return super().getreply()


class _SMTP(_WhileWaiting, smtplib.SMTP):
    """smtplib.SMTP with the hook."""


class _SMTP_SSL(_WhileWaiting, smtplib.SMTP_SSL):
    """smtplib.SMTP_SSL with the hook."""


class SmtpTransport:
    """SMTP over one connection that is opened on first use and reopened after a drop."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._conn: _SMTP | _SMTP_SSL | None = None

    def _connect(self) -> _SMTP | _SMTP_SSL:
        """Open and authenticate a connection as SMTP_URL says."""
        s = self.settings
        context = ssl.create_default_context()
        if s.ssl:
            conn: _SMTP | _SMTP_SSL = _SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            conn = _SMTP(s.host, s.port, timeout=s.timeout)
        conn.ehlo()
        if s.starttls:
            conn.starttls(context=context)
            conn.ehlo()
        if s.username:
            conn.login(s.username, s.password or "")
        return conn

    def send(self, message: WireMessage, meanwhile: Callable[[], None] | None = None) -> None:
        """Send one message; classify the server's refusal as transient or permanent."""
        once = _Once(meanwhile)
        try:
            self._send(message, once)
        except _HookFailed as failed:
            self._drop()  # an answer is left unread: this conversation cannot go on
            raise failed.__cause__ from None
        finally:
            once()  # not run yet when the send failed before the server's first answer

    def _send(self, message: WireMessage, meanwhile: _Once) -> None:
        """Connect if needed, then one MAIL/RCPT/DATA exchange with ``meanwhile`` inside it."""
        if self._conn is None:
            try:
                self._conn = self._connect()
            except (smtplib.SMTPException, OSError) as exc:
                raise DeliveryError(_describe(exc), permanent=False, unreachable=True) from exc
        self._conn.meanwhile = meanwhile
        try:
            refused = self._conn.sendmail(
                message.sender,
                list(message.recipients),
                message.data,
                mail_options=["SMTPUTF8", "BODY=8BITMIME"] if message.smtputf8 else [],
            )
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise DeliveryError(_describe(exc), permanent=all(c >= 500 for c in codes)) from exc
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code in (421,) or exc.smtp_code < 400:
                self._drop()
            raise DeliveryError(_describe(exc), permanent=exc.smtp_code >= 500) from exc
        except (smtplib.SMTPException, OSError) as exc:
            # Dropped connection, timeout, refused connect: the next try reconnects.
            self._drop()
            raise DeliveryError(_describe(exc), permanent=False) from exc
        if refused:
            raise DeliveryError(f"refused recipients: {refused}", permanent=True)

    def _drop(self) -> None:
        """Forget a connection that can no longer be trusted."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()

    def close(self) -> None:
        """Say QUIT politely when the connection is still open."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            conn.close()


class FileTransport:
    """Write each message as an .eml file: the embedded default with no SMTP server."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def send(self, message: WireMessage, meanwhile: Callable[[], None] | None = None) -> None:
        """Write the message atomically under a unique, sortable name."""
        if meanwhile is not None:
            meanwhile()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            stem = f"{message.date:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
            tmp = self.directory / f".{stem}.tmp"
            tmp.write_bytes(message.data)
            os.replace(tmp, self.directory / f"{stem}.eml")
        except OSError as exc:
            message = f"cannot write to {self.directory}: {exc}"
            raise DeliveryError(message, permanent=False) from exc

    def close(self) -> None:
        """Nothing to release."""


def _describe(exc: BaseException) -> str:
    """A one-line description of a delivery failure for the outbox's last_error."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        return f"{exc.smtp_code} {text}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def make_transport(config: dict) -> Transport:
    """SMTP when SMTP_URL is set, otherwise files in the outbox folder."""
    if config.get("SMTP") is not None:
        return SmtpTransport(config["SMTP"])
    return FileTransport(config["OUTBOX_DIR"])
