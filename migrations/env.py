"""Alembic environment: runs Rugcoach's migrations on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import context

from config import load_config
from webapp import models  # noqa: F401  (registers the tables on Base.metadata)
from webapp.db import Base, make_engine

config = context.config
url = config.attributes.get("database_url") or load_config()["DATABASE_URL"]


def run_migrations_offline() -> None:
    """Emit SQL without a connection (``--sql``)."""
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def _pragma(connection, statement: str) -> list:
    """Run a PRAGMA on the driver's connection, outside any transaction SQLAlchemy opens."""
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        return cursor.execute(statement).fetchall()
    finally:
        cursor.close()


def run_migrations_online() -> None:
    """Run migrations over a connection; SQLite alters tables in batch mode."""
    engine = make_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table by dropping it; with foreign keys on, dropping
            # `users` would cascade-delete every patient's rows. Off for the migration, on the
            # driver's connection (it only takes effect outside a transaction, and the
            # engine's own begin would open one), checked afterwards.
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = _pragma(connection, "PRAGMA foreign_key_check")
            if broken:
                raise RuntimeError(f"the migration left rows without their parent: {broken[:5]}")
            _pragma(connection, "PRAGMA foreign_keys=ON")
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
