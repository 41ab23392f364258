"""The physio assigns a plan: from a template or from scratch, previews, warnings, bad input.

Every change is a PlanChange and an audit row; bad input is a message and a 400 with
nothing stored.
"""

import re
from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from tests.support.plans import count, ex, item_fields, new_url, scratch
from webapp.models import (
    AuditEvent,
    Plan,
    PlanChange,
    PlanStatus,
)
from webapp.services.core.errors import ServiceError
from webapp.services.plans.plan_checks import (
    ItemChoice,
    check_items,
    check_ramp,
    estimate_minutes,
    plan_warnings,
)


def test_assign_from_a_template_in_one_post(as_physio, db, patient, physio, clock):
    page = as_physio.get(new_url(patient))
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Assign this plan" in body and "Build up" in body
    response = post_form(as_physio, new_url(patient), {"mode": "template", "template": "build_up"})
    assert response.status_code == 302
    plan = db.scalar(select(Plan))
    assert (plan.template, plan.status, plan.author_id) == (
        "build_up",
        PlanStatus.ACTIVE,
        physio.id,
    )
    assert plan.start_date == date(2026, 11, 25) and plan.reminder_time == time(18, 30)
    assert plan.in_baseline and plan.next_reminder_at is not None
    change = db.scalar(select(PlanChange))
    assert (change.kind, change.author_id, change.created_at) == ("created", physio.id, clock())
    actions = set(db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == patient.id)))
    assert {"view_assign_plan", "assign_plan"} <= actions


def test_from_scratch_a_physio_baseline_sets_the_ramp_now(as_physio, db, patient, client, auth):
    response = post_form(as_physio, new_url(patient), scratch(db))
    assert response.status_code == 302
    db.rollback()
    plan = db.scalar(select(Plan))
    walking, bridge = plan.items
    assert (walking.baseline, walking.start_quota, walking.goal, walking.ramp_weeks) == (
        20,
        16,
        30,
        8,
    )
    assert walking.graded and walking.has_ramp and not bridge.graded
    assert (bridge.sets, bridge.amount) == (5, 8)
    assert plan.ramp_start == date(2026, 11, 25) and not plan.in_baseline
    assert plan.weekdays == 0b10101 and plan.reminder_time == time(18, 0)
    assert [w.week for w in plan.weeks] == [0]
    change = db.scalar(select(PlanChange))
    assert (
        change.note == "Rustig opbouwen, ook op slechte dagen."
        and change.detail["ramp"] == "physio"
    )
    auth.logout()
    auth.login("patient@example.org")
    today = client.get("/today").get_data(as_text=True)
    assert "16 minutes" in today
    assert "Rustig opbouwen, ook op slechte dagen." in today
    assert "Your physiotherapist made a new plan for you." in today


def test_preview_shows_the_ramp_chart_and_warnings_and_saves_nothing(as_physio, db, patient):
    extra = {}
    for i, slug in enumerate(["pelvic-tilt", "knee-to-chest", "cat-camel", "dead-bug"], start=2):
        extra.update(item_fields(i, ex(db, slug), 2, 5))
    response = post_form(as_physio, new_url(patient), scratch(db, action="preview", **extra))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'class="chart"' in body and "Planned build-up of Walking" in body
    assert "This plan has 6 exercises" in body
    assert count(db, Plan) == 0 and count(db, PlanChange) == 0


def test_a_long_plan_is_warned_about_before_saving(as_physio, db, patient):
    data = {**item_fields(0, ex(db, "walking"), 1, 20), "weekdays": ["0"], "action": "preview"}
    body = post_form(as_physio, new_url(patient), data).get_data(as_text=True)
    assert "This plan takes about 20 minutes a session" in body
    assert count(db, Plan) == 0


