"""outbox: the due index also orders by id, so a claim needs no sort

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00.000000
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_emails_due")
        batch_op.create_index("ix_outbox_emails_due", ["status", "next_attempt_at", "id"])


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_emails_due")
        batch_op.create_index("ix_outbox_emails_due", ["status", "next_attempt_at"])
