"""plan items: the first and last day an item applies, so a running plan can change by date

Revision ID: 0017a_plan_item_dates
Revises: 0011

A physio changes a running plan from a chosen date: an exercise taken out ends the day
before, one added or re-dosed starts on that day. Existing items applied for the whole plan,
so both dates stay empty (NULL means: from the plan's start, open-ended).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017a_plan_item_dates"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the two dates."""
    with op.batch_alter_table("plan_items") as batch:
        batch.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ends_on", sa.Date(), nullable=True))


def downgrade() -> None:
    """Drop the dates; nothing is deleted, so items a change took out count again."""
    with op.batch_alter_table("plan_items") as batch:
        batch.drop_column("ends_on")
        batch.drop_column("starts_on")
