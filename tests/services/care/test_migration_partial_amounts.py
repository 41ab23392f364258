"""The migration removes the zeros an email's "part of it" invented, and nothing else."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from tests.services.plans.test_migration_holds import NOW, _seed
from webapp.commands.database import alembic_config


def test_invented_zeros_of_partial_email_logs_are_removed(tmp_path):
    url = f"sqlite:///{tmp_path / 'partial.db'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "0010")
    engine = create_engine(url)
    with engine.begin() as conn:
        _seed(conn)  # log 1: a partial web log with amounts typed by the patient
    command.upgrade(cfg, "0011")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO session_logs (id, patient_id, plan_id, local_date, status, pain,"
                " note, source, created_at, updated_at) VALUES"
                " (2, 1, 1, '2026-11-18', 'partial', 3, '', 'email', :now, :now),"
                " (3, 1, 1, '2026-11-20', 'partial', 3, '', 'web', :now, :now),"
                " (4, 1, 1, '2026-11-23', 'skipped', 3, '', 'email', :now, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO item_logs (id, session_log_id, plan_item_id, amount, quota) VALUES"
                " (4, 2, 1, 0, NULL), (5, 2, 3, 0, 11),"
                " (6, 3, 1, 0, NULL), (7, 3, 3, 0, 11),"
                " (8, 4, 1, 0, NULL)"
            )
        )
    command.upgrade(cfg, "0017m_partial_amounts")
    with engine.connect() as conn:
        left = sorted(conn.execute(text("SELECT id FROM item_logs")).scalars())
        logs = sorted(conn.execute(text("SELECT id FROM session_logs")).scalars())
    engine.dispose()
    assert left == [1, 2, 3, 6, 7, 8]  # only the email's partial zeros are gone
    assert logs == [1, 2, 3, 4]
