"""Which databases the tests run on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

Under pytest-xdist each worker gets a PostgreSQL database of its own next to the one
TEST_DATABASE_URL names; conftest.py creates it at the start and drops it at the end.
"""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from webapp.db import Base

CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
if PG_URL.startswith("postgresql://"):
    PG_URL = "postgresql+psycopg://" + PG_URL.split("://", 1)[1]
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
SHARED_PG_URL = PG_URL
if PG_URL and WORKER:
    _url = make_url(PG_URL)
    PG_URL = _url.set(database=f"{_url.database}_{WORKER}").render_as_string(hide_password=False)
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def worker_database(action: str) -> None:
    """Create (anew) or drop this worker's database; an unreachable server is left to pg_engine."""
    name = make_url(PG_URL).database
    admin = create_engine(SHARED_PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if action == "CREATE":
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # pg_engine reports it (and fails under CI)
        if action == "CREATE" and CI:
            raise
    finally:
        admin.dispose()


def truncate_all(engine) -> None:
    """Empty every table so the next test starts from nothing."""
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
