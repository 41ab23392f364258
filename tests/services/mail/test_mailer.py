"""The transports' promise about ``meanwhile``: each piece once, the first before acceptance.

The deliver pass commits the previous email's "sent" mark in that slot, so these tests check
the order against a real SMTP server (aiosmtpd): nothing of the message has been accepted
when the work runs, it runs when the server cannot be reached too, and a failure in it
leaves no half-spoken conversation behind.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from config import parse_smtp_url
from tests.support.smtp import free_port
from webapp.services.mail.mime import wire_message
from webapp.services.mail.transport import DeliveryError, FileTransport, SmtpTransport

AT = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)


def message(n: int):
    """A small message whose Message-ID tells it apart."""
    return wire_message(
        mail_from="Rugcoach <noreply@rugcoach.example>",
        to=f"p{n}@example.org",
        subject=f"Bericht {n}",
        date=AT,
        message_id=f"<m{n}@rugcoach.example>",
        headers={},
        text="Tekst.",
        html="<p>Tekst.</p>",
    )


def test_the_work_runs_once_per_send_before_the_server_accepts_the_message(smtp_server):
    transport = SmtpTransport(parse_smtp_url(smtp_server.url))
    seen = []
    try:
        for n in range(3):
            transport.send(message(n), meanwhile=(lambda: seen.append(len(smtp_server.messages)),))
    finally:
        transport.close()
    assert seen == [0, 1, 2]  # each time, only the earlier messages had been accepted
    assert [m["Message-ID"] for m in smtp_server.messages] == [
        f"<m{n}@rugcoach.example>" for n in range(3)
    ]


def test_each_piece_of_work_runs_while_the_server_answers_one_command(smtp_server):
    transport = SmtpTransport(parse_smtp_url(smtp_server.url))
    events = []
    conversation = smtp_server.handler

    def note(name):
        return lambda: events.append((name, len(conversation.messages)))

    try:
        transport.send(message(0))
        transport.send(
            message(1),
            meanwhile=(note("first"), note("second"), note("third"), note("fourth"), note("fifth")),
        )
    finally:
        transport.close()
    # While the server answers MAIL FROM and RCPT TO (only message 0 accepted so far), then
    # the rest once message 1 is accepted: nothing runs between DATA and its acceptance.
    assert events == [("first", 1), ("second", 1), ("third", 2), ("fourth", 2), ("fifth", 2)]


def test_the_work_runs_when_the_server_cannot_be_reached():
    transport = SmtpTransport(parse_smtp_url(f"smtp://127.0.0.1:{free_port()}?timeout=2"))
    ran = []
    with pytest.raises(DeliveryError) as failure:
        transport.send(message(1), meanwhile=(lambda: ran.append(True),))
    assert failure.value.unreachable and ran == [True]


def test_the_work_runs_when_the_server_refuses_the_message(smtp_server):
    smtp_server.handler.reply = lambda _attempt: "550 5.1.1 No such user"
    transport = SmtpTransport(parse_smtp_url(smtp_server.url))
    ran = []
    with pytest.raises(DeliveryError) as failure:
        transport.send(message(1), meanwhile=(lambda: ran.append(True),))
    transport.close()
    assert failure.value.permanent and ran == [True] and smtp_server.messages == []


def test_a_failing_work_raises_its_own_error_and_the_next_send_starts_clean(smtp_server):
    transport = SmtpTransport(parse_smtp_url(smtp_server.url))

    def broken() -> None:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        transport.send(message(1), meanwhile=(broken,))
    transport.send(message(2))  # a fresh connection: the old one had an answer unread
    transport.close()
    assert [m["Message-ID"] for m in smtp_server.messages] == ["<m2@rugcoach.example>"]


def test_the_file_transport_runs_the_work_before_writing(tmp_path):
    transport = FileTransport(tmp_path / "outbox")
    seen = []
    transport.send(message(1), meanwhile=(lambda: seen.append(sorted(tmp_path.rglob("*.eml"))),))
    transport.send(message(2))
    assert seen == [[]] and len(list((tmp_path / "outbox").glob("*.eml"))) == 2
