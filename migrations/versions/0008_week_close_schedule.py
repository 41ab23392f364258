"""plans.next_close_at: when the week close next looks at a plan

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import webapp.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("next_close_at", webapp.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_plans_next_close_at"), ["next_close_at"], unique=False)


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_next_close_at"))
        batch_op.drop_column("next_close_at")
