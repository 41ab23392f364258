"""Recording sent emails while the mail server reads the next one.

The deliver pass marks each accepted email as sent in its own commit. Done right after the
server's acceptance, that commit and the SMTP exchange take turns. Instead, the mark of the
email just accepted is held until the next email's first command is on its way to the
server, and committed while the server is still answering it: the database and the mail
server work at the same time, in one thread. The next email can only be accepted once
that commit is done, so at any moment at most one accepted email is unmarked: a crash
there sends that one email again after its lease, as a duplicate; none is lost.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine


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
