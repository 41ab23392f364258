"""The migration gives every existing message the physio of its pair."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from webapp.commands.database import alembic_config

NOW = "2026-11-25 06:00:00.000000"


def test_each_message_gets_the_physio_of_its_pair(tmp_path):
    url = f"sqlite:///{tmp_path / 'pairs.db'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "0017m_partial_amounts")
    engine = create_engine(url)
    with engine.begin() as conn:
        for user_id, role, physio in ((1, "physio", None), (2, "physio", None), (3, "patient", 2)):
            conn.execute(
                text(
                    "INSERT INTO users (id, email, password_hash, role, name, locale, timezone,"
                    " created_at, physio_id) VALUES (:id, :email, 'x', :role, 'N', 'nl',"
                    " 'Europe/Amsterdam', :now, :physio)"
                ),
                {
                    "id": user_id,
                    "email": f"u{user_id}@example.org",
                    "role": role,
                    "now": NOW,
                    "physio": physio,
                },
            )
        # Physio 1 writes, the patient answers; after the switch to physio 2, the patient
        # writes first and physio 2 answers.
        rows = [
            (1, 1, "2026-11-01"),
            (2, 3, "2026-11-02"),
            (3, 3, "2026-11-10"),
            (4, 2, "2026-11-11"),
            (5, 3, "2026-11-12"),
        ]
        for message_id, author, day in rows:
            conn.execute(
                text(
                    "INSERT INTO messages (id, patient_id, author_id, body, created_at)"
                    " VALUES (:id, 3, :author, 'x', :at)"
                ),
                {"id": message_id, "author": author, "at": f"{day} 10:00:00.000000"},
            )
    command.upgrade(cfg, "0017m_message_pairs")
    with engine.connect() as conn:
        pairs = dict(conn.execute(text("SELECT id, physio_id FROM messages")).all())
    engine.dispose()
    # Message 3 was written after the switch but before physio 2 wrote: the last physio
    # who wrote before it is physio 1, which is the best the data can tell.
    assert pairs == {1: 1, 2: 1, 3: 1, 4: 2, 5: 2}
    command.downgrade(cfg, "0017m_partial_amounts")
