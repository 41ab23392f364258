"""The email outbox: every email is inserted once per idempotency key, then delivered.

Rows are written here and sent by webapp.services.mail.delivery (claim with a lease, deliver,
retry or give up).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from webapp.models import OutboxEmail, OutboxStatus


@dataclass(frozen=True)
class Rendered:
    """An email rendered for one recipient."""

    to_address: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]


@functools.lru_cache(maxsize=8)
def _sender_domain(mail_from: str) -> str:
    """The domain of the sender's address (parsed once: the planning pass asks per email)."""
    return parseaddr(mail_from)[1].rpartition("@")[2] or "rugcoach.invalid"


def message_id_for(key: str, mail_from: str) -> str:
    """A stable Message-ID derived from the idempotency key."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{_sender_domain(mail_from)}>"


@dataclass(frozen=True)
class Outgoing:
    """One email to enqueue: its idempotency key, kind, recipient and deadline."""

    key: str
    kind: str
    user_id: int | None
    email: Rendered
    not_after: datetime | None = None


def _row(outgoing: Outgoing, mail_from: str, now: datetime) -> dict[str, object]:
    """The outbox row of an email waiting for its first attempt."""
    email = outgoing.email
    return dict(
        idempotency_key=outgoing.key,
        kind=outgoing.kind,
        user_id=outgoing.user_id,
        to_address=email.to_address,
        subject=email.subject,
        text_body=email.text,
        html_body=email.html,
        headers=json.dumps(email.headers, sort_keys=True),
        message_id=message_id_for(outgoing.key, mail_from),
        status=OutboxStatus.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        not_after=outgoing.not_after,
        created_at=now,
        last_error="",
    )


def _insert_statement(session: Session):
    """INSERT ... ON CONFLICT (idempotency_key) DO NOTHING RETURNING the key, per dialect."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = OutboxEmail.__table__
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(table.c.idempotency_key)
    )


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    user_id: int | None,
    email: Rendered,
    mail_from: str,
    now: datetime,
    not_after: datetime | None = None,
) -> bool:
    """Insert the email unless its key exists; True when it was inserted."""
    row = _row(Outgoing(key, kind, user_id, email, not_after), mail_from, now)
    return session.execute(_insert_statement(session), row).scalar() is not None


def enqueue_many(
    session: Session, emails: list[Outgoing], *, mail_from: str, now: datetime
) -> set[str]:
    """Insert every email whose key does not exist yet; returns the keys inserted.

    One statement for the batch instead of one per email: the planning pass queues
    thousands at once. SQLite: an executemany (multi-row VALUES). PostgreSQL: the rows as
    one JSON document, expanded by json_to_recordset; a multi-row VALUES there has
    thousands of placeholders, which the driver parses anew for every statement, and an
    array per column costs the driver a regex substitution per quote in the bodies.
    """
    if not emails:
        return set()
    rows: dict[str, dict[str, object]] = {}
    for outgoing in emails:
        # A key twice in one call: the first wins, as it would with one insert each.
        rows.setdefault(outgoing.key, _row(outgoing, mail_from, now))
    if session.get_bind().dialect.name == "postgresql":
        document = json.dumps(list(rows.values()), default=_json_instant, ensure_ascii=False)
        return set(session.connection().execute(_PG_INSERT, {"rows": document}).scalars())
    return set(session.execute(_insert_statement(session), list(rows.values())).scalars())


def _json_instant(value: object) -> str:
    """An aware datetime as ISO 8601 with its offset (what the timestamptz column reads)."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise TypeError(f"cannot store {value!r} in the outbox")  # naive: a programming error
    return value.isoformat()


# The columns of _row, with their PostgreSQL types.
_COLUMNS = (
    ("idempotency_key", "varchar"),
    ("kind", "varchar"),
    ("user_id", "integer"),
    ("to_address", "varchar"),
    ("subject", "varchar"),
    ("text_body", "text"),
    ("html_body", "text"),
    ("headers", "text"),
    ("message_id", "varchar"),
    ("status", "varchar"),
    ("attempts", "integer"),
    ("next_attempt_at", "timestamptz"),
    ("not_after", "timestamptz"),
    ("created_at", "timestamptz"),
    ("last_error", "text"),
)
# Built from the constant column list above: no outside input reaches the SQL text.
_PG_INSERT = text(
    f"INSERT INTO outbox_emails ({', '.join(c for c, _t in _COLUMNS)}) "  # noqa: S608
    f"SELECT {', '.join(c for c, _t in _COLUMNS)} FROM json_to_recordset(CAST(:rows AS json)) "
    f"AS r({', '.join(f'{c} {t}' for c, t in _COLUMNS)}) "
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key"
)


def pending_count(session: Session) -> int:
    """How many emails wait to be sent."""
    return session.scalar(
        select(func.count())
        .select_from(OutboxEmail)
        .where(OutboxEmail.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
    )
