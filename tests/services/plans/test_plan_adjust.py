"""The physio adjusts, pauses, resumes and ends a running plan; nobody else can.

A ramp change applies from next week and never rewrites the weeks before; someone else's
patient or plan is a 404.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from scheduler.jobs import tick
from tests.support.client import post_form
from tests.support.plans import MONDAY, START, count, fresh, walking_build_up
from webapp.domain.progression import RampParams, ramp
from webapp.models import (
    AuditEvent,
    OutboxEmail,
    Plan,
    PlanChange,
    PlanStatus,
    PlanWeek,
    Role,
)
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.plans import plan_admin, plan_checks
from webapp.services.plans.graded import close_due_weeks, quota, week_start


@pytest.fixture
def ramp_plan(app, db, patient, physio, catalogue, english):
    """A build-up plan whose walking ramp the physio set from a baseline, started Monday."""
    with app.test_request_context():
        plan = walking_build_up(db, patient, physio)
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
        "lower": "y",  # 12 is below this week's 18: the physio lowers it on purpose
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
        ({"q0": "twaalf"}, "Enter a whole number."),
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
    auth.login("physio@example.org")  # a new day, a new session: staff sessions end when idle
    assert post_form(client, f"/physio/plans/{plan.id}/resume", {"note": ""}).status_code == 302
    tick(app, datetime(2026, 11, 26, 7, 0, tzinfo=UTC))
    assert [r.idempotency_key for r in daily(db)] == [f"daily:{plan.patient_id}:2026-11-26"]
    kinds = db.scalars(select(PlanChange.kind).order_by(PlanChange.id)).all()
    assert kinds == ["paused", "resumed"]


def test_weeks_paused_are_skipped_not_held_when_the_plan_resumes(
    app, client, auth, db, clock, ramp_plan
):
    plan, item = ramp_plan, ramp_plan.items[0]
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # Wednesday of ramp week 2 (index 1)
    auth.login("physio@example.org")
    with app.test_request_context():
        close_due_weeks(db, plan, date(2026, 12, 2), clock())
    db.commit()
    before = quota(plan, item, date(2026, 12, 2))
    assert post_form(client, f"/physio/plans/{plan.id}/pause", {"note": ""}).status_code == 302
    clock.set(datetime(2026, 12, 23, 9, 0, tzinfo=UTC))  # three weeks later
    auth.login("physio@example.org")  # the session of three weeks ago has ended
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
            plan_checks.check_ramp(5, 4, 8)
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


def test_ending_and_assigning_a_plan_lead_back_to_the_patients_page(client, auth, ramp_plan):
    auth.login("physio@example.org")
    page = f"/physio/patients/{ramp_plan.patient_id}"
    edit = f"/physio/plans/{ramp_plan.id}/edit"
    ended = post_form(client, f"/physio/plans/{ramp_plan.id}/end", {"confirm": "y"}, page=edit)
    assert ended.status_code == 302 and ended.headers["Location"] == page
    assert client.get(page).status_code == 200
    assigned = post_form(client, f"{page}/plan/new", {"mode": "template", "template": "strength"})
    assert assigned.status_code == 302 and assigned.headers["Location"] == page
