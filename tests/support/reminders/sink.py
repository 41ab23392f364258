"""An SMTP sink (aiosmtpd) that only counts Message-IDs: cheap enough for thousands of mails.

tests/support/smtp.py parses every message it keeps; a week of reminders for a thousand patients
only needs to know which Message-IDs arrived and how often.
"""

from __future__ import annotations

import re
import threading
from collections import Counter

from aiosmtpd.controller import Controller

from tests.support.smtp import free_port

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.IGNORECASE | re.MULTILINE)


class CountingHandler:
    """Accepts every message and counts its Message-ID."""

    def __init__(self) -> None:
        self.ids: Counter[str] = Counter()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        """Count the message's Message-ID and accept it."""
        head = envelope.content.split(b"\r\n\r\n", 1)[0]
        found = MESSAGE_ID.search(head)
        with self._lock:
            self.ids[found.group(1).decode() if found else "(none)"] += 1
        return "250 Message accepted"


class CountingSink:
    """The counting handler on 127.0.0.1 and a free port."""

    def __init__(self) -> None:
        self.handler = CountingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        """The SMTP_URL that reaches this sink."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
