"""Fixtures: app, client, runner, users per role, a fixed clock, and a fresh database per test.

Every test that uses ``app`` runs on SQLite and, when TEST_DATABASE_URL is set, again on
PostgreSQL. Under CI=true a missing PostgreSQL or browser fails the run instead of skipping.
"""

from __future__ import annotations

import gc
import os

import pytest
from sqlalchemy import create_engine, inspect, text

# Tests never read the developer's own settings.
for _name in ("DATABASE_URL", "SMTP_URL", "BASE_URL", "MAIL_FROM", "SECRET_KEY", "OUTBOX_DIR"):
    os.environ.pop(_name, None)
os.environ["RUGCOACH_ENV"] = "testing"

from tests.support.client import PASSWORD, AuthActions  # noqa: E402
from tests.support.clock import START, FixedClock  # noqa: E402
from tests.support.database import (  # noqa: E402
    BACKENDS,
    CI,
    PG_URL,
    SHARED_PG_URL,
    truncate_all,
    worker_database,
)
from webapp import create_app  # noqa: E402
from webapp.db import Base, new_session  # noqa: E402
from webapp.models import Role  # noqa: E402
from webapp.services.accounts.users import create_user  # noqa: E402
from webapp.wiring import password_hasher  # noqa: E402


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI, refuse to run without PostgreSQL rather than quietly testing less."""
    if CI and not PG_URL:
        raise pytest.UsageError("CI=true but TEST_DATABASE_URL is not set: PostgreSQL is required")
    if PG_URL != SHARED_PG_URL:
        worker_database("CREATE")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Set aside what imports and collection made: each test's collection then skips it."""
    gc.collect()
    gc.freeze()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop this worker's own PostgreSQL database."""
    if PG_URL != SHARED_PG_URL:
        worker_database("DROP")


@pytest.fixture(scope="session")
def pg_engine():
    """One engine on the PostgreSQL test database, schema created once per run."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL not set")
    engine = create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        if CI:
            pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """A fresh, empty database with the current schema, on each backend in turn."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        return url
    engine = request.getfixturevalue("pg_engine")
    truncate_all(engine)
    return PG_URL


@pytest.fixture
def clock() -> FixedClock:
    """The app's clock, fixed at START until moved."""
    return FixedClock(START)


@pytest.fixture
def app(database_url, clock, tmp_path):
    """The app on the test database with the fixed clock and a private outbox folder."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "CLOCK": clock,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "VIDEO_DIR": str(tmp_path / "videos"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    yield app
    app.extensions["rugcoach.engine"].dispose()
    # Each mapper caches its statements per dialect, and through the dialect the engine: one
    # engine per test would pile up for the whole run, and every collection would walk them.
    for mapper in Base.registry.mappers:
        mapper._compiled_cache.clear()
    # Collect now, so a connection a test forgot to close is reported against that test.
    gc.collect()


@pytest.fixture
def client(app):
    """A test client (cookies kept between requests)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the app's commands."""
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """A session on the test database for arranging and checking.

    No app context stays pushed: the test client's requests must each get their own, as
    in production (a shared one would share ``g`` and its cached locale between requests).
    """
    session = new_session(app)
    yield session
    session.close()


@pytest.fixture
def make_user(app, db, clock):
    """Create a user with the test password."""

    def make(email: str, role: Role = Role.PATIENT, **fields):
        fields.setdefault("name", email.partition("@")[0].title())
        with app.app_context():
            user = create_user(
                db,
                email=email,
                password=PASSWORD,
                role=role,
                now=clock(),
                hasher=password_hasher(app),
                **fields,
            )
        db.commit()
        return user

    return make


@pytest.fixture
def physio(make_user):
    """A physiotherapist."""
    return make_user("physio@example.org", Role.PHYSIO, name="Fysio Jansen")


@pytest.fixture
def patient(make_user, physio, db):
    """A patient linked to ``physio``."""
    user = make_user("patient@example.org", name="Sanne de Vries")
    user.physio_id = physio.id
    db.commit()
    return user


@pytest.fixture
def admin(make_user):
    """An admin."""
    return make_user("admin@example.org", Role.ADMIN, name="Beheerder")


@pytest.fixture
def auth(client):
    """Log in and out through the real forms."""
    return AuthActions(client, PASSWORD)


def table_names(engine) -> set[str]:
    """The tables present in a database."""
    return set(inspect(engine).get_table_names())


@pytest.fixture
def catalogue(app, db):
    """The exercise catalogue loaded into the database."""
    from webapp.services.library.catalogue import load_catalogue

    with app.app_context():
        load_catalogue(db, app.config["CATALOGUE_DIR"])
    db.commit()


@pytest.fixture
def exercises(app, db):
    """The catalogue loaded; returns the demo plan's three: walking, pelvic tilt, cat-camel."""
    from webapp.services.ops.demo import demo_exercises

    found = demo_exercises(db, app.config["CATALOGUE_DIR"])
    db.commit()
    return found


@pytest.fixture
def plan(app, db, patient, physio, exercises, clock):
    """The patient's active plan: every day at 08:00, starting today."""
    from datetime import time

    from webapp.domain.schedule import ALL_DAYS
    from webapp.services.plans.plans import ItemSpec, create_plan

    with app.app_context():
        created = create_plan(
            db,
            patient=patient,
            author=physio,
            items=[ItemSpec(e, e.default_sets, e.default_amount) for e in exercises],
            weekdays=ALL_DAYS,
            reminder_time=time(8, 0),
            start_date=clock().date(),
            now=clock(),
        )
    db.commit()
    return created


@pytest.fixture
def smtp_server():
    """A running SMTP server that records what it receives."""
    from tests.support.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def english(db, patient, physio):
    """Physio and patient read the English UI, so tests can match the source texts."""
    patient.locale = physio.locale = "en"
    db.commit()


@pytest.fixture
def as_physio(client, auth, english, catalogue):
    """A test client signed in as the English-reading physio, with the catalogue loaded."""
    auth.login("physio@example.org")
    return client


@pytest.fixture
def physio_in(client, auth, physio, db):
    """The physio, reading English, logged in; requests come from a known address."""
    physio.locale = "en"
    db.commit()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    auth.login("physio@example.org")
    return client


@pytest.fixture
def other_physio(make_user):
    """A physio of another practice, reading English."""
    return make_user("other.physio@example.org", Role.PHYSIO, name="Fysio Bakker", locale="en")
