"""The physio assigns, previews, adjusts, pauses, resumes and ends a patient's plan.

Every change is a PlanChange (who, when, a note the patient sees) and an audit row; a ramp
change applies from next week and never rewrites the weeks before; bad input is a message
and a 400 with nothing stored; someone else's patient or plan is a 404.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from scheduler.jobs import tick
from tests.helpers import post_form
from webapp.domain.progression import RampParams, ramp
from webapp.domain.schedule import ALL_DAYS
from webapp.models import (
    AuditEvent,
    Exercise,
    OutboxEmail,
    Plan,
    PlanChange,
    PlanStatus,
    PlanWeek,
    Role,
)
from webapp.services import plan_admin
from webapp.services.errors import NotFound, ServiceError
from webapp.services.graded import close_due_weeks, quota, week_start
from webapp.services.plan_admin import ItemChoice, estimate_minutes, plan_warnings

MONDAY = date(2026, 11, 23)
START = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # the conftest clock: Wednesday 07:00 local


def fresh(db) -> None:
    """See what the app committed: end the snapshot and reload every object."""
    db.rollback()
    db.expire_all()


def count(db, model) -> int:
    fresh(db)
    return db.scalar(select(func.count()).select_from(model))


@pytest.fixture
def english(db, patient, physio):
    """Physio and patient read the English UI, so tests can match the source texts."""
    patient.locale = physio.locale = "en"
    db.commit()


@pytest.fixture
def as_physio(client, auth, english, catalogue):
    auth.login("physio@example.org")
    return client


def ex(db, slug: str) -> Exercise:
    return db.scalar(select(Exercise).where(Exercise.slug == slug))


def new_url(patient) -> str:
    return f"/physio/patients/{patient.id}/plan/new"


def item_fields(index: int, exercise: Exercise, sets=1, amount=10, **ramp_fields) -> dict:
    fields = {
        f"items-{index}-exercise": str(exercise.id),
        f"items-{index}-sets": str(sets),
        f"items-{index}-amount": str(amount),
        f"items-{index}-start": "0.8",
        f"items-{index}-weeks": "11",
    }
    fields.update({f"items-{index}-{k}": str(v) for k, v in ramp_fields.items()})
    return fields


def scratch(db, **extra) -> dict:
    """A plan from scratch: walking built up from a 20-minute baseline, bridges fixed."""
    data = {
        **item_fields(0, ex(db, "walking"), 1, 10, graded="y", baseline=20, goal=30, weeks=8),
        **item_fields(1, ex(db, "bridge"), 5, 8),
        "weekdays": ["0", "2", "4"],
        "reminder_time": "18:00",
        "start_date": "2026-11-25",
        "note": "Rustig opbouwen, ook op slechte dagen.",
        "action": "save",
    }
    data.update(extra)
    return data


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
    assert estimate_minutes([ItemChoice(bird, 5, 8)]) == pytest.approx((5 * 11 * 2 + 30) / 60)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert plan_warnings(items) == []
        five = [*items, ItemChoice(bird, 1, 5), ItemChoice(ex(db, "dead-bug"), 1, 5)]
        assert any("5 exercises" in w for w in plan_warnings(five))
        assert any("16 minutes" in w for w in plan_warnings([ItemChoice(walk, 1, 16)]))
        at_goal = ItemChoice(walk, 1, 10, graded=True, baseline=10, goal=40)
        assert plan_warnings([at_goal])[0].startswith("At the goals, this plan takes about 40")


BAD_FIELDS = [
    ({"items-0-sets": "0"}, "Number must be between 1 and 10"),
    ({"items-0-sets": "drie"}, "Not a valid integer value"),
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


@pytest.fixture
def ramp_plan(app, db, patient, physio, catalogue, english):
    """A build-up plan whose walking ramp the physio set from a baseline, started Monday."""
    with app.test_request_context():
        plan = plan_admin.assign_plan(
            db, physio=physio, patient=patient, start_date=MONDAY, now=START,
            items=[ItemChoice(ex(db, "walking"), 1, 10, True, 20, 0.8, 30, 8)],
            weekdays=ALL_DAYS, reminder_time=time(8, 0),
        )  # fmt: skip
    db.commit()
    return plan


def test_adjusting_the_ramp_starts_next_week_and_keeps_the_weeks_before(
    app, client, auth, db, clock, ramp_plan, physio
):
    plan, item = ramp_plan, ramp_plan.items[0]
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # Wednesday of ramp week 2 (index 1)
    with app.test_request_context():
        close_due_weeks(db, plan, date(2026, 12, 2), clock())
    db.commit()
    week0, week1 = quota(plan, item, MONDAY), quota(plan, item, date(2026, 12, 2))
    auth.login("physio@example.org")
    url = f"/physio/plans/{plan.id}/edit"
    edit = {
        "item_id": str(item.id),
        "q0": "12",
        "goal": "24",
        "weeks": "6",
        "note": "Iets rustiger.",
    }
    preview = post_form(client, url, {**edit, "action": "preview"})
    assert preview.status_code == 200 and "Preview of the change" in preview.get_data(True)
    db.rollback()
    assert item.start_quota == 16 and count(db, PlanChange) == 1
    response = post_form(client, url, {**edit, "action": "save"})
    assert response.status_code == 302
    db.rollback()
    db.expire_all()
    plan = db.get(Plan, plan.id)
    item = plan.items[0]
    assert (item.start_quota, item.goal, item.ramp_weeks, item.params_from_week) == (12, 24, 6, 2)
    assert quota(plan, item, MONDAY) == week0  # closed week: as stored
    assert quota(plan, item, date(2026, 12, 6)) == week1  # the current week keeps its quota
    assert quota(plan, item, week_start(plan, 2)) == 12  # next week: the new ramp's start
    change = db.scalar(select(PlanChange).where(PlanChange.kind == "params"))
    assert change.author_id == physio.id and change.created_at == clock()
    assert change.detail["old"] == {"q0": 16, "goal": 30, "weeks": 8, "from_week": 0}
    assert change.detail["new"] == {"q0": 12, "goal": 24, "weeks": 6, "from_week": 2}
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "adjust_plan")) is not None
    # The week closes later with the quota it started with.
    with app.test_request_context():
        close_due_weeks(db, plan, date(2026, 12, 7), clock())
    assert db.scalar(select(PlanWeek).where(PlanWeek.week == 1)).quotas[str(item.id)] == week1
    db.rollback()  # only a check: the patient's page closes the week itself
    auth.logout()
    auth.login("patient@example.org")
    today = client.get("/today").get_data(as_text=True)
    assert "changed the build-up of Walking, from week 3" in today and "Iets rustiger." in today
    assert f"{week1} minutes" in today


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"q0": "0"}, "Number must be between 1 and 600"),
        ({"q0": "twaalf"}, "Not a valid integer value"),
        ({"goal": "10"}, "The goal must be at least the start amount (12)."),
        ({"weeks": "13"}, "Number must be between 6 and 12"),
        ({"weeks": ""}, "Enter a whole number."),
        ({"note": "z" * 501}, "Field cannot be longer than 500 characters."),
    ],
)
def test_bad_ramp_changes_are_refused(client, auth, db, ramp_plan, fields, message):
    auth.login("physio@example.org")
    item = ramp_plan.items[0]
    data = {"item_id": str(item.id), "q0": "12", "goal": "24", "weeks": "6", "action": "save"}
    response = post_form(client, f"/physio/plans/{ramp_plan.id}/edit", {**data, **fields})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    db.rollback()
    assert item.start_quota == 16 and count(db, PlanChange) == 1


def test_a_ramp_change_refuses_an_unknown_item(client, auth, ramp_plan):
    auth.login("physio@example.org")
    data = {"item_id": "99999", "q0": "12", "goal": "24", "weeks": "6", "action": "save"}
    assert post_form(client, f"/physio/plans/{ramp_plan.id}/edit", data).status_code == 404


def daily(db) -> list[OutboxEmail]:
    fresh(db)
    return db.scalars(select(OutboxEmail).where(OutboxEmail.kind == "daily")).all()


def test_pause_stops_reminders_and_resume_restarts_them(
    app, client, auth, db, plan, english, clock
):
    auth.login("physio@example.org")
    paused = post_form(
        client, f"/physio/plans/{plan.id}/pause", {"note": "Eerst naar de huisarts."}
    )
    assert paused.status_code == 302
    fresh(db)
    assert plan.status == PlanStatus.PAUSED and plan.next_reminder_at is None
    tick(app, datetime(2026, 11, 25, 7, 0, tzinfo=UTC))  # 08:00 local, the reminder time
    tick(app, datetime(2026, 11, 26, 7, 0, tzinfo=UTC))
    assert daily(db) == []
    auth.logout()
    auth.login("patient@example.org")
    today = client.get("/today").get_data(as_text=True)
    assert "Your plan is paused" in today and "Eerst naar de huisarts." in today
    assert "No plan yet" not in today
    auth.logout()
    auth.login("physio@example.org")
    again = post_form(client, f"/physio/plans/{plan.id}/pause", {})
    assert again.status_code == 400 and "Only a running plan can be paused." in again.get_data(True)
    clock.set(datetime(2026, 11, 26, 6, 30, tzinfo=UTC))  # resumed the next morning
    assert post_form(client, f"/physio/plans/{plan.id}/resume", {"note": ""}).status_code == 302
    tick(app, datetime(2026, 11, 26, 7, 0, tzinfo=UTC))
    assert [r.idempotency_key for r in daily(db)] == [f"daily:{plan.patient_id}:2026-11-26"]
    kinds = db.scalars(select(PlanChange.kind).order_by(PlanChange.id)).all()
    assert kinds == ["paused", "resumed"]


def test_weeks_paused_are_skipped_not_held_when_the_plan_resumes(
    app, client, auth, db, clock, ramp_plan
):
    plan, item = ramp_plan, ramp_plan.items[0]
    auth.login("physio@example.org")
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # Wednesday of ramp week 2 (index 1)
    with app.test_request_context():
        close_due_weeks(db, plan, date(2026, 12, 2), clock())
    db.commit()
    before = quota(plan, item, date(2026, 12, 2))
    assert post_form(client, f"/physio/plans/{plan.id}/pause", {"note": ""}).status_code == 302
    clock.set(datetime(2026, 12, 23, 9, 0, tzinfo=UTC))  # three weeks later
    assert post_form(client, f"/physio/plans/{plan.id}/resume", {"note": ""}).status_code == 302
    fresh(db)
    assert plan.ramp_start == MONDAY + timedelta(weeks=3)
    with app.test_request_context():
        closed = close_due_weeks(db, plan, date(2026, 12, 23), clock())
    db.commit()
    # The patient is back in the week they paused in; no paused week was closed as "held".
    assert closed == [] and [w.week for w in plan.weeks if w.closed_at] == [0]
    assert quota(plan, item, date(2026, 12, 23)) == before


def test_ending_needs_a_confirmation_and_is_recorded(client, auth, db, plan, physio, english):
    auth.login("physio@example.org")
    url = f"/physio/plans/{plan.id}/end"
    refused = post_form(client, url, {"note": "Klaar!"})
    assert refused.status_code == 400 and "Tick the box" in refused.get_data(as_text=True)
    db.rollback()
    assert plan.status == PlanStatus.ACTIVE
    assert post_form(client, url, {"note": "Klaar!", "confirm": "y"}).status_code == 302
    fresh(db)
    assert plan.status == PlanStatus.ENDED and plan.next_reminder_at is None
    change = db.scalar(select(PlanChange))
    assert (change.kind, change.author_id, change.note) == ("ended", physio.id, "Klaar!")
    audit = db.scalar(select(AuditEvent).where(AuditEvent.action == "end_plan"))
    assert (audit.actor_id, audit.subject_id) == (physio.id, plan.patient_id)
    gone = post_form(client, url, {"confirm": "y"})
    assert gone.status_code == 400 and "This plan has ended." in gone.get_data(as_text=True)


def test_the_patient_marks_the_note_as_read(client, auth, db, ramp_plan):
    auth.login("patient@example.org")
    assert "From your physiotherapist" in client.get("/today").get_data(as_text=True)
    assert post_form(client, "/messages/seen", {}, page="/today").status_code == 302
    fresh(db)
    assert db.scalar(select(PlanChange)).seen_at is not None
    assert "From your physiotherapist" not in client.get("/today").get_data(as_text=True)


def test_the_edit_page_shows_the_ramp_and_records_the_view(client, auth, db, ramp_plan, physio):
    auth.login("physio@example.org")
    body = client.get(f"/physio/plans/{ramp_plan.id}/edit").get_data(as_text=True)
    assert "Planned build-up of Walking" in body and "Pause the plan" in body
    audit = db.scalar(select(AuditEvent).where(AuditEvent.action == "view_edit_plan"))
    assert (audit.actor_id, audit.subject_id) == (physio.id, ramp_plan.patient_id)


def test_the_service_refuses_other_people(app, db, plan, make_user, admin):
    other = make_user("other@example.org", Role.PHYSIO)
    with app.test_request_context():
        for actor in (other, admin, plan.patient):
            with pytest.raises(NotFound):
                plan_admin.pause_plan(db, physio=actor, plan=plan, note="", now=START)
        with pytest.raises(ServiceError):
            plan_admin.check_ramp(5, 4, 8)
    assert RampParams(5, 9, 6) and ramp(RampParams(5, 9, 6))[-1] == 9


def routes(patient_id: int, plan_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/physio/patients/{patient_id}/plan/new"),
        ("POST", f"/physio/patients/{patient_id}/plan/new"),
        ("GET", f"/physio/plans/{plan_id}/edit"),
        ("POST", f"/physio/plans/{plan_id}/edit"),
        ("POST", f"/physio/plans/{plan_id}/pause"),
        ("POST", f"/physio/plans/{plan_id}/resume"),
        ("POST", f"/physio/plans/{plan_id}/end"),
    ]


def call(client, method: str, url: str):
    if method == "GET":
        return client.get(url)
    return post_form(
        client, url, {"mode": "template", "template": "strength", "confirm": "y"}, page="/"
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("other@example.org", 404),
        ("stranger@example.org", 403),
        ("patient@example.org", 403),
        ("admin@example.org", 403),
        (None, 302),
    ],
)
def test_nobody_else_reaches_the_plan_routes(
    client, auth, db, plan, make_user, admin, who, expected
):
    make_user("other@example.org", Role.PHYSIO)
    make_user("stranger@example.org")
    if who:
        auth.login(who)
    for method, url in routes(plan.patient_id, plan.id):
        response = call(client, method, url)
        assert response.status_code == expected, (method, url)
        if expected == 302:
            assert "/login" in response.headers["Location"]
    assert count(db, PlanChange) == 0 and count(db, Plan) == 1
    db.rollback()
    assert plan.status == PlanStatus.ACTIVE


def test_unknown_ids_are_not_found(client, auth, physio, plan):
    auth.login("physio@example.org")
    for method, url in routes(99999, 99999):
        assert call(client, method, url).status_code == 404, (method, url)


def test_the_plan_panel_partial_lists_the_plan_and_its_actions(app, db, ramp_plan):
    from flask import render_template
    from flask_login import login_user

    with app.test_request_context():
        login_user(db.get(type(ramp_plan.patient), ramp_plan.patient.physio_id))
        patient = db.get(type(ramp_plan.patient), ramp_plan.patient_id)
        html = render_template("physio/_plan_panel.html", patient=patient, plan=None)
    assert "builds up from 16 to 30 over 8 weeks" in html
    assert f"/physio/plans/{ramp_plan.id}/pause" in html and "assigned the plan" in html


def test_the_physio_page_redirect_target_exists(app):
    with app.test_request_context():
        from webapp.physio.plans import patient_page

        assert patient_page(1).startswith("/physio/")
    assert START + timedelta(days=0) == START
