"""Engine, sessions and column types shared by every model, and the bulk writes.

The engine is created when the app is built but connects only when first used. SQLite gets
foreign keys, WAL and a busy timeout, and its transactions are begun by us so that a
writer can ask for ``BEGIN IMMEDIATE`` (see ``begin_write``). ``bulk_update`` and
``bulk_insert_new`` write thousands of rows in one statement (see ``_recordset``).
"""

from __future__ import annotations

import enum
import functools
import json
import os
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    MetaData,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import Integer, TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names on SQLite and PostgreSQL."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC that refuses naive datetimes and returns aware ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        """Convert an aware datetime to UTC; a naive one is a programming error."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite has no zone-aware type; store naive UTC there.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def make_engine(url: str) -> Engine:
    """Create the engine for a database URL with the settings Rugcoach relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _create_private_file(database: str | None) -> None:
    """Create a new SQLite file readable by its owner only; its -wal and -shm files follow it."""
    if database in (None, "", ":memory:") or database.startswith("file:"):
        return
    path = Path(database)
    if path.parent.is_dir() and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def checkpoint(session: Session) -> None:
    """On SQLite, copy the WAL into the database file and empty it (after erasing data).

    Runs on a connection of its own outside any transaction, which a checkpoint needs; it
    waits for readers (busy timeout) like a writer does.
    """
    engine = session.get_bind()
    if engine.dialect.name != "sqlite":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _configure_sqlite(engine: Engine) -> None:
    """Turn on foreign keys and WAL, and take over BEGIN from pysqlite."""

    @event.listens_for(engine, "do_connect")
    def _before_connect(_dialect, _record, _args, _kwargs) -> None:
        # Only when a connection is made: building the app touches no file.
        _create_private_file(engine.url.database)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # pysqlite would otherwise begin lazily before the first write, which lets two
        # writers both read and then fail to upgrade their locks.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten, not left in free pages: an erased account is gone.
        cursor.execute("PRAGMA secure_delete=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit survives
            # a crash or kill of the process (the outbox relies on that), only a power cut
            # can lose the last ones. One fsync per sent email would cap delivery instead.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # each statement is its own transaction
        mode = options.get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def in_ids(session: Session, column, ids: list[int]):
    """``column IN ids``; on PostgreSQL ``column = ANY(array)``.

    An IN list is a placeholder per id, and the driver parses a statement with hundreds of
    them anew each time; the array is one parameter.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("ids", ids, type_=ARRAY(Integer), unique=True))
    return column.in_(ids)


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer (SQLite: BEGIN IMMEDIATE).

    Call it before the first statement of a transaction that will write; elsewhere it is
    harmless. PostgreSQL ignores the option.
    """
    if not session.in_transaction():
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def bulk_update(
    connection: Connection, table: Table, key: str, fields: Sequence[str], rows: list[dict]
) -> None:
    """Set ``fields`` to each of ``rows`` (dicts by column name) in the row with its ``key``.

    The same rows, columns and values a flush of changed objects would write, in one
    statement: an executemany on SQLite, one JSON document on PostgreSQL (``_recordset``).
    """
    if not rows:
        return
    fields = tuple(fields)
    if connection.dialect.name == "postgresql":
        connection.execute(_pg_update(table, key, fields), {"rows": _document(rows)})
        return
    params = [{"match": row[key], **{f"new_{f}": row[f] for f in fields}} for row in rows]
    connection.execute(_update(table, key, fields), params)


def bulk_insert_new(connection: Connection, table: Table, key: str, rows: list[dict]) -> set:
    """Insert each row whose ``key`` (a unique column) is not taken yet; returns the keys inserted.

    INSERT ... ON CONFLICT (key) DO NOTHING RETURNING key, one statement for all rows (each
    names the same columns): a row whose key exists, or came earlier in ``rows``, is
    skipped. SQLite: multi-row VALUES; PostgreSQL: one JSON document (``_recordset``).
    """
    if not rows:
        return set()
    columns = tuple(rows[0])
    if connection.dialect.name == "postgresql":
        statement = _pg_insert_new(table, key, columns)
        return set(connection.execute(statement, {"rows": _document(rows)}).scalars())
    statement = (
        sqlite.insert(table).on_conflict_do_nothing(index_elements=[key]).returning(table.c[key])
    )
    return set(connection.execute(statement, rows).scalars())


# PostgreSQL gets many rows as one parameter: a JSON array of objects, expanded into typed
# columns by json_to_recordset. A multi-row VALUES has a placeholder per value, which the
# driver parses anew for every statement (thousands of them), and an executemany is a
# round trip per row. Names and types come from the table's own definition, never from input.
def _recordset(table: Table, columns: Sequence[str]) -> str:
    """``json_to_recordset(:rows) AS r(column type, ...)`` for these columns of the table."""
    dialect = postgresql.dialect()
    quote = dialect.identifier_preparer.quote
    record = ", ".join(
        f"{quote(name)} {table.c[name].type.compile(dialect=dialect)}" for name in columns
    )
    return f"json_to_recordset(CAST(:rows AS json)) AS r({record})"


@functools.cache
def _pg_update(table: Table, key: str, fields: tuple[str, ...]):
    """UPDATE ... FROM the recordset, matched on ``key``; built once per shape."""
    quote = postgresql.dialect().identifier_preparer.quote
    assignments = ", ".join(f"{quote(f)} = r.{quote(f)}" for f in fields)
    return text(
        f"UPDATE {quote(table.name)} SET {assignments} "  # noqa: S608
        f"FROM {_recordset(table, (key, *fields))} "
        f"WHERE {quote(table.name)}.{quote(key)} = r.{quote(key)}"
    )


@functools.cache
def _pg_insert_new(table: Table, key: str, columns: tuple[str, ...]):
    """INSERT ... SELECT FROM the recordset ON CONFLICT DO NOTHING; built once per shape."""
    quote = postgresql.dialect().identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    return text(
        f"INSERT INTO {quote(table.name)} ({names}) "  # noqa: S608
        f"SELECT {names} FROM {_recordset(table, columns)} "
        f"ON CONFLICT ({quote(key)}) DO NOTHING RETURNING {quote(key)}"
    )


@functools.cache
def _update(table: Table, key: str, fields: tuple[str, ...]):
    """UPDATE of these columns of the row whose ``key`` matches, for an executemany."""
    return (
        table.update()
        .where(table.c[key] == bindparam("match"))
        .values({table.c[f]: bindparam(f"new_{f}") for f in fields})
    )


def _document(rows: list[dict]) -> str:
    """The rows as one JSON array, in the text forms PostgreSQL's column types read."""
    return json.dumps(rows, default=_json_value, ensure_ascii=False)


def _json_value(value: object) -> object:
    """A date, time or aware datetime in ISO 8601, an enum as its value; naive is refused."""
    if isinstance(value, datetime) and value.utcoffset() is None:
        # As UTCDateTime refuses it: which zone it meant cannot be known.
        raise ValueError(f"naive datetime {value!r} given to a UTC column")
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"cannot store {value!r} through a JSON document")


def init_app(app: Flask) -> None:
    """Create the engine and session factory and close the request's session afterwards."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["rugcoach.engine"] = engine
    app.extensions["rugcoach.sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def new_session(app: Flask | None = None) -> Session:
    """Open a new session on the app's database (for CLI commands and the scheduler)."""
    app = app or current_app
    return app.extensions["rugcoach.sessions"]()


def get_db() -> Session:
    """Return this request's session, opening it on first use."""
    if "db" not in g:
        g.db = new_session()
        # A POST will write: on SQLite take the write lock before the first read.
        if has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"):
            begin_write(g.db)
    return g.db


def _close_session(_exc: BaseException | None) -> None:
    """Close the request's session; uncommitted work is rolled back."""
    session = g.pop("db", None)
    if session is not None:
        session.close()
