"""How the deliver pass stays fast and safe with several senders: lease claims, overlapped marks.

delivery.py is the plain path (claim, send, mark); the two measures it relies on are here.

Lease claims (``claim_batch``, ``outcome``). Every decision lives in the row, so several
scheduler processes can deliver at once: a batch is claimed by a conditional UPDATE
(PostgreSQL: over ``FOR UPDATE SKIP LOCKED``; SQLite: inside ``BEGIN IMMEDIATE``) that
gives it a token and a lease, and only the claimer's token can record an outcome. A
claimer that dies leaves rows whose lease runs out; the next claim takes those first.

Marks committed during SMTP waits (``Overlapped``). The deliver pass marks each accepted
email as sent in its own commit. Done right after the server's acceptance, that commit
and the SMTP exchange take turns. Instead, the mark of the email just accepted is held
until the next email's first command is on its way to the server, and committed while the
server is still answering it; while it answers RCPT TO, the email after is built. The
database and the mail server work at the same time, in one thread. The next email can
only be accepted once that commit is done, so at any moment at most one accepted email is
unmarked: a crash there sends that one email again after its lease, as a duplicate; none
is lost.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, Row, bindparam, or_, select, update
from sqlalchemy.orm import Session

from webapp.db import begin_write
from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.mail.mime import WireMessage
from webapp.services.mail.transport import DeliveryError, Transport

LEASE = timedelta(minutes=5)


# What sending a claimed row needs; the claim returns these columns, not ORM objects.
_CLAIMED = (
    OutboxEmail.id,
    OutboxEmail.claim_token,
    OutboxEmail.kind,
    OutboxEmail.user_id,
    OutboxEmail.attempts,
    OutboxEmail.to_address,
    OutboxEmail.subject,
    OutboxEmail.message_id,
    OutboxEmail.headers,
    OutboxEmail.text_body,
    OutboxEmail.html_body,
)


def claim_batch(session: Session, now: datetime, limit: int, channel: str = "email") -> list[Row]:
    """Claim up to ``limit`` due rows of one channel for this process, commit, return them.

    Rows whose claimer died (lease run out) come first, then pending rows oldest-due first.
    Each part is its own UPDATE ... RETURNING over an index-ordered LIMIT, so a claim reads
    about ``limit`` rows however many thousands wait behind them.
    """
    begin_write(session)
    token = str(uuid.uuid4())
    orphaned = OutboxEmail.lease_until < now
    claimed = _claim(session, token, now, limit, OutboxStatus.SENDING, orphaned, channel)
    if len(claimed) < limit:
        claimed += _claim(
            session,
            token,
            now,
            limit - len(claimed),
            OutboxStatus.PENDING,
            OutboxEmail.next_attempt_at <= now,
            channel,
        )
    session.commit()
    return sorted(claimed, key=lambda row: row.id)


def _claim(
    session: Session, token: str, now: datetime, limit: int, status, due, channel: str
) -> list[Row]:
    """Claim up to ``limit`` rows in ``status`` that are ``due``, in the due index's order."""
    # The index (status, next_attempt_at, id) yields this order without a sort; SKIP LOCKED
    # lets a second scheduler process claim the rows after ours instead of waiting.
    chosen = (
        select(OutboxEmail.id)
        .where(
            OutboxEmail.status == status,
            due,
            # Each channel has its own deliver pass (SMTP here, services/push for pushes).
            OutboxEmail.channel == channel,
            or_(OutboxEmail.not_after.is_(None), OutboxEmail.not_after >= now),
        )
        .order_by(OutboxEmail.next_attempt_at, OutboxEmail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(OutboxEmail)
        .where(OutboxEmail.id.in_(chosen.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            claim_token=token,
            lease_until=now + LEASE,
            attempts=OutboxEmail.attempts + 1,
        )
        .returning(*_CLAIMED)
    )
    return list(session.connection().execute(claim).all())


@functools.cache
def _mark_statement(columns: tuple[str, ...]):
    """UPDATE of a claimed row's outcome (these columns), only while our claim holds.

    Built once per outcome shape: constructing the statement cost more than running it.
    """
    return (
        update(OutboxEmail)
        .where(OutboxEmail.id == bindparam("row_id"), OutboxEmail.claim_token == bindparam("token"))
        .values(claim_token=None, lease_until=None, **{c: bindparam(f"new_{c}") for c in columns})
        .execution_options(synchronize_session=False)
    )


def outcome(row: Row, values: dict) -> tuple:
    """The statement and parameters that record ``values`` as a claimed row's outcome."""
    params = {f"new_{column}": value for column, value in values.items()}
    return _mark_statement(tuple(values)), dict(params, row_id=row.id, token=row.claim_token)


class Overlapped:
    """Sends claimed rows; the database work around each is done while the server answers."""

    def __init__(self, engine: Engine, transport: Transport, build: Callable) -> None:
        self.transport = transport
        self._build_message = build  # an outbox row -> its WireMessage (ValueError: never)
        self.marks = DeferredMarks(engine)
        self._built: dict[int, WireMessage | ValueError] = {}

    def send(self, row: Row, after: Row | None) -> None:
        """Send one claimed row's message (DeliveryError if it fails); ``after`` comes next.

        While the server answers MAIL FROM, the previous row's mark is committed; while it
        answers RCPT TO, ``after``'s message is built (``Transport.send``'s ``meanwhile``).
        """
        self._build(row)  # unless it was built during the previous email's exchange
        message = self._built.pop(row.id)
        if isinstance(message, ValueError):
            # A stored email that cannot become a valid message (a line break in a header,
            # say) never will: failed now, so it does not come back after every lease.
            raise DeliveryError(f"cannot build the message: {message}", permanent=True)
        self.transport.send(message, meanwhile=(self.marks.flush, lambda: self._build(after)))

    def mark(self, row: Row, values: dict) -> None:
        """Record a sent row's outcome: committed during the next send, or at ``close``."""
        self.marks.hold(*outcome(row, values))

    def forget(self, row: Row) -> None:
        """Drop what was built ahead for a row that is given back unsent."""
        self._built.pop(row.id, None)

    def close(self) -> None:
        """Commit the last mark and release its connection."""
        self.marks.close()

    def _build(self, row: Row | None) -> None:
        """Build ``row``'s message now, keeping it (or the reason it cannot be built)."""
        if row is None or row.id in self._built:
            return
        try:
            self._built[row.id] = self._build_message(row)
        except ValueError as exc:
            self._built[row.id] = exc


class DeferredMarks:
    """Holds one UPDATE until ``flush`` commits it on a connection of its own."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._held: tuple | None = None
        self._stack = contextlib.ExitStack()
        self._connection: Connection | None = None
        self._cursor = None
        self._prepared: dict[object, _Prepared] = {}

    def hold(self, statement, params: dict) -> None:
        """Keep this UPDATE for the next ``flush``; an earlier one still held is committed first."""
        self.flush()
        self._held = (statement, params)

    def flush(self) -> None:
        """Commit the held UPDATE, if any (its error is raised here)."""
        held, self._held = self._held, None
        if held is None:
            return
        statement, params = held
        if self._connection is None:
            self._connection = self._stack.enter_context(marking_connection(self._engine))
            self._cursor = self._connection.connection.dbapi_connection.cursor()
        prepared = self._prepared.get(statement)
        if prepared is None:
            prepared = self._prepared[statement] = _Prepared(statement, self._engine.dialect)
        # Straight to the driver: SQLAlchemy's execute cost more than the UPDATE itself,
        # and this commit is waited for between two SMTP lines.
        try:
            self._cursor.execute(prepared.sql, prepared.arguments(params))
        except self._engine.dialect.loaded_dbapi.Error:
            self._connection.invalidate()  # SQLAlchemy did not see this error: never reuse
            raise

    def close(self) -> None:
        """Commit what is still held, then release the connection."""
        try:
            self.flush()
        finally:
            self._stack.close()


class _Prepared:
    """A statement compiled once for the driver, with the bind processing of its types."""

    def __init__(self, statement, dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self._compiled = compiled
        self.sql = compiled.string
        self._order = compiled.positiontup if compiled.positional else None
        # Each parameter's type turns the Python value into what the column stores (an
        # enum's value, SQLite's text form of a timestamp) exactly as SQLAlchemy would.
        self._process = {}
        for bind, name in compiled.bind_names.items():
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                self._process[name] = process

    def arguments(self, params: dict):
        """The driver's parameters (a tuple or a dict, by its paramstyle) for these values."""
        values = self._compiled.construct_params(params)
        for name, process in self._process.items():
            values[name] = process(values[name])
        if self._order is None:
            return values
        return tuple(values[name] for name in self._order)


@contextmanager
def marking_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for many small commits that each record an accepted email.

    In autocommit mode, each UPDATE is a transaction of its own, without BEGIN and COMMIT
    round trips around it. On PostgreSQL these commits do not wait for the disk
    (synchronous_commit off): a crash of the database server - not of this process - may
    forget the last fraction of a second of marks, and those emails go once more after
    their lease; none is lost. SQLite's WAL with synchronous=NORMAL (webapp/db.py) makes
    the same promise.
    """
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        if postgres:
            connection.exec_driver_sql("SET synchronous_commit TO OFF")
            connection.commit()
        try:
            yield connection
        finally:
            if postgres and not connection.invalidated:
                connection.exec_driver_sql("RESET synchronous_commit")
                connection.commit()
