"""A real SMTP server for tests (aiosmtpd) that records mail and can refuse it on demand."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RecordingHandler:
    """Accepts mail and keeps it; the hooks may refuse a message or hang up on it.

    ``reply(n)`` sees the server's attempt count; ``refuse(message)`` and
    ``hang_up(message)`` see the message itself (e.g. its recipient or Message-ID).
    """

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    reply: Callable[[int], str | None] = lambda _n: None
    refuse: Callable[[EmailMessage], str | None] = lambda _message: None
    hang_up: Callable[[EmailMessage], str | None] = lambda _message: None
    attempts: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        """Record the message unless a hook refuses this attempt or hangs up on it."""
        self.attempts += 1
        refusal = self.reply(self.attempts)
        if refusal:
            return refusal
        message = message_from_bytes(envelope.content, policy=policy.default)
        last_words = self.hang_up(message)
        if last_words is not None:
            # "" closes without a reply (a crash after DATA); "421 ..." answers, then closes.
            if last_words:
                server.loop.call_soon(server.transport.close)
                return last_words
            server.transport.close()
            return "421 4.3.2 Gone"  # never reaches the client
        refusal = self.refuse(message)
        if refusal:
            return refusal
        self.messages.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted"


class SmtpServer:
    """aiosmtpd on 127.0.0.1 and a free port, started and stopped by the fixture."""

    def __init__(self, port: int | None = None) -> None:
        self.handler = RecordingHandler()
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        """The SMTP_URL that reaches this server."""
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        """The messages accepted so far."""
        return self.handler.messages

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
