"""messages: a thread belongs to the patient and one physio, not to the patient alone

Revision ID: 0017m_message_pairs
Revises: 0017m_partial_amounts
Create Date: 2026-12-07 15:00:00.000000

A patient who switches physio used to show the new physio the whole thread with the old
one. Each message now names the physio of its pair. Existing messages: a physio's message
belongs to its author; a patient's message to the physio who last wrote before it in the
same thread, else (nobody had written yet) to the patient's physio of today.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017m_message_pairs"
down_revision = "0017m_partial_amounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add messages.physio_id and fill it from the authors and the patients' links."""
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("physio_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_physio_id_users"),
            "users",
            ["physio_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_messages_physio_id"), ["physio_id"], unique=False)
    op.execute(
        sa.text(
            "UPDATE messages SET physio_id = author_id WHERE author_id IS NOT NULL"
            " AND author_id <> patient_id"
        )
    )
    op.execute(
        sa.text(
            "UPDATE messages SET physio_id = COALESCE("
            " (SELECT m.author_id FROM messages m"
            "  WHERE m.patient_id = messages.patient_id AND m.author_id <> m.patient_id"
            "  AND (m.created_at < messages.created_at"
            "   OR (m.created_at = messages.created_at AND m.id < messages.id))"
            "  ORDER BY m.created_at DESC, m.id DESC LIMIT 1),"
            " (SELECT u.physio_id FROM users u WHERE u.id = messages.patient_id))"
            " WHERE physio_id IS NULL"
        )
    )


def downgrade() -> None:
    """Drop the pair: every message is again in the patient's one thread."""
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_physio_id"))
        batch_op.drop_constraint(batch_op.f("fk_messages_physio_id_users"), type_="foreignkey")
        batch_op.drop_column("physio_id")
