"""catalogue: bird-dog, side plank and curl-up are counted in repetitions of a short hold

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 12:00:00.000000

These three used to be dosed as "N times, hold S seconds", and a build-up grew the seconds.
They now count repetitions (each held about 8-10 s, as the steps say), so a build-up adds
repetitions (CLINICAL.md). Plans that hold them are rewritten to the same work: N holds are N
repetitions in one set. A build-up in seconds cannot become one in repetitions, so such an
item keeps its number of holds as a fixed dose; logged seconds become the share of the holds
that was done. Downgrading turns repetitions back into holds of the old default seconds.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# slug: (old default holds, old default seconds, new default repetitions)
EXERCISES = {"bird-dog": (5, 8, 5), "side-plank-knees": (5, 10, 5), "curl-up": (5, 10, 5)}

exercises = sa.table(
    "exercises",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("owner_id", sa.Integer),
    sa.column("unit", sa.String),
    sa.column("default_sets", sa.Integer),
    sa.column("default_amount", sa.Integer),
)
plan_items = sa.table(
    "plan_items",
    sa.column("id", sa.Integer),
    sa.column("exercise_id", sa.Integer),
    sa.column("sets", sa.Integer),
    sa.column("amount", sa.Integer),
    sa.column("graded", sa.Boolean),
    sa.column("baseline", sa.Float),
    sa.column("start_quota", sa.Integer),
    sa.column("goal", sa.Integer),
    sa.column("ramp_weeks", sa.Integer),
)
item_logs = sa.table(
    "item_logs",
    sa.column("id", sa.Integer),
    sa.column("plan_item_id", sa.Integer),
    sa.column("amount", sa.Integer),
    sa.column("quota", sa.Integer),
)
plan_weeks = sa.table("plan_weeks", sa.column("id", sa.Integer), sa.column("quotas", sa.JSON))


def _catalogue_ids(conn) -> dict[int, str]:
    """The ids of the three catalogue exercises, by slug."""
    rows = conn.execute(
        sa.select(exercises.c.id, exercises.c.slug).where(
            exercises.c.slug.in_(list(EXERCISES)), exercises.c.owner_id.is_(None)
        )
    )
    return {row.id: row.slug for row in rows}


def upgrade() -> None:
    """Apply this migration."""
    conn = op.get_bind()
    ids = _catalogue_ids(conn)
    for exercise_id, slug in ids.items():
        conn.execute(
            exercises.update()
            .where(exercises.c.id == exercise_id)
            .values(unit="reps", default_sets=1, default_amount=EXERCISES[slug][2])
        )
    items = conn.execute(sa.select(plan_items).where(plan_items.c.exercise_id.in_(list(ids)))).all()
    converted = {item.id for item in items}
    for item in items:
        holds = item.sets
        for log in conn.execute(sa.select(item_logs).where(item_logs.c.plan_item_id == item.id)):
            target = log.quota or item.amount
            done = round(holds * min(log.amount, target) / target) if target else 0
            conn.execute(
                item_logs.update()
                .where(item_logs.c.id == log.id)
                .values(amount=done, quota=holds if log.quota is not None else None)
            )
        conn.execute(
            plan_items.update()
            .where(plan_items.c.id == item.id)
            .values(
                sets=1,
                amount=holds,
                graded=False,
                baseline=None,
                start_quota=None,
                goal=None,
                ramp_weeks=None,
            )
        )
    if converted:
        # A week's stored quotas name only the items that build up.
        for week in conn.execute(sa.select(plan_weeks)):
            quotas = week.quotas if isinstance(week.quotas, dict) else json.loads(week.quotas)
            kept = {key: value for key, value in quotas.items() if int(key) not in converted}
            if kept != quotas:
                conn.execute(
                    plan_weeks.update().where(plan_weeks.c.id == week.id).values(quotas=kept)
                )


def downgrade() -> None:
    """Revert this migration: repetitions become holds of the old default seconds."""
    conn = op.get_bind()
    ids = _catalogue_ids(conn)
    for exercise_id, slug in ids.items():
        holds, seconds, _ = EXERCISES[slug]
        conn.execute(
            exercises.update()
            .where(exercises.c.id == exercise_id)
            .values(unit="hold", default_sets=holds, default_amount=seconds)
        )
        items = conn.execute(
            sa.select(plan_items).where(plan_items.c.exercise_id == exercise_id)
        ).all()
        for item in items:
            reps = item.amount
            for log in conn.execute(
                sa.select(item_logs).where(item_logs.c.plan_item_id == item.id)
            ):
                done = round(seconds * min(log.amount, reps) / reps) if reps else 0
                conn.execute(
                    item_logs.update()
                    .where(item_logs.c.id == log.id)
                    .values(amount=done, quota=seconds if log.quota is not None else None)
                )
            conn.execute(
                plan_items.update()
                .where(plan_items.c.id == item.id)
                .values(sets=reps, amount=seconds)
            )
