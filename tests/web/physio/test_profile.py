"""The physio sees the intake answers grouped, sets the profile in one click, and is suggested
the matching template."""

from sqlalchemy import select

from tests.support.client import post_form
from tests.support.measures import WORRIED, answered_intake
from webapp.models import AuditEvent, Episode


def _page(patient) -> str:
    return f"/physio/patients/{patient.id}"


def test_the_patient_page_groups_the_answers_and_shows_the_proposal(db, patient, clock, physio_in):
    answered_intake(db, patient, clock, WORRIED)
    body = physio_in.get(_page(patient)).get_data(as_text=True)
    for group in ("Back-related", "Patient-related", "Psychosocial", "Work-related"):
        assert f"<h3>{group}</h3>" in body
    assert "Raised risk of persistent complaints" in body
    assert "Not set yet" in body


def test_without_an_intake_the_page_says_so(patient, physio_in):
    body = physio_in.get(_page(patient)).get_data(as_text=True)
    assert "The patient has not answered the intake questions yet." in body


def test_one_click_sets_the_profile_beside_the_proposal_and_is_audited(
    db, patient, clock, physio_in
):
    answered_intake(db, patient, clock, WORRIED)
    response = post_form(
        physio_in,
        f"{_page(patient)}/profile",
        {"profile": "low", "note": "Stress is voorbij"},
        page=_page(patient),
    )
    assert response.status_code == 302
    db.rollback()
    episode = db.scalar(select(Episode))
    assert (episode.proposed_profile, episode.profile) == ("raised", "low")
    assert episode.profile_note == "Stress is voorbij"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "set_profile")) is not None
    body = physio_in.get(_page(patient)).get_data(as_text=True)
    assert "Suggested plan: stay active" in body


def test_the_assign_page_marks_the_suggested_template(db, patient, physio, clock, physio_in):
    answered_intake(db, patient, clock, WORRIED)
    post_form(physio_in, f"{_page(patient)}/profile", {"profile": "raised"}, page=_page(patient))
    body = physio_in.get(f"{_page(patient)}/plan/new").get_data(as_text=True)
    card = body.split("Suggested by the treatment profile")[0].rsplit("<h3>", 1)[1]
    assert card.startswith("Build up")


def test_a_profile_that_is_not_offered_is_refused(db, patient, clock, physio_in):
    answered_intake(db, patient, clock, WORRIED)
    response = post_form(
        physio_in, f"{_page(patient)}/profile", {"profile": "medium"}, page=_page(patient)
    )
    assert response.status_code == 400
    assert "Choose low or raised risk." in response.get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(Episode.profile)) is None


def test_another_physios_patient_is_a_404(db, patient, clock, client, auth, other_physio):
    answered_intake(db, patient, clock, WORRIED)
    auth.login("other.physio@example.org")
    response = post_form(client, f"{_page(patient)}/profile", {"profile": "low"}, page="/physio/")
    assert response.status_code == 404
    db.rollback()
    assert db.scalar(select(Episode.profile)) is None
