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
        conn.execute(
            text(
                "INSERT INTO exercises (id, slug, name_nl, name_en, unit, default_sets,"
                " default_amount) VALUES (1, 'walking', 'Wandelen', 'Walking', 'minutes', 1, 10)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO plan_items (id, plan_id, exercise_id, position, sets, amount)"
                " VALUES (1, 1, 1, 0, 1, 10)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO item_logs (session_log_id, plan_item_id, amount, capped)"
                " VALUES (1, 1, 10, 0)"
            )
        )
    _at(url, "0018a_pain_question")
    # A row written without saying which question it answered counts as the old one; the
    # app always says (tests/web/patient/test_nprs.py).
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO session_logs (id, patient_id, plan_id, local_date, status, pain,"
                " note, baseline, source, created_at, updated_at) VALUES (2, 1, 1, '2026-12-08',"
                " 'done', 5, '', 0, 'web', '2026-12-08 10:00:00', '2026-12-08 10:00:00')"
            )
        )
        rows = conn.execute(text("SELECT id, pain, pain_question FROM session_logs ORDER BY id"))
        assert [tuple(r) for r in rows] == [(1, 6, "now"), (2, 5, "now")]
        assert conn.execute(text("SELECT COUNT(*) FROM item_logs")).scalar() == 1
    engine.dispose()


def test_functioning_scores_become_psk_difficulty_marked_converted(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    _at(url, "0011")
    engine = create_engine(url)
    with engine.begin() as conn:
        _patient_with_plan(conn)
        conn.execute(
            text(
                "INSERT INTO functioning_activities (id, patient_id, position, name, created_at)"
                " VALUES (1, 1, 1, 'Sokken aantrekken', '2026-11-02 10:00:00')"
            )
        )
        # Scored as ability: 2 (hardly) at the start, 7 in week 6.
        conn.execute(
            text(
                "INSERT INTO functioning_scores (activity_id, week, score, recorded_on) VALUES"
                " (1, 0, 2, '2026-11-02'), (1, 6, 7, '2026-12-14')"
            )
        )
    _at(url, "head")
    with engine.begin() as conn:
        rows = conn.execute(
            text("SELECT moment, score, converted FROM functioning_scores ORDER BY id")
        )
        assert [tuple(r) for r in rows] == [("intake", 8, 1), ("week6", 3, 1)]
        episode = conn.execute(text("SELECT id, patient_id, started_on FROM episodes")).one()
        assert tuple(episode)[1:] == (1, "2026-11-02")
        linked = conn.execute(text("SELECT episode_id FROM functioning_activities")).scalar()
        assert linked == episode[0]
    command.downgrade(alembic_config(url), "0011")
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT week, score FROM functioning_scores ORDER BY id"))
        assert [tuple(r) for r in rows] == [(0, 2), (6, 7)]
    engine.dispose()
