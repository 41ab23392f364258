"""quiz results and timeline checkpoint mentions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 16:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import webapp.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "quiz_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("taken_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_quiz_results_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_results")),
    )
    with op.batch_alter_table("quiz_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_results_user_id"), ["user_id"], unique=False)

    op.create_table(
        "checkpoint_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("checkpoint", sa.String(length=32), nullable=False),
        sa.Column("mentioned_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_checkpoint_mentions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkpoint_mentions")),
        sa.UniqueConstraint("user_id", "checkpoint", name="uq_checkpoint_mentions"),
    )


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table("checkpoint_mentions")
    with op.batch_alter_table("quiz_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_results_user_id"))
    op.drop_table("quiz_results")
