"""The scheduler's week close looks at each plan once per local day, just after midnight."""

from datetime import UTC, datetime

from sqlalchemy import select

from webapp.models import Flag, Plan
from webapp.services.plans.week_close import close_weeks


def next_close(db, plan):
    db.rollback()
    return db.scalar(select(Plan.next_close_at).where(Plan.id == plan.id))


def test_each_plan_is_looked_at_once_per_local_day(app, db, plan):
    with app.app_context():
        close_weeks(db, datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    # 00:05 on 26 November in Amsterdam.
    assert next_close(db, plan) == datetime(2026, 11, 25, 23, 5, tzinfo=UTC)
    # Eight days without a log: the flag is raised at the first run after midnight, not before.
    with app.app_context():
        close_weeks(db, datetime(2026, 12, 3, 22, 0, tzinfo=UTC))  # 23:00 local
    assert next_close(db, plan) == datetime(2026, 12, 3, 23, 5, tzinfo=UTC)
    assert db.scalars(select(Flag.kind)).all() == ["no_log_7_days"]
    with app.app_context():
        close_weeks(db, datetime(2026, 12, 3, 23, 3, tzinfo=UTC))  # before 00:05: nothing
    assert next_close(db, plan) == datetime(2026, 12, 3, 23, 5, tzinfo=UTC)
    with app.app_context():
        close_weeks(db, datetime(2026, 12, 3, 23, 6, tzinfo=UTC))
    assert next_close(db, plan) == datetime(2026, 12, 4, 23, 5, tzinfo=UTC)
