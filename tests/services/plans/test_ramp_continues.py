"""A physio's change to a running build-up continues from this week's amount.

Changing only the goal used to restart the ramp at its first amount (17 down to 10
minutes) without a word; now the next weeks never start lower unless the physio ticks
"Lower the amount on purpose", and the preview then names the drop.
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from tests.support.plans import count, fresh, walking_build_up
from webapp.models import Plan, PlanChange
from webapp.services.plans.graded import close_due_weeks, quota, week_start

WEDNESDAY_WEEK_2 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def walking(app, db, patient, physio, catalogue, english, clock):
    """Walking built up 16 -> 30 minutes over 8 weeks; week 1 advanced, now in week 2 (18)."""
    with app.test_request_context():
        plan = walking_build_up(db, patient, physio)
        clock.set(WEDNESDAY_WEEK_2)
        close_due_weeks(db, plan, date(2026, 12, 2), clock())
        plan.weeks[0].decision = "advanced"  # as if three sessions were met
    db.commit()
    assert quota(plan, plan.items[0], date(2026, 12, 2)) == 18
    return plan


def _edit(plan, **fields) -> dict:
    base = {"item_id": str(plan.items[0].id), "q0": "16", "goal": "25", "weeks": "8"}
    return {**base, **fields}


def test_the_form_starts_from_this_weeks_amount_and_the_weeks_still_to_go(client, auth, walking):
    auth.login("physio@example.org")
    page = client.get(f"/physio/plans/{walking.id}/edit").get_data(as_text=True)
    assert 'name="q0" type="text" value="18"' in page or 'value="18"' in page
    assert 'name="weeks"' in page and 'value="7"' in page  # levels 1..7 of 0..7


def test_changing_only_the_goal_keeps_the_patient_at_this_weeks_amount(
    client, auth, db, walking, clock
):
    auth.login("physio@example.org")
    url = f"/physio/plans/{walking.id}/edit"
    preview = post_form(client, url, {**_edit(walking), "action": "preview"})
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "continues from this week's amount (18 minutes)" in text
    assert "No week is lower than the week before it." in text
    assert "drops from" not in text
    assert post_form(client, url, {**_edit(walking), "action": "save"}).status_code == 302
    fresh(db)
    plan = db.get(Plan, walking.id)
    item = plan.items[0]
    assert (item.start_quota, item.goal, item.ramp_weeks) == (18, 25, 8)
    amounts = [quota(plan, item, week_start(plan, week)) for week in range(4)]
    assert amounts == sorted(amounts) and amounts[:3] == [16, 18, 18]


def test_a_lower_amount_on_purpose_is_saved_and_the_preview_names_the_drop(
    client, auth, db, walking
):
    auth.login("physio@example.org")
    url = f"/physio/plans/{walking.id}/edit"
    lower = _edit(walking, q0="12", goal="24", weeks="6", lower="y")
    text = post_form(client, url, {**lower, "action": "preview"}).get_data(as_text=True)
    assert "Week 3 drops from 18 to 12 minutes." in text
    assert post_form(client, url, {**lower, "action": "save"}).status_code == 302
    fresh(db)
    item = db.get(Plan, walking.id).items[0]
    assert (item.start_quota, item.goal, item.ramp_weeks) == (12, 24, 6)


def test_a_goal_below_this_week_holds_the_amount_instead_of_dropping(client, auth, db, walking):
    auth.login("physio@example.org")
    url = f"/physio/plans/{walking.id}/edit"
    response = post_form(client, url, {**_edit(walking, q0="10", goal="15"), "action": "save"})
    assert response.status_code == 302
    fresh(db)
    item = db.get(Plan, walking.id).items[0]
    assert (item.start_quota, item.goal) == (18, 18)
    change = db.scalar(select(PlanChange).where(PlanChange.kind == "params"))
    assert change.detail["new"] == {"q0": 18, "goal": 18, "weeks": 8, "from_week": 2}
    assert count(db, PlanChange) == 2
