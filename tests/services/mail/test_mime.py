"""Outbox emails in wire format: what the standard library reads back is what we meant."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from webapp.services.mail.mime import MAX_LINE, wire_message

AT = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)
UNSUBSCRIBE = {
    "List-Unsubscribe": "<https://rugcoach.example/unsubscribe/12.daily.AAAAAAAAAAAAAAAAAAAAAA>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}
LONG_LINE = "Een heel lange regel zonder afbreking " * 40  # 1,480 characters, one line


def _build(**overrides):
    fields = dict(
        mail_from="Rugcoach <noreply@rugcoach.example>",
        to="sanne@example.org",
        subject="Tijd voor uw rugoefeningen",
        date=AT,
        message_id="<daily.12.2026-11-24@rugcoach.example>",
        headers=UNSUBSCRIBE,
        text="Hallo Sanne,\n\nVandaag: 10 minuten wandelen.\n",
        html="<p>Hallo Sanne,</p>\n<p>Vandaag: <strong>10 minuten</strong> wandelen.</p>\n",
    )
    fields.update(overrides)
    return fields, wire_message(**fields)


def _read(data: bytes):
    return message_from_bytes(data, policy=policy.default)


CASES = {
    "plain ASCII": {},
    "Dutch accents in subject and body": dict(
        subject="Nog één keer: uw oefeningen",
        text="Één stap per week, geëvalueerd.\n",
        html="<p>Één stap per week — geëvalueerd.</p>",
    ),
    "a sender name with accents": dict(
        mail_from="Fysiotherapie Gezondheidscentrum Noordéén <fysio@praktijk.example>"
    ),
    "a long subject": dict(subject="Herinnering: " + "uw oefeningen voor vandaag " * 6),
    "a long line, trailing spaces, = and dots": dict(
        text=f"{LONG_LINE}\nprijs = 0 \n.\n..begint met punten\nFrom the start\n",
        html=f'<p style="a=b">{LONG_LINE}</p>\r\n<p>.</p>',
    ),
    "CRLF and bare CR in the body": dict(text="eerste\r\ntweede\rderde"),
    "emoji": dict(subject="Goed bezig 💪", text="Goed bezig 💪\n"),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_message_reads_back_as_built(case):
    fields, wire = _build(**case)
    message = _read(wire.data)
    assert message["From"] == fields["mail_from"]
    assert message["To"] == fields["to"]
    assert message["Subject"] == fields["subject"]
    assert message["Message-ID"] == fields["message_id"]
    assert message["Date"].datetime == AT
    for name, value in UNSUBSCRIBE.items():
        assert message[name] == value
    assert message.get_content_type() == "multipart/alternative"
    plain, html = (part for part in message.iter_parts())
    assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"

    def normal(s: str) -> str:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
        return s if s.endswith("\n") else s + "\n"

    assert normal(plain.get_content()) == normal(fields["text"])
    assert normal(html.get_content()) == normal(fields["html"])
    assert message.get_body(("html", "plain")) is html  # clients prefer the HTML


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_bytes_obey_smtp_line_rules(case):
    _fields, wire = _build(**case)
    assert wire.data.endswith(b"\r\n")
    assert b"\n" not in wire.data.replace(b"\r\n", b"")  # no bare LF
    assert b"\r" not in wire.data.replace(b"\r\n", b"")  # no bare CR
    assert all(len(line) <= MAX_LINE for line in wire.data.split(b"\r\n"))
    assert wire.data.isascii()  # quoted-printable and RFC 2047: 7-bit clean
    headers = wire.data.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in headers.split(b"\r\n") if line.startswith(b"Subject"))


def test_the_envelope_takes_the_bare_addresses():
    _fields, wire = _build()
    assert (wire.sender, wire.recipients, wire.smtputf8) == (
        "noreply@rugcoach.example",
        ("sanne@example.org",),
        False,
    )


def test_the_same_email_gives_the_same_bytes():
    # A resend after a crash is then the same message, boundary included.
    assert _build()[1].data == _build()[1].data
    assert _build()[1].data != _build(message_id="<other@rugcoach.example>")[1].data


@pytest.mark.parametrize(
    "field, value",
    [
        ("subject", "Hallo\r\nBcc: everyone@example.org"),
        ("to", "a@example.org\nBcc: b@x.org"),
        ("mail_from", "x@example.org\r\nBcc: b@x.org"),
        ("headers", {"List-Unsubscribe": "<https://x>\r\nBcc: b@x.org"}),
        ("headers", {"X-Note": "é"}),
        ("headers", {"X-Long": "x" * 1000}),
    ],
)
def test_a_header_that_would_break_the_message_is_refused(field, value):
    with pytest.raises(ValueError):
        _build(**{field: value})


def test_an_international_address_takes_smtputf8():
    fields, wire = _build(to="jürgen@bücher.example")
    assert wire.smtputf8 and wire.recipients == ("jürgen@bücher.example",)
    message = _read(wire.data)
    assert message["To"] == fields["to"]
    assert message.get_body(("plain",)).get_content().startswith("Hallo Sanne")


def test_every_email_says_it_is_sent_automatically():
    for case in (CASES["plain ASCII"], dict(to="zoë@voorbeeld.nl")):
        _, wire = _build(**case)
        assert _read(wire.data)["Auto-Submitted"] == "auto-generated"


def test_long_headers_are_folded_at_spaces_and_read_back_whole():
    links = ", ".join(
        f"<https://rugcoach.example/unsubscribe/{n}.daily.{'A' * 22}>" for n in (1, 2)
    )
    _, wire = _build(headers={"List-Unsubscribe": links})
    head = wire.data.split(b"\r\n\r\n", 1)[0]
    lines = [line for line in head.split(b"\r\n") if b"unsubscribe/" in line]
    assert len(lines) == 2 and lines[1].startswith(b" <https://")  # one link a line
    assert str(_read(wire.data)["List-Unsubscribe"]) == links
