"""Migrations build the schema from nothing on SQLite and PostgreSQL, and match the models."""

from datetime import date, time

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tests.support.database import CI, PG_URL
from webapp.commands.database import alembic_config
from webapp.db import Base, make_engine
from webapp.domain.timetable import Schedule
from webapp.models import Plan


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


def test_stored_two_step_secrets_are_encrypted_on_upgrade_and_decrypted_on_downgrade(tmp_path):
    import pyotp

    from webapp.services.accounts import totp_box

    url = f"sqlite:///{tmp_path / 'secrets.db'}"
    key = "the practice's secret key"
    cfg = alembic_config(url, key)
    command.upgrade(cfg, "0020s_login_sessions")
    secret = pyotp.random_base32()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, password_hash, role, name, locale, timezone, "
                "totp_secret, totp_enabled, safety_check_due, session_version, created_at) "
                "VALUES (5, 'f@example.org', 'x', 'physio', 'F', 'nl', 'Europe/Amsterdam', "
                ":secret, true, false, 1, '2026-11-01 08:00:00')"
            ),
            {"secret": secret},
        )
    # Without the key there is nothing to encrypt with: the upgrade refuses.
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        command.upgrade(alembic_config(url), "0020s_totp_encrypted")
    command.upgrade(cfg, "0020s_totp_encrypted")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT totp_secret FROM users WHERE id = 5")).scalar()
    assert secret not in stored and totp_box.unseal(key, 5, stored) == secret
    command.downgrade(cfg, "0020s_login_sessions")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT totp_secret FROM users WHERE id = 5")).scalar() == secret
    engine.dispose()


def test_uploads_stored_before_the_audience_keep_showing_to_all_the_physios_patients(tmp_path):
    url = f"sqlite:///{tmp_path / 'uploads.db'}"
    cfg = alembic_config(url, "the practice's secret key")
    command.upgrade(cfg, "0021p_push_subscriptions")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, password_hash, role, name, locale, timezone, "
                "totp_enabled, safety_check_due, session_version, created_at) "
                "VALUES (5, 'f@example.org', 'x', 'physio', 'F', 'nl', 'Europe/Amsterdam', "
                "false, false, 1, '2026-11-01 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO exercises (id, slug, name_nl, name_en, unit, default_sets, "
                "default_amount, position, category, per_side, sort_order, texts) "
                "VALUES (1, 'own', 'Eigen', 'Own', 'reps', 1, 1, '', '', false, 0, '{}')"
            )
        )
        for video_id, source, owner in ((1, "catalogue", None), (2, "upload", 5)):
            conn.execute(
                text(
                    "INSERT INTO videos (id, exercise_id, source, status, content_hash, "
                    "captions, transcript, duration, width, height, size_bytes, "
                    "uploaded_by_id, original_name, error, created_at, updated_at) "
                    "VALUES (:id, 1, :source, 'ready', 'h', '{}', '{}', 1, 1, 1, 1, :owner, "
                    "'', '', '2026-11-01 08:00:00', '2026-11-01 08:00:00')"
                ),
                {"id": video_id, "source": source, "owner": owner},
            )
    command.upgrade(cfg, "0017u_upload_audience")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, audience, title FROM videos ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [(1, "nobody", ""), (2, "all", "")]
    engine.dispose()


def test_plans_stored_before_dated_schedules_keep_their_days_and_time(tmp_path):
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    cfg = alembic_config(url, "the practice's secret key")
    command.upgrade(cfg, "0017u_upload_audience")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, password_hash, role, name, locale, timezone, "
                "totp_enabled, safety_check_due, session_version, created_at) "
                "VALUES (7, 'p@example.org', 'x', 'patient', 'P', 'nl', 'Europe/Amsterdam', "
                "false, false, 1, '2026-11-01 08:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO plans (id, patient_id, status, start_date, weekdays, "
                "reminder_time, template, created_at) VALUES (3, 7, 'active', '2026-11-02', "
                "21, '18:30:00', 'custom', '2026-11-01 08:00:00')"
            )
        )
    command.upgrade(cfg, "0017v_plan_schedules")
    with Session(engine) as session:
        plan = session.get(Plan, 3)
        # No dated change: every day of the plan keeps the schedule it was stored with.
        assert plan.schedules == []
        assert plan.schedule_on(date(2026, 11, 2)) == Schedule(21, time(18, 30))
        assert plan.schedule_on(date(2027, 1, 4)) == Schedule(21, time(18, 30))
    command.downgrade(cfg, "0017u_upload_audience")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT weekdays FROM plans")).scalar() == 21
    engine.dispose()


def test_outbox_rows_stored_before_the_channel_are_emails(tmp_path):
    url = f"sqlite:///{tmp_path / 'outbox.db'}"
    cfg = alembic_config(url, "the practice's secret key")
    command.upgrade(cfg, "0017u_upload_audience")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO outbox_emails (idempotency_key, kind, to_address, subject, "
                "text_body, html_body, headers, message_id, status, attempts, "
                "next_attempt_at, created_at, last_error) VALUES ('daily:1:2026-11-25', "
                "'daily', 'p@example.org', 'S', 't', 'h', '{}', '<m@x>', 'sent', 1, "
                "'2026-11-25 07:00:00', '2026-11-25 07:00:00', '')"
            )
        )
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT idempotency_key, channel FROM outbox_emails")).all()
    assert [tuple(row) for row in rows] == [("daily:1:2026-11-25", "email")]
    command.downgrade(cfg, "0017u_upload_audience")
    engine.dispose()
