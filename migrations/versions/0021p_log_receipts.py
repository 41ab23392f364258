"""log receipts: a log sent from the phone with its own id is received once

Revision ID: 0021p_log_receipts
Revises: 0020s_totp_encrypted
Create Date: 2026-12-07 14:30:00.000000

A new table only: logs made before it came without a phone's id and need no receipt.
"""

import sqlalchemy as sa
from alembic import op

import webapp.db

revision = "0021p_log_receipts"
down_revision = "0020s_totp_encrypted"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "log_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("session_log_id", sa.Integer(), nullable=True),
        sa.Column("received_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_log_id"], ["session_logs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("patient_id", "client_id", name="uq_log_receipts_client"),
    )
    op.create_index(
        op.f("ix_log_receipts_session_log_id"), "log_receipts", ["session_log_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_log_receipts_session_log_id"), table_name="log_receipts")
    op.drop_table("log_receipts")