def test_adding_and_removing_exercises_keeps_the_typed_doses(as_physio, db, patient):
    data = {**item_fields(0, ex(db, "walking"), 1, 25), "add": str(ex(db, "bridge").id)}
    body = post_form(as_physio, new_url(patient), data).get_data(as_text=True)
    bridge = ex(db, "bridge").id
    assert f'name="items-1-exercise" type="hidden" value="{bridge}"' in body
    assert re.search(r'<input[^>]*name="items-0-amount"[^>]*value="25"', body)
    data = {**item_fields(0, ex(db, "walking")), **item_fields(1, ex(db, "bridge")), "remove": "0"}
    body = post_form(as_physio, new_url(patient), data).get_data(as_text=True)
    hidden = re.findall(r'name="items-\d+-exercise" type="hidden" value="(\d+)"', body)
    assert hidden == [str(bridge)]
    assert count(db, Plan) == 0


def test_the_picker_searches_and_filters_with_a_plain_get_form(as_physio, patient):
    body = as_physio.get(new_url(patient) + "?q=brug&position=supine").get_data(as_text=True)
    assert "1 exercise found" in body and "Bridge" in body
    bad = as_physio.get(new_url(patient) + "?position=ceiling")
    assert bad.status_code == 400 and "Choose a position from the list." in bad.get_data(True)


def test_estimates_and_warnings_follow_the_clinical_advice(app, db, catalogue):
    walk, tilt, bird = ex(db, "walking"), ex(db, "pelvic-tilt"), ex(db, "bird-dog")
    cat = ex(db, "cat-camel")
    # walking 10 min; 5 holds of (10 + 3) s + 30 s rest; 2 x 10 reps x 3 s + 30 s rest
    items = [ItemChoice(walk, 1, 10), ItemChoice(tilt, 5, 10), ItemChoice(cat, 2, 10)]
    assert estimate_minutes(items) == pytest.approx(10 + 95 / 60 + 90 / 60)
    # bird-dog counts repetitions per side: 5 a side x 3 s, in one set
    assert estimate_minutes([ItemChoice(bird, 1, 5)]) == pytest.approx(5 * 3 * 2 / 60)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert plan_warnings(items) == []
        five = [*items, ItemChoice(bird, 1, 5), ItemChoice(ex(db, "dead-bug"), 1, 5)]
        assert any("5 exercises" in w for w in plan_warnings(five))
        assert any("16 minutes" in w for w in plan_warnings([ItemChoice(walk, 1, 16)]))
        at_goal = ItemChoice(walk, 1, 10, graded=True, baseline=10, goal=40)
        assert plan_warnings([at_goal])[0].startswith("At the goals, this plan takes about 40")


BAD_FIELDS = [
    ({"items-0-sets": "0"}, "Number must be between 1 and 10"),
    ({"items-0-sets": "drie"}, "Enter a whole number."),
    ({"items-0-amount": "601"}, "Number must be between 1 and 600"),
    ({"items-0-amount": ""}, "Enter a whole number."),
    ({"items-0-baseline": "0"}, "Number must be between 1 and 600"),
    ({"items-0-baseline": "nan"}, "Number must be between 1 and 600"),
    ({"items-0-baseline": "veel"}, "Not a valid float value"),
    ({"items-0-start": "0.5"}, "Not a valid choice"),
    ({"items-0-goal": "10"}, "The goal must be at least the start amount (16)."),
    ({"items-0-goal": "9999"}, "Number must be between 1 and 600"),
    ({"items-0-weeks": "5"}, "Number must be between 6 and 12"),
    ({"items-0-weeks": "13"}, "Number must be between 6 and 12"),
    ({"items-0-exercise": "99999"}, "Choose each exercise once, from the library."),
    ({"items-0-exercise": "walking"}, "Choose each exercise once, from the library."),
    ({"items-1-graded": "y"}, "Enter a baseline for every build-up exercise, or for none"),
    ({"weekdays": []}, "Choose at least one day of the week."),
    ({"weekdays": ["9"]}, "is not a valid choice"),
    ({"reminder_time": "25:00"}, "Not a valid time value"),
    ({"start_date": "2020-01-01"}, "Choose a start date from a week ago to two months ahead."),
    ({"start_date": "morgen"}, "Not a valid date value"),
    ({"note": "x" * 501}, "Field cannot be longer than 500 characters."),
]


