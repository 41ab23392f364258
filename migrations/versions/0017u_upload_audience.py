"""upload audience: a physio's upload is shown to nobody, all their patients or chosen ones

Revision ID: 0017u_upload_audience
Revises: 0021p_push_subscriptions
Create Date: 2026-12-07 16:25:00.000000

Uploads stored before this change took over for all of the physio's patients, so they keep
that audience; new uploads start with nobody until the physio chooses.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017u_upload_audience"
down_revision = "0021p_push_subscriptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("videos") as batch:
        batch.add_column(
            sa.Column("audience", sa.String(length=8), server_default="nobody", nullable=False)
        )
        batch.add_column(
            sa.Column("title", sa.String(length=120), server_default="", nullable=False)
        )
    op.execute("UPDATE videos SET audience = 'all' WHERE source = 'upload'")
    op.create_table(
        "video_viewers",
        sa.Column("video_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["video_id"], ["videos.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["patient_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("video_id", "patient_id"),
    )
    op.create_index(
        op.f("ix_video_viewers_patient_id"), "video_viewers", ["patient_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_video_viewers_patient_id"), table_name="video_viewers")
    op.drop_table("video_viewers")
    with op.batch_alter_table("videos") as batch:
        batch.drop_column("title")
        batch.drop_column("audience")
