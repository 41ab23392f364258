"""measures: the hard-activities list becomes the PSK (difficulty 0 = none .. 10 = impossible)

Revision ID: 0018a_psk
Revises: 0018a_episodes
Create Date: 2026-12-07 14:40:00.000000

The list was scored like the English PSFS: 0 = cannot do it, 10 = as well as before. The PSK
asks the reverse: how much difficulty, 0 = none, 10 = impossible. The activities and the
moments are the same, so the scores are converted (difficulty = 10 - ability) and marked
``converted``, so a report can say which were asked the old way. The checkpoints by week
become moments (intake, week 6, week 12; close is new), and each activity belongs to the
patient's episode; a patient with activities but no episode gets one from the first one.
Downgrading converts back and drops close scores, which the old list could not hold.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018a_psk"
down_revision = "0018a_episodes"
branch_labels = None
depends_on = None

WEEK_TO_MOMENT = {0: "intake", 6: "week6", 12: "week12"}


def upgrade() -> None:
    """Apply this migration."""
    op.execute(
        "INSERT INTO episodes (patient_id, started_on, created_at, profile_note, close_note)"
        " SELECT a.patient_id, MIN(s.recorded_on), MIN(a.created_at), '', ''"
        " FROM functioning_activities a JOIN functioning_scores s ON s.activity_id = a.id"
        " WHERE a.patient_id NOT IN (SELECT patient_id FROM episodes)"
        " GROUP BY a.patient_id"
    )
    # SQLite rebuilds the table to add a foreign key; dropping the old one would delete its
    # scores through the cascade, so they are kept aside and put back.
    _keep_scores()
    with op.batch_alter_table("functioning_activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("episode_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_functioning_activities_episode_id"), ["episode_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_functioning_activities_episode_id_episodes"),
            "episodes",
            ["episode_id"],
            ["id"],
            ondelete="CASCADE",
        )
    _restore_scores()
    op.execute(
        "UPDATE functioning_activities SET episode_id = (SELECT MIN(e.id) FROM episodes e"
        " WHERE e.patient_id = functioning_activities.patient_id)"
    )
    with op.batch_alter_table("functioning_scores", schema=None) as batch_op:
        batch_op.add_column(sa.Column("moment", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("converted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    for week, moment in WEEK_TO_MOMENT.items():
        op.execute(
            sa.text("UPDATE functioning_scores SET moment = :moment WHERE week = :week").bindparams(
                moment=moment, week=week
            )
        )
    op.execute("UPDATE functioning_scores SET score = 10 - score, converted = TRUE")
    with op.batch_alter_table("functioning_scores", schema=None) as batch_op:
        batch_op.drop_constraint("uq_functioning_scores_week", type_="unique")
        batch_op.drop_constraint(batch_op.f("ck_functioning_scores_checkpoint"), type_="check")
        batch_op.drop_column("week")
        batch_op.alter_column("moment", existing_type=sa.String(length=8), nullable=False)
        batch_op.create_unique_constraint("uq_functioning_scores_moment", ["activity_id", "moment"])
        batch_op.create_check_constraint(
            batch_op.f("ck_functioning_scores_moment_known"),
            "moment IN ('intake', 'week6', 'week12', 'close')",
        )


def downgrade() -> None:
    """Revert this migration."""
    op.execute("DELETE FROM functioning_scores WHERE moment = 'close'")
    with op.batch_alter_table("functioning_scores", schema=None) as batch_op:
        batch_op.add_column(sa.Column("week", sa.Integer(), nullable=True))
    for week, moment in WEEK_TO_MOMENT.items():
        op.execute(
            sa.text("UPDATE functioning_scores SET week = :week WHERE moment = :moment").bindparams(
                moment=moment, week=week
            )
        )
    op.execute("UPDATE functioning_scores SET score = 10 - score")
    with op.batch_alter_table("functioning_scores", schema=None) as batch_op:
        batch_op.drop_constraint("uq_functioning_scores_moment", type_="unique")
        batch_op.drop_constraint(batch_op.f("ck_functioning_scores_moment_known"), type_="check")
        batch_op.drop_column("converted")
        batch_op.drop_column("moment")
        batch_op.alter_column("week", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_functioning_scores_week", ["activity_id", "week"])
        batch_op.create_check_constraint(
            batch_op.f("ck_functioning_scores_checkpoint"), "week IN (0, 6, 12)"
        )
    _keep_scores()
    with op.batch_alter_table("functioning_activities", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_functioning_activities_episode_id_episodes"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_functioning_activities_episode_id"))
        batch_op.drop_column("episode_id")
    _restore_scores()


def _keep_scores() -> None:
    """On SQLite, copy the scores aside before their parent table is rebuilt."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE TABLE _kept_functioning_scores AS SELECT * FROM functioning_scores")


def _restore_scores() -> None:
    """Put back scores the rebuild's cascade deleted, and drop the copy."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "INSERT INTO functioning_scores SELECT * FROM _kept_functioning_scores"
            " WHERE id NOT IN (SELECT id FROM functioning_scores)"
        )
        op.execute("DROP TABLE _kept_functioning_scores")
