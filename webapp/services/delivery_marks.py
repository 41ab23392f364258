"""Recording sent emails while the next one goes out.

The deliver pass marks each accepted email as sent in its own commit. Done in line, that
commit and the SMTP exchange of the next email take turns; here the commit runs on a
second thread with its own connection while the main thread already talks to the mail
server. At most one mark is ever outstanding: before the next mark is handed over, the
previous one must have committed (or its error is raised), so a crash can leave at most
the email just accepted and the one before it unmarked - each goes again after its lease,
as a duplicate, and none is lost.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

from sqlalchemy import Connection, Engine


class MarkWriter:
    """Commits one UPDATE at a time on a thread and connection of its own."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-marks")
        self._pending: Future | None = None
        self._stack = contextlib.ExitStack()
        self._connection: Connection | None = None

    def submit(self, statement, params: dict) -> None:
        """Commit this UPDATE soon; first waits for the previous one (raising its error)."""
        self.wait()
        self._pending = self._thread.submit(self._write, statement, params)

    def wait(self) -> None:
        """Block until every handed-over mark is committed; raise the error of a failed one."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        """Wait for the last mark, then release the connection and the thread."""
        try:
            self.wait()
        finally:
            self._thread.submit(self._stack.close).result()
            self._thread.shutdown()

    def _write(self, statement, params: dict) -> None:
        """Run on the writer's thread: one UPDATE, one commit."""
        if self._connection is None:
            # Opened on this thread: a SQLite connection may only be used where it was made.
            self._connection = self._stack.enter_context(marking_connection(self._engine))
        self._connection.execute(statement, params)
        self._connection.commit()  # the UPDATE committed itself; this ends SQLAlchemy's view


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
