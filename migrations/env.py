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


def run_migrations_online() -> None:
    """Run migrations over a connection; SQLite alters tables in batch mode."""
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
