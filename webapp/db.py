"""Engine, sessions and column types shared by every model.

The engine is created when the app is built but connects only when first used. SQLite gets
foreign keys, WAL and a busy timeout, and its transactions are begun by us so that a
writer can ask for ``BEGIN IMMEDIATE`` (see ``begin_write``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, Engine, MetaData, any_, bindparam, create_engine, event
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


def _configure_sqlite(engine: Engine) -> None:
    """Turn on foreign keys and WAL, and take over BEGIN from pysqlite."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # pysqlite would otherwise begin lazily before the first write, which lets two
        # writers both read and then fail to upgrade their locks.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
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
