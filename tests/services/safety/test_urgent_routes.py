"""The urgent outcomes in the app: 112 first or the GP today, tap-to-call numbers, follow-up
questions, and the way back to the exercises (the physio confirms, or the patient states who
saw them and the physio is told and may pause again)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.support.client import answer_safety_check, post_form, state_seen
from webapp.models import (
    AuditEvent,
    Flag,
    OutboxEmail,
    Plan,
    PlanChange,
    PlanStatus,
    Role,
    Screening,
    User,
)

TODAY = "2026-11-25"  # the fixed clock's day in Amsterdam


@pytest.fixture(autouse=True)
def english(db, patient, physio):
    """The pages in English, so the checks below read as the msgids."""
    patient.locale = physio.locale = "en"
    db.commit()


def fresh(db) -> None:
    """Forget what this session read: requests have committed since."""
    db.rollback()
    db.expire_all()


def open_flags(db, patient) -> set[str]:
    fresh(db)
    flags = db.scalars(
        select(Flag.kind).where(Flag.patient_id == patient.id, Flag.cleared_at.is_(None))
    )
    return set(flags)


# --- the two routes ---------------------------------------------------------------------------


def test_a_possible_burst_aneurysm_with_fainting_says_call_112_first(client, auth, plan, db):
    auth.login("patient@example.org")
    response = answer_safety_check(
        client, yes=("known_aneurysm", "circulation_signs"), age="over_50"
    )
    assert response.headers["Location"] == "/safety/urgent"
    page = client.get("/safety/urgent").get_data(as_text=True)
    assert "<h1>Call 112 now</h1>" in page
    # The call button comes straight under the heading, before anything to read.
    assert page.index("<h1>Call 112 now</h1>") < page.index('href="tel:112"')
    assert page.index('href="tel:112"') < page.index("You answered yes to")
    assert "Call your GP" not in page
    fresh(db)
    assert db.scalar(select(Screening.route)) == "call_112"
    assert db.get(Plan, plan.id).status == PlanStatus.PAUSED


def test_cauda_equina_signs_say_gp_today_with_the_patients_own_numbers(client, auth, patient, db):
    auth.login("patient@example.org")
    saved = post_form(
        client,
        "/safety/numbers",
        {"gp_phone": "020 - 123 45 67", "out_of_hours_phone": "+31 88 123 4567"},
    )
    assert saved.headers["Location"] == "/safety/check"
    answer_safety_check(client, yes=("saddle_numbness",))
    page = client.get("/safety/urgent").get_data(as_text=True)
    assert "<h1>Call your GP today</h1>" in page
    assert 'href="tel:0201234567"' in page and "Call your GP: 020 - 123 45 67" in page
    assert 'href="tel:+31881234567"' in page
    assert 'href="tel:112"' in page and "Life-threatening: call 112" in page


def test_without_saved_numbers_the_page_says_where_to_find_them(client, auth, patient):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("bladder_or_bowel",))
    page = client.get("/safety/urgent").get_data(as_text=True)
    assert "are on the website of your GP practice" in page
    assert 'href="tel:0' not in page


def test_a_phone_number_that_is_not_one_is_refused_next_to_its_field(client, auth, patient, db):
    auth.login("patient@example.org")
    response = post_form(
        client, "/safety/numbers", {"gp_phone": "my doctor", "out_of_hours_phone": ""}
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="gp_phone-error"' in body and "Enter a phone number in digits" in body
    fresh(db)
    assert db.get(User, patient.id).gp_phone is None


def test_the_leg_question_asks_new_or_getting_worse_before_it_is_urgent(client, auth, patient):
    auth.login("patient@example.org")
    missing = answer_safety_check(client, yes=("leg_weakness_or_numbness",), follow_ups=False)
    assert missing.status_code == 400
    assert 'id="leg_weakness_new_or_worse-error"' in missing.get_data(as_text=True)
    stable = answer_safety_check(client, yes=("leg_weakness_or_numbness",), back="/progress")
    assert stable.headers["Location"] == "/progress"  # clear: no warning signs
    new = answer_safety_check(client, yes=("leg_weakness_or_numbness", "leg_weakness_new_or_worse"))
    assert new.headers["Location"] == "/safety/urgent"


def test_a_follow_up_to_a_question_answered_no_is_not_stored(client, auth, patient, db):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("circulation_signs",), age="over_50")
    fresh(db)
    found = db.scalar(select(Screening))
    assert (found.outcome, "circulation_signs" in found.answers) == ("clear", False)


# --- back to the exercises ----------------------------------------------------------------------


def test_a_visit_before_the_check_or_without_the_all_clear_keeps_the_plan_paused(
    client, auth, plan, db
):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("severe_leg_pain",))
    before = state_seen(client, seen_on="2026-11-24")
    assert before.status_code == 400
    assert "Choose a day on or after the day of your check." in before.get_data(as_text=True)
    later = state_seen(client, seen_on="2026-11-26")
    assert later.status_code == 400
    not_cleared = state_seen(client, seen_on=TODAY, may_exercise=False)
    assert not_cleared.status_code == 400
    assert "If not, ask your physiotherapist." in not_cleared.get_data(as_text=True)
    fresh(db)
    assert db.get(Plan, plan.id).status == PlanStatus.PAUSED
    assert client.get("/today").headers["Location"] == "/safety/urgent"


def test_the_patients_statement_resumes_and_the_physio_is_told_and_may_pause_again(
    client, auth, plan, patient, physio, db
):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("severe_leg_pain",))
    assert state_seen(client, seen_by="out_of_hours", seen_on=TODAY).headers["Location"] == "/today"
    fresh(db)
    assert db.get(Plan, plan.id).status == PlanStatus.ACTIVE
    check = db.scalar(select(Screening))
    assert (check.seen_by, check.seen_on.isoformat(), check.resolved_by_id) == (
        "out_of_hours",
        TODAY,
        patient.id,
    )
    assert "resumed_by_patient" in open_flags(db, patient)
    email = db.scalar(
        select(OutboxEmail).where(OutboxEmail.idempotency_key == f"resumed:{check.id}")
    )
    assert email.user_id == physio.id and "leg" not in email.text_body.lower()
    auth.logout()

    auth.login("physio@example.org")
    page = client.get(f"/physio/patients/{patient.id}").get_data(as_text=True)
    assert "Resumed after an urgent check, on the patient's word" in page
    assert "Stated by the patient on 25 Nov 2026: The out-of-hours GP service" in page
    assert f'action="/safety/checks/{check.id}/pause-again"' in page
    too_long = post_form(
        client,
        f"/safety/checks/{check.id}/pause-again",
        {"note": "x" * 501},
        page=f"/physio/patients/{patient.id}",
    )
    assert too_long.status_code == 400
    paused = post_form(
        client,
        f"/safety/checks/{check.id}/pause-again",
        {"note": "Eerst even bellen."},
        page=f"/physio/patients/{patient.id}",
    )
    assert paused.status_code == 302
    fresh(db)
    assert db.get(Plan, plan.id).status == PlanStatus.PAUSED
    change = db.scalars(select(PlanChange).order_by(PlanChange.id.desc())).first()
    assert (change.kind, change.author_id, change.note) == (
        "paused",
        physio.id,
        "Eerst even bellen.",
    )
    assert "resumed_by_patient" not in open_flags(db, patient)


def test_the_physio_confirms_a_doctor_has_seen_the_patient(client, auth, plan, patient, physio, db):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("bladder_or_bowel",))
    auth.logout()
    auth.login("physio@example.org")
    fresh(db)
    check = db.scalar(select(Screening))
    page = client.get(f"/physio/patients/{patient.id}").get_data(as_text=True)
    assert f'action="/safety/checks/{check.id}/confirm-seen"' in page
    confirmed = post_form(
        client, f"/safety/checks/{check.id}/confirm-seen", {}, page=f"/physio/patients/{patient.id}"
    )
    assert confirmed.headers["Location"] == f"/physio/patients/{patient.id}#screenings"
    fresh(db)
    check = db.get(Screening, check.id)
    assert (check.resolution_note, check.resolved_by_id) == ("confirmed_by_physio", physio.id)
    assert db.get(Plan, plan.id).status == PlanStatus.ACTIVE
    assert "red_flag" not in open_flags(db, patient)
    audit = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == patient.id))
    assert "confirm_seen" in set(audit)
    again = post_form(
        client, f"/safety/checks/{check.id}/confirm-seen", {}, page=f"/physio/patients/{patient.id}"
    )
    assert again.status_code == 302  # already closed: said so, nothing changes
    auth.logout()
    auth.login("patient@example.org")
    assert client.get("/today").status_code == 200


def test_only_the_patients_own_physio_can_confirm_or_pause(client, auth, patient, make_user, db):
    auth.login("patient@example.org")
    answer_safety_check(client, yes=("bladder_or_bowel",))
    auth.logout()
    fresh(db)
    check_id = db.scalar(select(Screening.id))
    make_user("fysio2@example.org", Role.PHYSIO)
    auth.login("fysio2@example.org")
    for action in ("confirm-seen", "pause-again"):
        response = post_form(client, f"/safety/checks/{check_id}/{action}", {}, page="/physio/")
        assert response.status_code == 404, action
    fresh(db)
    assert db.get(Screening, check_id).resolved_at is None


# --- checks stored before the routes ------------------------------------------------------------


def test_a_check_stored_with_the_old_questions_still_shows(client, auth, patient, db, clock):
    db.add(
        Screening(
            patient_id=patient.id,
            trigger="registration",
            answers={"recent_back_surgery": True, "leg_weakness_or_numbness": False},
            age_band="20_40",
            outcome="urgent",
            reasons=["recent_back_surgery"],
            route=None,
            created_at=clock(),
            resolved_at=clock(),
            resolution_note="seen_by_doctor",
        )
    )
    db.commit()
    auth.login("patient@example.org")
    fresh(db)
    check_id = db.scalar(select(Screening.id))
    detail = client.get(f"/safety/checks/{check_id}").get_data(as_text=True)
    assert "Have you had an operation on your back in the last few months?" in detail
    assert "Recent back surgery" in detail and "Confirmed on 25 Nov 2026" in detail
    assert "Call a doctor now" in detail  # the old single route has no route name
    assert client.get("/today").status_code == 200
