"""plan schedules: training days and reminder time changed from a chosen date

Revision ID: 0017v_plan_schedules
Revises: 0017u_upload_audience
Create Date: 2026-12-07 18:10:00.000000

A plan's own weekdays and reminder_time keep meaning the schedule it started with; a row
here is a later change from its first day. Existing plans get no rows, so every day of them
keeps the schedule it had.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017v_plan_schedules"
down_revision = "0017u_upload_audience"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("weekdays", sa.Integer(), nullable=False),
        sa.Column("reminder_time", sa.Time(), nullable=False),
        sa.CheckConstraint(
            "weekdays > 0 AND weekdays < 128", name=op.f("ck_plan_schedules_weekdays_mask")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_schedules_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_schedules")),
        sa.UniqueConstraint("plan_id", "starts_on", name=op.f("uq_plan_schedules_day")),
    )
    op.create_index(op.f("ix_plan_schedules_plan_id"), "plan_schedules", ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_plan_schedules_plan_id"), table_name="plan_schedules")
    op.drop_table("plan_schedules")
