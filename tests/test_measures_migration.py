"""The outcome-measure migrations keep what was stored and say what it answered."""

from alembic import command
from sqlalchemy import create_engine, text

from webapp.commands.database import alembic_config


def _at(url: str, revision: str) -> None:
    command.upgrade(alembic_config(url), revision)


def _patient_with_plan(conn) -> None:
    """Patient 1 with plan 1, as the schema of 0011 holds them."""
    conn.execute(
        text(
            "INSERT INTO users (id, email, password_hash, role, name, locale, timezone,"
            " created_at) VALUES (1, 'p@example.org', 'x', 'patient', 'P', 'nl',"
            " 'Europe/Amsterdam', '2026-11-01 10:00:00')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO plans (id, patient_id, status, start_date, weekdays, reminder_time,"
            " created_at) VALUES (1, 1, 'active', '2026-11-02', 127, '08:00:00',"
            " '2026-11-01 10:00:00')"
        )
    )


def test_logs_stored_before_the_nprs_change_are_marked_as_pain_now(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    _at(url, "0011")
    engine = create_engine(url)
    with engine.begin() as conn:
        _patient_with_plan(conn)
        conn.execute(
            text(
                "INSERT INTO session_logs (id, patient_id, plan_id, local_date, status, pain,"
                " note, baseline, source, created_at, updated_at) VALUES (1, 1, 1, '2026-11-02',"
                " 'done', 6, '', 0, 'web', '2026-11-02 10:00:00', '2026-11-02 10:00:00')"
            )
        )
    _at(url, "0018a_pain_question")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO session_logs (id, patient_id, plan_id, local_date, status, pain,"
                " note, baseline, source, created_at, updated_at) VALUES (2, 1, 1, '2026-12-08',"
                " 'done', 5, '', 0, 'web', '2026-12-08 10:00:00', '2026-12-08 10:00:00')"
            )
        )
        rows = conn.execute(text("SELECT id, pain, pain_question FROM session_logs ORDER BY id"))
        assert [tuple(r) for r in rows] == [(1, 6, "now"), (2, 5, "avg_24h")]
    engine.dispose()
