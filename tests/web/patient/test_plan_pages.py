"""The patient's plan pages: choosing a plan, the baseline week, confirming, logging, flare-up.

Every field gets bad input too (negative, huge, text in numbers, dates out of range): a
message on the form and a 4xx, and nothing stored.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from tests.support.client import post_form
from webapp.models import ItemLog, Plan, PlanWeek, SessionLog, WeeklyCheck
from webapp.services.library.catalogue import load_catalogue

MONDAY = date(2026, 1, 5)


def at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@pytest.fixture
def signed_in(app, client, auth, patient, db, clock):
    with app.app_context():
        load_catalogue(db, app.config["CATALOGUE_DIR"])
    db.commit()
    clock.set(at(MONDAY))
    auth.login("patient@example.org")
    return client


def count(db, model) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(model))


def start_build_up(client):
    return post_form(
        client,
        "/plan/new",
        {"template": "build_up", "start_date": "2026-01-05", "reminder_time": "18:30"},
    )


def log(client, when: date, weekly_check: bool = True, **fields):
    """Post the log form; the weekly look back is answered too unless told not to."""
    data = {"day": when.isoformat(), "status": "done", "pain": "3", **fields}
    if weekly_check:
        data = {"week_pain": "3", "week_comparison": "same", **data}
    return post_form(client, "/today/log", data, page="/today")


def amounts(db, values: list[int]) -> dict:
    db.rollback()
    plan = db.scalar(select(Plan))
    return {f"amount_{item.id}": str(v) for item, v in zip(plan.items, values, strict=True)}


def test_a_patient_starts_a_self_guided_plan(signed_in, db):
    assert "Actief blijven" in signed_in.get("/plan/new").get_data(as_text=True)
    response = post_form(
        signed_in,
        "/plan/new",
        {
            "template": "stay_active",
            "start_date": "2026-01-05",
            "weekdays": ["0", "2", "4"],
            "reminder_time": "08:15",
        },
    )
    assert response.status_code == 302
    plan = db.scalar(select(Plan))
    assert plan.template == "stay_active" and plan.weekdays == 0b10101
    assert plan.reminder_time == time(8, 15) and plan.author_id == plan.patient_id
    body = signed_in.get("/today").get_data(as_text=True)
    assert "Wandelen" in body and "10 minuten" in body
    # A second plan is refused while one is active.
    again = signed_in.get("/plan/new")
    assert again.status_code == 302


@pytest.mark.parametrize(
    "bad",
    [
        {"template": "marathon"},
        {"start_date": "2025-01-01"},
        {"start_date": "2030-01-01"},
        {"start_date": "not a date"},
        {"reminder_time": "25:99"},
        {"weekdays": ["9"]},
    ],
)
def test_bad_plan_choices_are_refused(signed_in, db, bad):
    data = {"template": "stay_active", "start_date": "2026-01-05", "reminder_time": "18:30", **bad}
    response = post_form(signed_in, "/plan/new", data)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert count(db, Plan) == 0


def test_baseline_week_then_confirmation_with_the_ramp_chart(signed_in, db, clock):
    assert start_build_up(signed_in).status_code == 302
    page = signed_in.get("/today").get_data(as_text=True)
    assert "meet wat u nu kunt" in page
    for offset, values in ((0, [10, 10, 8]), (2, [12, 10, 9]), (4, [11, 10, 10])):
        clock.set(at(MONDAY + timedelta(days=offset)))
        assert (
            log(signed_in, MONDAY + timedelta(days=offset), **amounts(db, values)).status_code
            == 302
        )
    assert "Uw startweek is klaar" in signed_in.get("/today").get_data(as_text=True)

    clock.set(at(MONDAY + timedelta(days=7)))
    page = signed_in.get("/plan/confirm").get_data(as_text=True)
    assert page.count('<svg class="chart"') == 3
    assert "<title" in page and "<desc" in page
    plan = db.scalar(select(Plan))
    walking = plan.items[0]
    fields = {f"goal_{i.id}": "30" if i is walking else "20" for i in plan.items}
    fields.update({f"weeks_{i.id}": "11" for i in plan.items})
    preview = post_form(signed_in, "/plan/confirm", {**fields, "action": "preview"})
    assert preview.status_code == 200 and count(db, PlanWeek) == 0
    done = post_form(signed_in, "/plan/confirm", {**fields, "action": "confirm"})
    assert done.status_code == 302
    db.rollback()
    plan = db.scalar(select(Plan))
    assert plan.ramp_start == MONDAY + timedelta(days=7)
    assert [i.start_quota for i in plan.items] == [9, 8, 7]
    page = signed_in.get("/today").get_data(as_text=True)
    assert "Week 1 van uw opbouw" in page and "9 minuten" in page


@pytest.mark.parametrize(
    "goal,weeks",
    [("-5", "11"), ("abc", "11"), ("30", "40"), ("30", "2"), ("99999", "11"), ("3", "11")],
)
def test_bad_goals_and_lengths_are_refused(signed_in, db, clock, goal, weeks):
    start_build_up(signed_in)
    for offset in (0, 2, 4):
        clock.set(at(MONDAY + timedelta(days=offset)))
        log(signed_in, MONDAY + timedelta(days=offset), **amounts(db, [10, 10, 8]))
    plan = db.scalar(select(Plan))
    fields = {f"goal_{i.id}": goal for i in plan.items}
    fields.update({f"weeks_{i.id}": weeks for i in plan.items})
    response = post_form(signed_in, "/plan/confirm", {**fields, "action": "confirm"})
    assert response.status_code == 400
    assert count(db, PlanWeek) == 0


def test_more_than_the_quota_is_saved_as_the_quota_with_an_explanation(signed_in, db, clock):
    post_form(
        signed_in,
        "/plan/new",
        {"template": "stay_active", "start_date": "2026-01-05", "reminder_time": "18:30"},
    )
    response = log(signed_in, MONDAY, **amounts(db, [45, 5, 3, 2]))
    assert response.status_code == 302
    page = signed_in.get("/today").get_data(as_text=True)
    assert "Meer is hier niet beter" in page
    db.rollback()
    walking = db.scalar(select(ItemLog).order_by(ItemLog.plan_item_id))
    assert (walking.amount, walking.capped) == (10, True)


@pytest.mark.parametrize(
    "bad",
    [
        {"amount": "-3"},
        {"amount": "100000"},
        {"amount": "veel"},
        {"pain": "11"},
        {"pain": "-1"},
        {"pain": "erg"},
        {"status": "misschien"},
        {"when": "2026-01-06"},
        {"when": "2025-12-01"},
        {"when": "gisteren"},
        {"feeling": "super"},
        {"note": "x" * 1200},
    ],
)
def test_bad_log_values_are_refused_and_nothing_is_stored(signed_in, db, bad):
    post_form(
        signed_in,
        "/plan/new",
        {"template": "stay_active", "start_date": "2026-01-05", "reminder_time": "18:30"},
    )
    bad = dict(bad)  # the parameter is shared by the SQLite and PostgreSQL runs
    fields = amounts(db, [10, 5, 3, 2])
    if "amount" in bad:
        first = next(iter(fields))
        fields[first] = bad.pop("amount")
    when = bad.pop("when", MONDAY.isoformat())
    response = post_form(
        signed_in,
        "/today/log",
        {"day": when, "status": "done", "pain": "3", **fields, **bad},
        page="/today",
    )
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert count(db, SessionLog) == 0


def test_weekly_check_comes_with_the_first_log_of_a_new_week(signed_in, db, clock):
    post_form(
        signed_in,
        "/plan/new",
        {"template": "stay_active", "start_date": "2026-01-05", "reminder_time": "18:30"},
    )
    log(signed_in, MONDAY, **amounts(db, [10, 5, 3, 2]))
    next_week = MONDAY + timedelta(days=7)
    clock.set(at(next_week))
    page = signed_in.get("/today").get_data(as_text=True)
    assert "Terugkijken op vorige week" in page
    missing = log(signed_in, next_week, weekly_check=False, **amounts(db, [10, 5, 3, 2]))
    assert missing.status_code == 400 and count(db, WeeklyCheck) == 0
    response = log(
        signed_in,
        next_week,
        weekly_check=False,
        **amounts(db, [10, 5, 3, 2]),
        week_pain="4",
        week_comparison="better",
        week_note="Beter geslapen",
    )
    assert response.status_code == 302
    db.rollback()
    check = db.scalar(select(WeeklyCheck))
    assert (check.week, check.pain, check.comparison.value) == (0, 4, "better")
    assert "Terugkijken" not in signed_in.get("/today").get_data(as_text=True)


def test_flare_up_steps_back_this_week_only(signed_in, db, clock):
    start_build_up(signed_in)
    for offset in (0, 2, 4):
        clock.set(at(MONDAY + timedelta(days=offset)))
        log(signed_in, MONDAY + timedelta(days=offset), **amounts(db, [10, 10, 8]))
    clock.set(at(MONDAY + timedelta(days=7)))
    plan = db.scalar(select(Plan))
    fields = {f"goal_{i.id}": "30" if i.position == 0 else "20" for i in plan.items}
    fields.update({f"weeks_{i.id}": "11" for i in plan.items})
    post_form(signed_in, "/plan/confirm", {**fields, "action": "confirm"})
    for offset in (7, 9, 11):
        clock.set(at(MONDAY + timedelta(days=offset)))
        log(signed_in, MONDAY + timedelta(days=offset))
    clock.set(at(MONDAY + timedelta(days=14)))
    # Baseline 10 minutes: start at 8, week 1 done in full, so week 2 asks 10.
    assert '<p class="dose">10 minuten</p>' in signed_in.get("/today").get_data(as_text=True)
    response = post_form(signed_in, "/plan/flare", {}, page="/today")
    assert response.status_code == 302
    page = signed_in.get("/today").get_data(as_text=True)
    assert '<p class="dose">8 minuten</p>' in page and "stap terug" in page
    assert "Eén week terug" not in page  # no second flare button this week
