"""outbox channel: a reminder may go out as an email or as a Web Push

Revision ID: 0021q_outbox_channel
Revises: 0017v_plan_schedules
Create Date: 2026-12-07 18:05:00.000000

Every row stored before this change is an email, so the column starts as "email".
"""

import sqlalchemy as sa
from alembic import op

revision = "0021q_outbox_channel"
down_revision = "0017v_plan_schedules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_emails") as batch:
        batch.add_column(
            sa.Column("channel", sa.String(length=8), server_default="email", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_emails") as batch:
        batch.drop_column("channel")
