"""measures: treatment episodes, the measures taken in them, scores measured elsewhere, LDF

Revision ID: 0018a_episodes
Revises: 0018a_pain_question
Create Date: 2026-12-07 14:18:03.502042

Every patient who already has a plan gets one open episode, started on the day their first
plan started. It has no intake answers and no profile: those were never asked, so the
physio sees them as missing rather than invented.
"""

import sqlalchemy as sa
from alembic import op

import webapp.db

revision = "0018a_episodes"
down_revision = "0018a_pain_question"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("intake_answers", sa.JSON(), nullable=True),
        sa.Column("intake_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("proposed_profile", sa.String(length=8), nullable=True),
        sa.Column("profile", sa.String(length=8), nullable=True),
        sa.Column("profile_note", sa.Text(), server_default="", nullable=False),
        sa.Column("profile_set_at", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("profile_set_by_id", sa.Integer(), nullable=True),
        sa.Column("closing_since", webapp.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("close_reason", sa.String(length=16), nullable=True),
        sa.Column("close_note", sa.Text(), server_default="", nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["users.id"],
            name=op.f("fk_episodes_closed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_episodes_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_set_by_id"],
            ["users.id"],
            name=op.f("fk_episodes_profile_set_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episodes")),
    )
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_episodes_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(
            "uq_episodes_one_open_per_patient",
            ["patient_id"],
            unique=True,
            sqlite_where=sa.text("closed_on IS NULL"),
            postgresql_where=sa.text("closed_on IS NULL"),
        )

    op.create_table(
        "ldf_choices",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("opted_in", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("changed_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_ldf_choices_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_ldf_choices")),
    )
    op.create_table(
        "external_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("subscale", sa.Integer(), nullable=True),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_external_scores_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_external_scores_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_scores")),
    )
    with op.batch_alter_table("external_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_scores_episode_id"), ["episode_id"], unique=False
        )

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("episode_id", sa.Integer(), nullable=False),
        sa.Column("moment", sa.String(length=8), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("gpe", sa.String(length=20), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("created_at", webapp.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "moment IN ('intake', 'week6', 'week12', 'close')",
            name=op.f("ck_measurements_moment_known"),
        ),
        sa.CheckConstraint("pain >= 0 AND pain <= 10", name=op.f("ck_measurements_pain_range")),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["episodes.id"],
            name=op.f("fk_measurements_episode_id_episodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
        sa.UniqueConstraint("episode_id", "moment", name="uq_measurements_moment"),
    )
    op.execute(
        "INSERT INTO episodes (patient_id, started_on, created_at, profile_note, close_note)"
        " SELECT patient_id, MIN(start_date), MIN(created_at), '', '' FROM plans"
        " GROUP BY patient_id"
    )


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table("measurements")
    with op.batch_alter_table("external_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_scores_episode_id"))

    op.drop_table("external_scores")
    op.drop_table("ldf_choices")
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_episodes_one_open_per_patient",
            sqlite_where=sa.text("closed_on IS NULL"),
            postgresql_where=sa.text("closed_on IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_episodes_patient_id"))

    op.drop_table("episodes")
