"""page versions: a counter per patient that every write behind their pages raises

Revision ID: 0021s_page_versions
Revises: 0021q_outbox_channel
Create Date: 2026-12-07 18:20:00.000000

A new table only: a missing row reads as version 0, so existing data needs nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = "0021s_page_versions"
down_revision = "0021q_outbox_channel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_versions",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("page_versions")
