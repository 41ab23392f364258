"""safety: urgent routes, how an urgent check was closed, the patient's GP numbers

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("route", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("seen_by", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("seen_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_screenings_resolved_by_id_users"),
            "users",
            ["resolved_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # Every urgent check stored so far was shown the one "call your GP" page.
    op.execute("UPDATE screenings SET route = 'gp_today' WHERE outcome = 'urgent'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gp_phone", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("out_of_hours_phone", sa.String(length=32), nullable=True))


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("out_of_hours_phone")
        batch_op.drop_column("gp_phone")
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_screenings_resolved_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("seen_on")
        batch_op.drop_column("seen_by")
        batch_op.drop_column("resolved_by_id")
        batch_op.drop_column("route")
