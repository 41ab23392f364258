"""logs: store which pain question each score answered (pain now, or the 24-hour average)

Revision ID: 0018a_pain_question
Revises: 0017m_message_pairs
Create Date: 2026-12-07 14:20:00.000000

Logs asked "pain now" until the NPRS change (2026-12-07); from then on they ask the average
pain over the last 24 hours. Every log stored before this migration answered "pain now", so
those rows are marked so. The app writes the question with every log; the column's own
default stays "now", because changing it would make SQLite rebuild session_logs, and
dropping the old table would delete every item log through its cascade.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018a_pain_question"
down_revision = "0017m_message_pairs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("session_logs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pain_question", sa.String(length=8), nullable=False, server_default="now")
        )


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("session_logs", schema=None) as batch_op:
        batch_op.drop_column("pain_question")
