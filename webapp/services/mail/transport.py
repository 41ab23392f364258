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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from config import SmtpSettings
from webapp.services.core.files import private_dir, write_private
from webapp.services.mail.mime import WireMessage


class DeliveryError(Exception):
    """Sending failed; ``permanent`` says whether trying again could help."""

    def __init__(self, message: str, permanent: bool, unreachable: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        # The server could not be reached at all: says nothing about this message or address.
        self.unreachable = unreachable


class Transport(Protocol):
    """Something that sends a WireMessage or raises DeliveryError."""

    def send(self, message: WireMessage, meanwhile: Sequence[Callable[[], None]] = ()) -> None:
        """Hand one message over; return only once it is accepted.

        Each piece of work in ``meanwhile`` runs exactly once, in order: where the transport
        can, one while the server answers each command before the message itself (MAIL
        FROM, then each RCPT TO), the rest once the send is over. The first piece always
        runs before the message can be accepted.
        """

    def close(self) -> None:
        """Release connections."""


class _Works:
    """Work to do while a server answers: one piece per answer, in order."""

    def __init__(self, works: Sequence[Callable[[], None]]) -> None:
        self._works = list(works)

    def next(self) -> None:
        """Run the next piece, if any is left."""
        if self._works:
            self._works.pop(0)()

    def rest(self) -> None:
        """Run every piece not run yet."""
        while self._works:
            self._works.pop(0)()


class _HookFailed(Exception):
    """The work done while waiting for an answer failed; carries its error out of smtplib."""


class _WhileWaiting:
    """smtplib with one hook: work to do while the server prepares its next reply."""

    works: _Works | None = None

    def getreply(self):
        """Run the next piece of work, if any, between sending a command and reading its answer."""
        if self.works is not None:
            try:
                self.works.next()
            except BaseException as exc:
                raise _HookFailed from exc
        return super().getreply()

    def data(self, msg):
        """Send the message itself with no work in between: that answer is its acceptance."""
        works, self.works = self.works, None
        try:
            return super().data(msg)
        finally:
            self.works = works


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

    def send(self, message: WireMessage, meanwhile: Sequence[Callable[[], None]] = ()) -> None:
        """Send one message; classify the server's refusal as transient or permanent."""
        works = _Works(meanwhile)
        try:
            self._send(message, works)
        except _HookFailed as failed:
            self._drop()  # an answer is left unread: this conversation cannot go on
            raise failed.__cause__ from None
        finally:
            if self._conn is not None:
                self._conn.works = None
            works.rest()  # what the exchange left (no connection, a refusal, a short exchange)

    def _send(self, message: WireMessage, works: _Works) -> None:
        """Connect if needed, then one MAIL/RCPT/DATA exchange with ``meanwhile`` inside it."""
        if self._conn is None:
            try:
                self._conn = self._connect()
            except (smtplib.SMTPException, OSError) as exc:
                raise DeliveryError(_describe(exc), permanent=False, unreachable=True) from exc
        self._conn.works = works
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
    """Write each message as an .eml file: the embedded default with no SMTP server.

    The folder and files are the owner's only: they hold names and messages.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def send(self, message: WireMessage, meanwhile: Sequence[Callable[[], None]] = ()) -> None:
        """Write the message atomically under a unique, sortable name."""
        for work in meanwhile:
            work()
        try:
            private_dir(self.directory)
            stem = f"{message.date:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
            tmp = self.directory / f".{stem}.tmp"
            write_private(tmp, message.data)
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
