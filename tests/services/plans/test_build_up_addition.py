"""An exercise added to a running build-up can build up too, from the chosen date.

It asks its start amount in its first week (the ramp week of the chosen date) and climbs
by the plan's weekly decisions from that week on: advanced weeks step up, held weeks stay.
A fixed dose stays possible, and a plan without a build-up refuses a build-up addition.
"""

from datetime import UTC, date, datetime, time

import pytest

from tests.support.client import post_form
from tests.support.plans import MONDAY, ex, fresh, walking_build_up
from webapp.domain.schedule import ALL_DAYS
from webapp.models import Plan, PlanWeek
from webapp.services.core.errors import ServiceError
from webapp.services.plans import plan_admin, plan_edits
from webapp.services.plans.graded import close_due_weeks, quota, week_start
from webapp.services.plans.plan_checks import ItemChoice
from webapp.services.plans.plan_edits import ItemEdit

WEDNESDAY_WEEK_1 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # ramp week 1 (0-based)
THURSDAY = date(2026, 12, 3)


@pytest.fixture
def walking(app, db, patient, physio, catalogue, english, clock):
    """Walking built up 16 -> 30 minutes from Monday 23 November; now Wednesday of week 1."""
    with app.test_request_context():
        plan = walking_build_up(db, patient, physio)
        clock.set(WEDNESDAY_WEEK_1)
        close_due_weeks(db, plan, date(2026, 12, 2), clock())
    db.commit()
    return plan


def _add(app, db, plan, physio, clock, choice, day=THURSDAY):
    with app.test_request_context():
        plan_edits.change_plan(
            db,
            physio=physio,
            plan=plan,
            from_date=day,
            edits=[ItemEdit(i.id, i.sets, i.amount) for i in plan.items_from(day)],
            add=[choice],
            weekdays=ALL_DAYS,
            reminder_time=time(8, 0),
            note="Bruggetjes erbij, ook rustig opbouwen.",
            now=clock(),
        )
    db.commit()
    fresh(db)
    plan = db.get(Plan, plan.id)
    return plan, plan.items[-1]


def _decide(plan, week: int, decision: str) -> None:
    row = next((w for w in plan.weeks if w.week == week), None)
    if row is None:
        row = PlanWeek(week=week, starts_on=week_start(plan, week), quotas={})
        plan.weeks.append(row)
    row.decision = decision


def test_it_starts_at_its_start_amount_and_climbs_by_the_plans_decisions(
    app, db, walking, physio, clock
):
    bridge = ItemChoice(ex(db, "bridge"), 2, 8, graded=True, goal=14, weeks=6)
    plan, item = _add(app, db, walking, physio, clock, bridge)
    assert (item.graded, item.start_quota, item.goal, item.ramp_weeks) == (True, 8, 14, 6)
    assert item not in plan.items_on(date(2026, 12, 2))  # not before the chosen date
    assert quota(plan, item, THURSDAY) == 8  # its first week: the start amount
    _decide(plan, 1, "advanced")
    assert quota(plan, item, date(2026, 12, 7)) == 9  # one step up
    _decide(plan, 2, "held")
    assert quota(plan, item, date(2026, 12, 14)) == 9  # a held week keeps the amount
    _decide(plan, 3, "advanced")
    assert quota(plan, item, date(2026, 12, 21)) == 10


def test_added_from_a_later_week_it_starts_there_and_earlier_weeks_close_without_it(
    app, client, auth, db, walking, physio, clock
):
    bridge = ItemChoice(ex(db, "bridge"), 2, 8, graded=True, goal=14, weeks=6)
    plan, item = _add(app, db, walking, physio, clock, bridge, day=date(2026, 12, 9))
    assert item.params_from_week == 2
    db.commit()
    auth.login("physio@example.org")
    assert client.get(f"/physio/plans/{plan.id}/edit").status_code == 200  # a ramp still ahead
    fresh(db)
    plan, item = db.get(Plan, plan.id), db.get(Plan, plan.id).items[-1]
    assert quota(plan, item, date(2026, 12, 2)) is None  # no ramp yet in week 1
    clock.set(datetime(2026, 12, 8, 9, 0, tzinfo=UTC))
    (closed,) = close_due_weeks(db, plan, date(2026, 12, 8), clock())
    assert closed.week == 1 and closed.quotas[str(item.id)] is None
    assert quota(plan, item, date(2026, 12, 9)) == 8
    db.commit()
    auth.login("physio@example.org")
    assert client.get(f"/physio/plans/{plan.id}/edit").status_code == 200  # its ramp ahead


def test_a_fixed_dose_addition_stays_fixed(app, db, walking, physio, clock):
    plan, item = _add(app, db, walking, physio, clock, ItemChoice(ex(db, "bridge"), 2, 8))
    assert not item.graded
    assert quota(plan, item, date(2026, 12, 21)) == 8


def test_a_plan_without_a_build_up_refuses_a_build_up_addition(
    app, db, patient, physio, catalogue, clock
):
    with app.test_request_context():
        plan = plan_admin.assign_plan(
            db,
            physio=physio,
            patient=patient,
            start_date=MONDAY,
            now=clock(),
            items=[ItemChoice(ex(db, "walking"), 1, 20)],
            weekdays=ALL_DAYS,
            reminder_time=time(8, 0),
        )
        db.flush()
        bridge = ItemChoice(ex(db, "bridge"), 2, 8, graded=True, goal=14, weeks=6)
        with pytest.raises(ServiceError) as refused:
            plan_edits.change_plan(
                db,
                physio=physio,
                plan=plan,
                from_date=date(2026, 11, 26),
                edits=[ItemEdit(i.id, i.sets, i.amount) for i in plan.items],
                add=[bridge],
                weekdays=ALL_DAYS,
                reminder_time=time(8, 0),
                note="",
                now=clock(),
            )
    assert refused.value.field == "add-0-graded"


def test_the_change_form_adds_a_build_up_exercise_and_refuses_a_goal_below_the_start(
    client, auth, db, walking
):
    auth.login("physio@example.org")
    item = walking.items[0]
    form = {
        "from_date": THURSDAY.isoformat(),
        "weekdays": [str(d) for d in range(7)],
        "reminder_time": "08:00",
        "note": "",
        "items-0-item": str(item.id),
        "items-0-sets": str(item.sets),
        "items-0-amount": str(item.amount),
        "add-0-exercise": str(ex(db, "bridge").id),
        "add-0-sets": "2",
        "add-0-amount": "8",
        "add-0-graded": "y",
        "add-0-goal": "6",
        "add-0-weeks": "6",
    }
    url = f"/physio/plans/{walking.id}/change"
    page = client.get(f"/physio/plans/{walking.id}/edit").get_data(as_text=True)
    assert 'name="add-0-graded"' in page
    refused = post_form(client, url, form)
    assert refused.status_code == 400
    assert "The goal must be at least the start amount (8)." in refused.get_data(as_text=True)
    assert post_form(client, url, {**form, "add-0-goal": "14"}).status_code == 302
    assert client.get(f"/physio/plans/{walking.id}/edit").status_code == 200  # its ramp shown
    fresh(db)
    added = db.get(Plan, walking.id).items[-1]
    assert (added.graded, added.start_quota, added.goal, added.params_from_week) == (
        True,
        8,
        14,
        1,
    )
