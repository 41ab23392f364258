"""logs: "part of it" from an email link no longer stores invented zero amounts

Revision ID: 0017m_partial_amounts
Revises: 0017a_plan_item_dates
Create Date: 2026-12-07 14:40:00.000000

An email link's "part of it" used to store 0 for every exercise, as if nothing was done. The
amounts were never told, so they are removed: such a session now counts as partial, not as
"0 of N". Only email logs marked partial whose amounts are all 0 are touched; a patient who
typed amounts on the web keeps them. Downgrading cannot know which zeros were invented, so
it leaves the amounts out (the log itself stays).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017m_partial_amounts"
down_revision = "0017a_plan_item_dates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Delete the zero amounts of partial email logs that have no amount above 0."""
    op.execute(
        sa.text(
            "DELETE FROM item_logs WHERE session_log_id IN ("
            " SELECT s.id FROM session_logs s"
            " WHERE s.status = 'partial' AND s.source = 'email'"
            " AND NOT EXISTS (SELECT 1 FROM item_logs i"
            "  WHERE i.session_log_id = s.id AND i.amount > 0))"
        )
    )


def downgrade() -> None:
    """Nothing to restore: the removed zeros were never the patient's."""
