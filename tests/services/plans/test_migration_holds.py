"""The migration that counts bird-dog, side plank and curl-up in repetitions keeps the work
a plan asked for: N holds become N repetitions, logged seconds the share of holds done."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import create_engine, text

from webapp.commands.database import alembic_config

NOW = "2026-11-25 06:00:00.000000"


def _seed(conn) -> None:
    """A patient with a plan of bird-dog (5 holds of 8 s, fixed) and curl-up (a build-up)."""
    conn.execute(
        text(
            "INSERT INTO users (id, email, password_hash, role, name, locale, timezone,"
            " created_at) VALUES (1, 'p@example.org', 'x', 'patient', 'P', 'nl',"
            " 'Europe/Amsterdam', :now)"
        ),
        {"now": NOW},
    )
    for exercise_id, slug in ((1, "bird-dog"), (2, "curl-up"), (3, "walking")):
        unit = "minutes" if slug == "walking" else "hold"
        conn.execute(
            text(
                "INSERT INTO exercises (id, slug, name_nl, name_en, unit, default_sets,"
                " default_amount) VALUES (:id, :slug, :slug, :slug, :unit, 5, 8)"
            ),
            {"id": exercise_id, "slug": slug, "unit": unit},
        )
    conn.execute(
        text(
            "INSERT INTO plans (id, patient_id, status, start_date, weekdays, reminder_time,"
            " created_at) VALUES (1, 1, 'active', '2026-11-02', 21, '18:30:00', :now)"
        ),
        {"now": NOW},
    )
    conn.execute(
        text(
            "INSERT INTO plan_items (id, plan_id, exercise_id, position, sets, amount, graded,"
            " baseline, start_quota, goal, ramp_weeks) VALUES"
            " (1, 1, 1, 0, 5, 8, false, NULL, NULL, NULL, NULL),"
            " (2, 1, 2, 1, 4, 10, true, 10, 8, 20, 10),"
            " (3, 1, 3, 2, 1, 10, true, 12, 10, 30, 10)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO session_logs (id, patient_id, plan_id, local_date, status, pain, note,"
            " source, created_at, updated_at) VALUES"
            " (1, 1, 1, '2026-11-16', 'partial', 3, '', 'web', :now, :now)"
        ),
        {"now": NOW},
    )
    conn.execute(
        text(
            "INSERT INTO item_logs (id, session_log_id, plan_item_id, amount, quota) VALUES"
            " (1, 1, 1, 6, NULL), (2, 1, 2, 6, 12), (3, 1, 3, 11, 11)"
        )
    )
    conn.execute(
        text(
            "INSERT INTO plan_weeks (id, plan_id, week, starts_on, planned_sessions,"
            " met_sessions, quotas) VALUES (1, 1, 0, '2026-11-09', 3, 3, :quotas)"
        ),
        {"quotas": json.dumps({"2": 12, "3": 11})},
    )


def test_holds_become_repetitions_and_a_seconds_build_up_a_fixed_dose(tmp_path):
    url = f"sqlite:///{tmp_path / 'holds.db'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "0010")
    engine = create_engine(url)
    with engine.begin() as conn:
        _seed(conn)
    command.upgrade(cfg, "0011")
    with engine.connect() as conn:
        units = dict(conn.execute(text("SELECT slug, unit FROM exercises")).all())
        items = {
            row[0]: tuple(row[1:])
            for row in conn.execute(
                text("SELECT id, sets, amount, graded, goal FROM plan_items ORDER BY id")
            )
        }
        logs = dict(conn.execute(text("SELECT id, amount FROM item_logs")).all())
        quotas = conn.execute(text("SELECT quotas FROM plan_weeks")).scalar_one()
    engine.dispose()
    assert units == {"bird-dog": "reps", "curl-up": "reps", "walking": "minutes"}
    assert items[1] == (1, 5, False, None)  # 5 holds of 8 s: 5 repetitions
    assert items[2] == (1, 4, False, None)  # a build-up in seconds: its 4 holds, fixed
    assert items[3] == (1, 10, True, 30)  # walking is left alone
    assert logs == {1: 4, 2: 2, 3: 11}  # 6 of 8 s on 5 holds: 4; 6 of 12 s on 4 holds: 2
    stored = json.loads(quotas) if isinstance(quotas, str) else quotas
    assert stored == {"3": 11}  # the week's quotas name only what still builds up

    command.downgrade(cfg, "0010")
    engine = create_engine(url)
    with engine.connect() as conn:
        back = conn.execute(text("SELECT sets, amount FROM plan_items WHERE id = 1")).one()
        unit = conn.execute(text("SELECT unit FROM exercises WHERE id = 1")).scalar_one()
    engine.dispose()
    assert (tuple(back), unit) == ((5, 8), "hold")
