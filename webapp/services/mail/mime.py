"""Outbox emails as the bytes a mail server receives: headers and a text + HTML body.

Written directly instead of through ``email.message.EmailMessage``: building and flattening
one with the standard library cost 1-3 ms per reminder (a parse tree per header, then
refolding), more than the SMTP exchange itself. The shape is small and fixed - ASCII
headers (RFC 2047 words for a non-ASCII subject or sender name), a multipart/alternative
body with a UTF-8 text part and a UTF-8 HTML part, both quoted-printable, CRLF line ends -
and tests/test_mime.py reads every variant back with the standard library's parser.

A recipient address that is not ASCII needs SMTPUTF8 (RFC 6531); those rare messages are
built by the standard library, whose policy knows that case.
"""

from __future__ import annotations

import binascii
import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

# RFC 5322: a line, CRLF excluded, is at most 998 characters.
MAX_LINE = 998
# Header lines are folded to this length where they have spaces (RFC 5322 2.1.1).
FOLD_AT = 78
# Every email is sent by the app, not a person: autoresponders must not answer (RFC 3834).
AUTO_SUBMITTED = ("Auto-Submitted", "auto-generated")


@dataclass(frozen=True)
class WireMessage:
    """One email ready for SMTP: the envelope and the message's bytes (CRLF line ends)."""

    sender: str
    recipients: tuple[str, ...]
    data: bytes
    date: datetime
    smtputf8: bool = False


def wire_message(
    *,
    mail_from: str,
    to: str,
    subject: str,
    date: datetime,
    message_id: str,
    headers: dict[str, str],
    text: str,
    html: str,
) -> WireMessage:
    """The message for one email; ValueError for a header value that would break the format."""
    sender = _envelope_sender(mail_from)
    if not to.isascii():
        data = _standard_library(mail_from, to, subject, date, message_id, headers, text, html)
        return WireMessage(sender, (to,), data, date, smtputf8=True)
    fields = [
        ("To", to),
        ("Date", format_datetime(date)),
        ("Message-ID", message_id),
        AUTO_SUBMITTED,
    ]
    boundary = "=_" + hashlib.sha256(message_id.encode()).hexdigest()[:32]
    # From and Subject come encoded and folded (CRLF + space) from their own builders.
    lines = [_sender_header(mail_from), _subject_header(subject)]
    lines += [_header_line(name, value) for name, value in [*fields, *headers.items()]]
    lines += [
        b"MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"'.encode(),
        b"",
    ]
    marker = f"--{boundary}".encode()
    data = b"\r\n".join(lines) + b"\r\n"
    data += marker + b"\r\n" + _part("plain", text)
    data += marker + b"\r\n" + _part("html", html)
    data += marker + b"--\r\n"
    return WireMessage(sender, (to,), data, date)


def _header_line(name: str, value: str) -> bytes:
    """``Name: value`` as bytes, folded at spaces to lines of at most 78 characters.

    Refuses what could end the header early, is not ASCII, or has a word too long for a line.
    """
    if "\r" in value or "\n" in value or not value.isascii():
        raise ValueError(f"header {name} cannot carry {value!r}")
    lines, current = [], f"{name}:"
    for word in value.split(" "):
        if len(current) + 1 + len(word) > FOLD_AT and current.strip(" :") != name:
            lines.append(current)
            current = " " + word  # the space that was between the words starts the next line
        else:
            current = f"{current} {word}"
    lines.append(current)
    if any(len(line) > MAX_LINE for line in lines):
        raise ValueError(f"header {name} is longer than {MAX_LINE} characters")
    return "\r\n".join(lines).encode()


@functools.lru_cache(maxsize=64)
def _envelope_sender(mail_from: str) -> str:
    """The bare address of MAIL_FROM, for the SMTP envelope."""
    return parseaddr(mail_from)[1]


@functools.lru_cache(maxsize=64)
def _sender_header(mail_from: str) -> bytes:
    """The From line: the display name as RFC 2047 words when it is not ASCII."""
    name, address = parseaddr(mail_from)
    if not address or not address.isascii() or "\n" in mail_from or "\r" in mail_from:
        raise ValueError(f"MAIL_FROM {mail_from!r} is not an ASCII address")
    return f"From: {formataddr((name, address), charset='utf-8')}".encode()


@functools.lru_cache(maxsize=256)
def _subject_header(subject: str) -> bytes:
    """The Subject line, folded, as RFC 2047 words when it is not ASCII (subjects repeat)."""
    if "\r" in subject or "\n" in subject:
        raise ValueError(f"a subject cannot contain a line break: {subject!r}")
    charset = "us-ascii" if subject.isascii() else "utf-8"
    encoded = Header(subject, charset, header_name="Subject").encode(linesep="\r\n")
    return f"Subject: {encoded}".encode()


def _part(subtype: str, body: str) -> bytes:
    """One UTF-8 body part, quoted-printable, with its headers and a final CRLF."""
    normalised = body.replace("\r\n", "\n").replace("\r", "\n")
    if not normalised.endswith("\n"):
        normalised += "\n"
    encoded = binascii.b2a_qp(normalised.encode("utf-8"), istext=True)
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    ).encode() + encoded.replace(b"\n", b"\r\n")


def _standard_library(mail_from, to, subject, date, message_id, headers, text, html) -> bytes:
    """The same message built by ``email.message`` under the SMTPUTF8 policy."""
    message = EmailMessage(policy=policy.SMTPUTF8)
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message[AUTO_SUBMITTED[0]] = AUTO_SUBMITTED[1]
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message.as_bytes()
