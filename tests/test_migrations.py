"""Migrations build the schema from nothing on SQLite and PostgreSQL, and match the models."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.database import CI, PG_URL
from webapp.commands.database import alembic_config
from webapp.db import Base, make_engine


def _assert_models_match(url: str) -> None:
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def _upgrade_and_downgrade(url: str) -> None:
    cfg = alembic_config(url)
    command.upgrade(cfg, "head")
    _assert_models_match(url)
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")
    _assert_models_match(url)


def test_sqlite_upgrade_from_empty(tmp_path):
    _upgrade_and_downgrade(f"sqlite:///{tmp_path / 'migrated.db'}")


@pytest.fixture
def empty_pg_database():
    """A brand-new PostgreSQL database next to the test database, dropped afterwards."""
    if not PG_URL:
        if CI:
            pytest.fail("CI requires PostgreSQL (TEST_DATABASE_URL)")
        pytest.skip("TEST_DATABASE_URL not set")
    url = make_url(PG_URL)
    name = f"{url.database}_migrations"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_postgresql_upgrade_from_empty(empty_pg_database):
    _upgrade_and_downgrade(empty_pg_database)
