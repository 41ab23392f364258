"""The red-flag check: when it is asked, what each outcome does, and who may see it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.support.client import answer_safety_check, post_form, state_seen
from tests.support.registration import sign_up
from webapp.models import (
    AuditEvent,
    Comparison,
    Flag,
    OutboxEmail,
    Plan,
    PlanChange,
    PlanStatus,
    Role,
    Screening,
    User,
)
from webapp.safety.gate import GATED_ENDPOINTS
from webapp.services.safety.screening import record_screening
from webapp.wiring import mailroom, password_hasher

LOG = {"day": "2026-11-25", "status": "done", "pain": "3"}
NO_SIGNS: dict[str, bool] = {}


@pytest.fixture(autouse=True)
def english(db, patient, physio):
    """The pages in English, so the checks below read as the msgids."""
    patient.locale = physio.locale = "en"
    db.commit()


def fresh(db) -> None:
    """Forget what this session read: requests have committed since."""
    db.rollback()
    db.expire_all()


def count(db, model, *where) -> int:
    fresh(db)
    return db.scalar(select(func.count()).select_from(model).where(*where))


def set_due(db, user: User) -> None:
    fresh(db)
    db.get(User, user.id).safety_check_due = True
    db.commit()


def red_flags(db, patient) -> list[Flag]:
    fresh(db)
    return list(
        db.scalars(select(Flag).where(Flag.patient_id == patient.id, Flag.kind == "red_flag"))
    )


# --- when the check is asked -------------------------------------------------------------


def test_a_new_patient_answers_the_check_before_any_exercise(client, db):
    response = sign_up(client, db, email="piet@example.org")
    assert response.status_code == 302
    assert db.scalar(select(User.safety_check_due).where(User.email == "piet@example.org"))
    for path in ("/today", "/session", "/exercises", "/plan/new"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/safety/check"), path
    page = client.get("/safety/check?next=/exercises")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    # 23 questions, the 2 follow-ups (shown without JavaScript) and the age
    assert body.count("<fieldset") == 26
    assert "<legend>Is it hard or impossible to pass urine" in body
    response = answer_safety_check(client, back="/exercises")
    assert response.status_code == 302
    assert response.headers["Location"] == "/exercises"
    assert client.get("/today").status_code == 200
    fresh(db)
    screening = db.scalar(select(Screening))
    assert (screening.trigger, screening.outcome, screening.reasons) == (
        "registration",
        "clear",
        [],
    )
    assert not db.scalar(select(User.safety_check_due).where(User.email == "piet@example.org"))


def test_invited_patients_are_asked_too(app, db, physio, clock):
    from webapp.services.workspace.invitations import invite, register_from_invitation

    with app.test_request_context():
        _, token = invite(
            db,
            physio=physio,
            email="nieuw@example.org",
            name="Nieuw",
            locale="nl",
            now=clock(),
            mailroom=mailroom(),
        )
        patient = register_from_invitation(
            db,
            token=token,
            name="Nieuw",
            password="a long enough password",
            timezone="Europe/Amsterdam",
            now=clock(),
            hasher=password_hasher(),
        )
    assert patient.safety_check_due


def test_the_check_does_not_block_other_pages_while_due(client, auth, patient, db):
    set_due(db, patient)
    auth.login("patient@example.org")
    for path in ("/safety/check", "/messages", "/account", "/progress", "/my-physio"):
        response = client.get(path)
        assert response.status_code in (200, 308), path
    assert client.get("/today").status_code == 302
    assert auth.logout().status_code == 302


def test_gated_endpoints_all_exist(app):
    assert set(app.view_functions) >= GATED_ENDPOINTS


def test_a_physio_is_never_held(client, auth, physio, db):
    set_due(db, physio)
    auth.login("physio@example.org")
    assert client.get("/exercises").status_code == 200


def test_pain_of_8_or_more_asks_again(client, auth, plan, patient, db):
    auth.login("patient@example.org")
    post_form(client, "/today/log", dict(LOG, pain="7"), page="/today")
    assert client.get("/today").status_code == 200
    response = post_form(client, "/today/log", dict(LOG, pain="8"), page="/today")
    assert response.status_code == 302
    assert client.get("/today").headers["Location"] == "/safety/check?next=/today"
    assert answer_safety_check(client).status_code == 302
    fresh(db)
    assert db.scalar(select(Screening.trigger)) == "pain_high"
    assert client.get("/today").status_code == 200


def test_a_second_check_after_high_pain_is_marked_so(app, client, auth, plan, patient, db, clock):
    with app.test_request_context():
        record_screening(
            db,
            patient=patient,
            answers=_all_no(),
            age_band="20_40",
            now=clock(),
            mailroom=mailroom(),
        )
    db.commit()
    clock.advance(hours=1)
    auth.login("patient@example.org")
    post_form(client, "/today/log", dict(LOG, pain="9"), page="/today")
    clock.advance(minutes=5)
    answer_safety_check(client)
    fresh(db)
    latest = db.scalars(select(Screening).order_by(Screening.id.desc())).first()
    assert latest.trigger == "pain_high"


def test_a_worse_week_asks_again(app, db, plan, patient, clock):
    from webapp.services.care.outcomes import record_weekly_check

    with app.test_request_context():
        record_weekly_check(
            db,
            patient=patient,
            plan=plan,
            week=0,
            pain=4,
            comparison=Comparison.SAME,
            note="",
            now=clock(),
        )
        assert not patient.safety_check_due
        record_weekly_check(
            db,
            patient=patient,
            plan=plan,
            week=0,
            pain=4,
            comparison=Comparison.WORSE,
            note="",
            now=clock(),
        )
    db.commit()
    db.expire_all()
    assert db.get(User, patient.id).safety_check_due


# --- outcomes -----------------------------------------------------------------------------


def test_all_clear_goes_back_and_changes_nothing(client, auth, plan, patient, db):
    set_due(db, patient)
    auth.login("patient@example.org")
    client.get("/today")
    response = answer_safety_check(client, back="/session")
    assert response.headers["Location"] == "/session"
    assert red_flags(db, patient) == []
    assert db.get(Plan, plan.id).status == PlanStatus.ACTIVE


def test_see_gp_flags_the_physio_and_keeps_the_exercises(client, auth, plan, patient, db):
    set_due(db, patient)
    auth.login("patient@example.org")
    response = answer_safety_check(client, yes=("night_pain",), back="/today")
    assert response.status_code == 302
    advice = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Make an appointment with your GP within a few days" in advice
    assert 'href="/today"' in advice
    assert [f.kind for f in red_flags(db, patient)] == ["red_flag"]
    assert db.get(Plan, plan.id).status == PlanStatus.ACTIVE
    assert client.get("/today").status_code == 200
    assert count(db, OutboxEmail) == 0


def test_urgent_pauses_flags_emails_and_holds_until_confirmed(
    app, client, auth, plan, patient, physio, db
):
    set_due(db, patient)
    auth.login("patient@example.org")
    response = answer_safety_check(client, yes=("bladder_or_bowel",), age="40_50")
    assert response.headers["Location"] == "/safety/urgent"
    page = client.get("/safety/urgent").get_data(as_text=True)
    assert "<h1>Call your GP today</h1>" in page
    assert "call the huisartsenpost. Only call 112 if it is life-threatening." in page
    assert 'href="tel:112"' in page
    assert "Your exercise plan is paused" in page
    fresh(db)
    assert db.get(Plan, plan.id).status == PlanStatus.PAUSED
    paused = db.scalar(select(PlanChange).where(PlanChange.kind == "paused"))
    assert paused.author_id == patient.id and paused.detail["reason"] == "red_flag"
    assert [f.plan_id for f in red_flags(db, patient)] == [plan.id]
    email = db.scalar(select(OutboxEmail))
    assert email.user_id == physio.id and email.kind == "safety"
    assert "urine" not in email.text_body.lower()
    assert f"/physio/patients/{patient.id}" in email.text_body

    # Every exercise page shows the urgent page, also after logging in again.
    for path in ("/today", "/session", "/exercises", "/safety/check"):
        assert client.get(path).headers["Location"] == "/safety/urgent", path
    auth.logout()
    auth.login("patient@example.org")
    assert client.get("/today").headers["Location"] == "/safety/urgent"

    # A bare tick is not enough: who saw the patient, and on which day.
    refused = post_form(client, "/safety/urgent", {"may_exercise": "y"})
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert "Choose who saw you." in body and "Enter the day the doctor saw you." in body
    assert db.get(Plan, plan.id).status == PlanStatus.PAUSED

    confirmed = state_seen(client, seen_on="2026-11-25")
    assert confirmed.headers["Location"] == "/today"
    fresh(db)
    resumed = db.get(Plan, plan.id)
    assert resumed.status == PlanStatus.ACTIVE and resumed.next_reminder_at is not None
    change = db.scalars(select(PlanChange).order_by(PlanChange.id.desc())).first()
    assert (change.kind, change.author_id) == ("resumed", patient.id)
    screening = db.scalar(select(Screening))
    assert screening.resolved_at is not None and screening.resolution_note == "stated_by_patient"
    assert client.get("/today").status_code == 200
    assert client.get("/safety/urgent").headers["Location"] == "/today"


def test_sudden_constant_pain_is_urgent_only_over_40(client, auth, patient, db):
    set_due(db, patient)
    auth.login("patient@example.org")
    young = answer_safety_check(client, yes=("sudden_severe_constant_pain",), age="20_40")
    assert young.headers["Location"].startswith("/safety/checks/")
    older = answer_safety_check(client, yes=("sudden_severe_constant_pain",), age="over_50")
    assert older.headers["Location"] == "/safety/urgent"


def test_a_plan_the_physio_paused_stays_paused_after_confirming(
    app, client, auth, plan, patient, physio, db, clock
):
    from webapp.services.plans.plan_admin import pause_plan

    with app.test_request_context():
        pause_plan(db, physio=physio, plan=plan, note="", now=clock())
    db.commit()
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("saddle_numbness",))
    assert count(db, PlanChange, PlanChange.author_id == patient.id) == 0
    state_seen(client, seen_on="2026-11-25")
    fresh(db)
    assert db.get(Plan, plan.id).status == PlanStatus.PAUSED
    assert client.get("/today").status_code == 200


def test_an_urgent_check_stays_open_until_confirmed_even_after_a_clear_one(
    client, auth, patient, db
):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("recent_back_procedure",))
    set_due(db, patient)  # e.g. high pain logged from a reminder email
    assert client.get("/today").headers["Location"].startswith("/safety/check")
    answer_safety_check(client)
    assert client.get("/today").headers["Location"] == "/safety/urgent"


def test_unanswered_questions_are_refused_next_to_the_question(client, auth, patient, db):
    auth.login("patient@example.org")
    data = {"age_band": "20_40", "night_pain": "no"}
    response = post_form(client, "/safety/check", data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'aria-describedby="saddle_numbness-error"' in body
    assert body.count("Answer yes or no.") == 22  # every question but one; no follow-up is due
    response = answer_safety_check(client, age="ninety")
    assert response.status_code == 400
    assert count(db, Screening) == 0


def test_a_patient_can_take_the_check_when_they_want(client, auth, patient, db):
    auth.login("patient@example.org")
    assert client.get("/safety/check").status_code == 200
    answer_safety_check(client)
    fresh(db)
    assert db.scalar(select(Screening.trigger)) == "manual"


# --- who sees the checks ------------------------------------------------------------------


def test_the_patient_sees_their_past_checks(client, auth, patient, db):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("cancer_history",))
    page = client.get("/safety/check").get_data(as_text=True)
    assert "Your earlier checks" in page and "Cancer in the history" in page
    screening_id = db.scalar(select(Screening.id))
    detail = client.get(f"/safety/checks/{screening_id}")
    assert detail.status_code == 200
    assert "Have you ever had cancer?" in detail.get_data(as_text=True)


def test_others_cannot_see_a_check(client, auth, patient, make_user, db):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("night_pain",))
    screening_id = db.scalar(select(Screening.id))
    auth.logout()
    fresh(db)  # logging out wrote since this session read
    make_user("ander@example.org")
    make_user("fysio2@example.org", Role.PHYSIO)
    make_user("beheer@example.org", Role.ADMIN)
    for email in ("ander@example.org", "fysio2@example.org"):
        auth.login(email)
        assert client.get(f"/safety/checks/{screening_id}").status_code == 404, email
        auth.logout()
    auth.login("beheer@example.org")
    assert client.get(f"/safety/checks/{screening_id}").status_code == 403
    auth.logout()
    assert client.get(f"/safety/checks/{screening_id + 1}").status_code == 302  # to login


def test_the_physio_sees_the_checks_and_the_look_is_audited(client, auth, patient, physio, db):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("leg_weakness_or_numbness", "leg_weakness_new_or_worse"))
    auth.logout()
    auth.login("physio@example.org")
    page = client.get(f"/physio/patients/{patient.id}").get_data(as_text=True)
    assert 'id="screenings"' in page
    assert "Less strength or feeling in a leg, new or getting worse" in page
    assert "Not yet seen by a doctor" in page
    screening_id = db.scalar(select(Screening.id))
    assert client.get(f"/safety/checks/{screening_id}").status_code == 200
    fresh(db)
    audit = db.scalars(select(AuditEvent).where(AuditEvent.detail == f"screening {screening_id}"))
    assert [(a.actor_id, a.subject_id) for a in audit] == [(physio.id, patient.id)]
    assert client.get("/safety/check").status_code == 403


def _all_no() -> dict[str, bool]:
    from webapp.domain.safety import QUESTIONS

    return dict.fromkeys(QUESTIONS, False)
