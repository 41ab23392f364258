"""The physio changes a running plan from a chosen date, without ending it.

Exercises (add, take out, swap), doses, training days and reminder time change; the days
before keep what they were, the patient sees the change and the note. A fixed plan, a plan
in its start week and a build-up plan all take a change.
"""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from tests.support.plans import count, ex, fresh
from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays
from webapp.domain.timetable import Schedule
from webapp.models import AuditEvent, ItemLog, Plan, PlanChange, PlanItem, Role, SessionStatus
from webapp.services.care.logbook import record_session
from webapp.services.care.today import today_for
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.plans import plan_admin, plan_edits
from webapp.services.plans.plan_checks import ItemChoice
from webapp.services.plans.plan_edits import ItemEdit

TODAY = date(2026, 11, 25)  # the conftest clock's local day (Wednesday)
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def fixed(app, db, patient, physio, catalogue, english, clock):
    """A fixed plan that started on Monday: walking 1 x 20, bridge 2 x 10; one day logged."""
    with app.test_request_context():
        plan = plan_admin.assign_plan(
            db,
            physio=physio,
            patient=patient,
            start_date=date(2026, 11, 23),
            now=clock(),
            items=[ItemChoice(ex(db, "walking"), 1, 20), ItemChoice(ex(db, "bridge"), 2, 10)],
            weekdays=ALL_DAYS,
            reminder_time=time(8, 0),
        )
        db.flush()
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=TODAY,
            status=SessionStatus.DONE,
            pain=3,
            note="",
            now=clock(),
        )
    db.commit()
    return plan


def _form(plan, **extra) -> dict:
    """The change form as the edit page fills it: every running item with its dose."""
    data = {
        "from_date": TOMORROW.isoformat(),
        "weekdays": [str(d) for d in range(7)],
        "reminder_time": "08:00",
        "note": "",
    }
    for i, item in enumerate(plan.items_from(TOMORROW)):
        data |= {
            f"items-{i}-item": str(item.id),
            f"items-{i}-sets": str(item.sets),
            f"items-{i}-amount": str(item.amount),
        }
    data.update(extra)
    return data


def test_a_new_dose_applies_from_the_chosen_date_and_the_days_before_keep_theirs(
    app, client, auth, db, fixed, patient, clock
):
    auth.login("physio@example.org")
    url = f"/physio/plans/{fixed.id}/change"
    page = client.get(f"/physio/plans/{fixed.id}/edit").get_data(as_text=True)
    assert "Change the plan" in page and f'value="{TOMORROW.isoformat()}"' in page
    response = post_form(
        client,
        url,
        _form(fixed, **{"items-1-amount": "12", "note": "Iets meer bruggen."}),
        page=f"/physio/plans/{fixed.id}/edit",
    )
    assert response.status_code == 302
    fresh(db)
    plan = db.get(Plan, fixed.id)
    old, new = [i for i in plan.items if i.exercise.slug == "bridge"]
    assert (old.amount, old.ends_on, new.amount, new.starts_on) == (10, TODAY, 12, TOMORROW)
    # Today and its log stay as they were; tomorrow asks the new dose.
    with app.test_request_context():
        today = today_for(db, patient, clock())
        later = today_for(db, patient, clock(), TOMORROW)
    assert [(e.item.exercise.slug, e.quota) for e in today.entries] == [
        ("walking", 20),
        ("bridge", 10),
    ]
    assert [(e.item.exercise.slug, e.quota) for e in later.entries] == [
        ("walking", 20),
        ("bridge", 12),
    ]
    logged = db.scalar(select(ItemLog).where(ItemLog.plan_item_id == old.id))
    assert (logged.amount, logged.quota) == (10, 10)
    change = db.scalar(select(PlanChange).where(PlanChange.kind == "changed"))
    assert change.detail["doses"] == [{"exercise": "bridge", "old": [2, 10], "new": [2, 12]}]
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "change_plan")) is not None
    auth.logout()
    auth.login("patient@example.org")
    text = client.get("/today").get_data(as_text=True)
    assert "Your physiotherapist changed your plan from 26 November." in text
    assert "Bridge: now 2 x 12 (was 2 x 10)." in text and "Iets meer bruggen." in text


def test_a_swap_takes_one_out_and_adds_another_in_one_change(
    app, client, auth, db, fixed, patient, clock
):
    auth.login("physio@example.org")
    cat = ex(db, "cat-camel")
    data = _form(
        fixed,
        **{
            "items-0-remove": "y",
            "add-0-exercise": str(cat.id),
            "add-0-sets": "1",
            "add-0-amount": "8",
        },
    )
    assert (
        post_form(
            client, f"/physio/plans/{fixed.id}/change", data, page=f"/physio/plans/{fixed.id}/edit"
        ).status_code
        == 302
    )
    fresh(db)
    plan = db.get(Plan, fixed.id)
    with app.test_request_context():
        today = today_for(db, patient, clock())
        later = today_for(db, patient, clock(), TOMORROW)
    assert [e.item.exercise.slug for e in today.entries] == ["walking", "bridge"]
    assert [e.item.exercise.slug for e in later.entries] == ["bridge", "cat-camel"]
    walking = next(i for i in plan.items if i.exercise.slug == "walking")
    assert walking.ends_on == TODAY  # kept, with today's log
    change = db.scalar(select(PlanChange).where(PlanChange.kind == "changed"))
    assert (change.detail["added"], change.detail["removed"]) == (["cat-camel"], ["walking"])
    auth.logout()
    auth.login("patient@example.org")
    text = client.get("/today").get_data(as_text=True)
    assert "New exercise: Cat-camel." in text or "New exercise: Cat camel." in text
    assert "No longer in your plan: Walking." in text