@pytest.mark.parametrize(("bad", "message"), BAD_FIELDS)
def test_bad_input_on_every_field_is_refused_and_nothing_is_stored(
    as_physio, db, patient, bad, message
):
    response = post_form(as_physio, new_url(patient), scratch(db, **bad))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(db, Plan) == 0 and count(db, PlanChange) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "template", "template": "yoga"}, "Choose one of the plans offered."),
        ({"mode": "template"}, "Choose one of the plans offered."),
        ({"mode": "template", "template": "strength", "start_date": "2027-06-01"}, "two months"),
        ({"mode": "template", "template": "strength", "note": "y" * 501}, "500 characters"),
        ({}, "Choose at least one exercise."),
    ],
)
def test_bad_template_choices_are_refused(as_physio, db, patient, data, message):
    response = post_form(as_physio, new_url(patient), data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert count(db, Plan) == 0


def test_a_running_plan_is_replaced_only_when_the_physio_chooses_to_end_it(
    as_physio, db, plan, physio
):
    data = {"mode": "template", "template": "stay_active"}
    refused = post_form(as_physio, new_url(plan.patient), data)
    assert refused.status_code == 400
    assert "already has a plan" in refused.get_data(as_text=True)
    assert count(db, Plan) == 1
    done = post_form(as_physio, new_url(plan.patient), {**data, "end_current": "y"})
    assert done.status_code == 302
    db.rollback()
    old, new = db.scalars(select(Plan).order_by(Plan.id)).all()
    assert old.status == PlanStatus.ENDED and new.status == PlanStatus.ACTIVE
    kinds = db.scalars(select(PlanChange.kind).order_by(PlanChange.id)).all()
    assert kinds == ["ended", "created"]


OUT_OF_RANGE = [
    ({"sets": 0}, "items-0-sets", 1, 10),
    ({"sets": 11}, "items-0-sets", 1, 10),
    ({"amount": 0}, "items-0-amount", 1, 600),
    ({"amount": 601}, "items-0-amount", 1, 600),
    ({"baseline": 0.5}, "items-0-baseline", 1, 600),
    ({"baseline": float("nan")}, "items-0-baseline", 1, 600),
    ({"goal": 0}, "items-0-goal", 1, 600),
    ({"goal": 601}, "items-0-goal", 1, 600),
    ({"weeks": 0}, "items-0-weeks", 6, 12),
    ({"weeks": 13}, "items-0-weeks", 6, 12),
    ({"graded": False, "weeks": 5}, "items-0-weeks", 6, 12),
]


@pytest.mark.parametrize(("change", "field", "low", "high"), OUT_OF_RANGE)
def test_the_plan_checks_own_the_dose_ranges_and_name_the_field(
    app, db, catalogue, physio, change, field, low, high
):
    # The form only parses numbers: this check is the one that keeps them in range.
    measured = ItemChoice(ex(db, "walking"), 1, 10, graded=True, baseline=20, goal=30, weeks=8)
    with pytest.raises(ServiceError) as refused:
        check_items([replace(measured, **change)], physio)
    assert refused.value.field == field
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert str(refused.value.message) == f"Number must be between {low} and {high}."


@pytest.mark.parametrize(
    ("q0", "goal", "weeks", "field"),
    [
        (0, 24, 8, "q0"),
        (601, 700, 8, "q0"),
        (12, 0, 8, "goal"),
        (12, 601, 8, "goal"),
        (12, 24, 5, "weeks"),
        (12.5, 24, 8, "q0"),
    ],
)
def test_a_new_ramp_is_refused_on_the_field_out_of_range(app, q0, goal, weeks, field):
    with pytest.raises(ServiceError) as refused:
        check_ramp(q0, goal, weeks)
    assert refused.value.field == field
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert str(refused.value.message).startswith("Number must be between ")