def test_training_days_and_reminder_time_change_and_the_reminder_moves(
    db, app, fixed, physio, clock
):
    with app.test_request_context():
        plan_edits.change_plan(
            db,
            physio=physio,
            plan=fixed,
            from_date=TOMORROW,
            edits=[ItemEdit(i.id, i.sets, i.amount) for i in fixed.items],
            weekdays=mask_from_weekdays([0, 3]),
            reminder_time=time(19, 0),
            note="Ma en do.",
            now=clock(),
        )
    db.commit()
    fresh(db)
    plan = db.get(Plan, fixed.id)
    assert plan.schedule_on(TOMORROW) == Schedule(0b1001, time(19, 0))
    assert plan.schedule_on(TODAY) == Schedule(ALL_DAYS, time(8, 0))  # today keeps its days
    # Today's reminder keeps its 08:00 (07:00 UTC); from Thursday 26 November it comes at
    # 19:00 in Amsterdam, 18:00 UTC.
    assert plan.next_reminder_at.isoformat().startswith("2026-11-25T07:00")
    after_today = plan.timetable.next_reminder(clock(), ZoneInfo("Europe/Amsterdam"), TODAY)
    assert after_today.isoformat().startswith("2026-11-26T18:00")
    change = db.scalar(select(PlanChange).where(PlanChange.kind == "changed"))
    assert change.detail["weekdays"] == [ALL_DAYS, 0b1001]
    assert change.detail["reminder_time"] == ["08:00", "19:00"]


def test_a_plan_in_its_start_week_takes_a_change(
    app, db, patient, physio, catalogue, english, clock
):
    with app.test_request_context():
        plan = plan_admin.assign_plan(
            db,
            physio=physio,
            patient=patient,
            start_date=TODAY,
            now=clock(),
            template_key="build_up",
        )
        db.flush()
        assert plan.in_baseline
        edits = [
            ItemEdit(i.id, i.sets, i.amount, i.exercise.slug == "bird-dog") for i in plan.items
        ]
        plan_edits.change_plan(
            db,
            physio=physio,
            plan=plan,
            from_date=TOMORROW,
            edits=edits,
            add=[ItemChoice(ex(db, "cat-camel"), 2, 10)],
            weekdays=plan.weekdays,
            reminder_time=plan.reminder_time,
            note="",
            now=clock(),
        )
    db.commit()
    fresh(db)
    plan = db.get(Plan, plan.id)
    assert [i.exercise.slug for i in plan.items_on(TODAY)] == ["walking", "bridge", "bird-dog"]
    assert [i.exercise.slug for i in plan.items_on(TOMORROW)] == ["walking", "bridge", "cat-camel"]
    assert plan.in_baseline  # the starting week goes on with the build-up items left


@pytest.mark.parametrize(
    ("extra", "field_text"),
    [
        ({"from_date": "2026-11-24"}, "Choose a date from today to two months ahead."),
        ({"items-1-sets": "11"}, "Number must be between 1 and 10"),
        ({"items-0-amount": "0"}, "Number must be between 1 and 600"),
        ({"weekdays": []}, "Choose at least one day of the week."),
        ({"add-0-exercise": "999999"}, "Choose each exercise once, from the library."),
        ({}, "Nothing changed."),
    ],
)
def test_bad_changes_are_refused_and_nothing_is_stored(client, auth, db, fixed, extra, field_text):
    auth.login("physio@example.org")
    data = _form(fixed, **extra)
    response = post_form(
        client, f"/physio/plans/{fixed.id}/change", data, page=f"/physio/plans/{fixed.id}/edit"
    )
    assert response.status_code == 400 and field_text in response.get_data(as_text=True)
    assert count(db, PlanChange) == 1 and count(db, PlanItem) == 2


def test_the_same_exercise_twice_is_refused(client, auth, db, fixed):
    auth.login("physio@example.org")
    data = _form(fixed, **{"add-0-exercise": str(ex(db, "walking").id)})
    response = post_form(
        client, f"/physio/plans/{fixed.id}/change", data, page=f"/physio/plans/{fixed.id}/edit"
    )
    assert response.status_code == 400
    assert "Choose each exercise once, from the library." in response.get_data(as_text=True)


def test_only_the_patients_physio_changes_the_plan(app, db, fixed, make_user):
    stranger = make_user("other@example.org", role=Role.PHYSIO)
    with app.test_request_context(), pytest.raises(NotFound):
        plan_edits.change_plan(
            db,
            physio=stranger,
            plan=fixed,
            from_date=TOMORROW,
            edits=[],
            weekdays=ALL_DAYS,
            reminder_time=time(8, 0),
            note="",
            now=date.today(),
        )


def test_a_build_up_amount_is_changed_in_its_own_form(app, db, fixed, physio, clock):
    item = fixed.items[0]
    item.graded = True
    with app.test_request_context(), pytest.raises(ServiceError) as refused:
        plan_edits.change_plan(
            db,
            physio=physio,
            plan=fixed,
            from_date=TOMORROW,
            edits=[ItemEdit(item.id, 1, 25), ItemEdit(fixed.items[1].id, 2, 10)],
            weekdays=ALL_DAYS,
            reminder_time=time(8, 0),
            note="",
            now=clock(),
        )
    assert refused.value.field == "items-0-amount"
