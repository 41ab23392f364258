"""The physio closes an episode after the patient's final scores; the summary and the FHIR
download follow, and the patient sees their own summary."""

import json

from sqlalchemy import select

from tests.support.client import post_form
from tests.support.fhir_checks import check_bundle
from tests.support.measures import profiled
from webapp.models import AuditEvent, Episode
from webapp.services.measures.moments import save_moment


def _page(patient) -> str:
    return f"/physio/patients/{patient.id}"


def _final_scores(db, patient, clock):
    now = clock()
    save_moment(
        db,
        patient=patient,
        pain=2,
        gpe="recovered",
        psk_scores={1: 1, 2: 3},
        today=now.date(),
        now=now,
    )
    db.commit()


def _close(client, patient, **form):
    data = {"reason": "goal_reached", **form}
    return post_form(client, f"{_page(patient)}/episode/close", data, page=_page(patient))


def test_a_close_without_the_final_scores_is_refused(db, patient, physio, clock, physio_in):
    profiled(db, patient, physio, clock)
    response = _close(physio_in, patient)
    assert response.status_code == 400
    assert "Ask the patient for the final scores first" in response.get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(Episode.closed_on)) is None


def test_asking_then_closing_then_the_summary_and_the_download(
    app, db, patient, physio, clock, physio_in, auth
):
    profiled(db, patient, physio, clock)
    asked = post_form(physio_in, f"{_page(patient)}/episode/closing", {}, page=_page(patient))
    assert asked.status_code == 302
    assert "Waiting for the patient" in physio_in.get(_page(patient)).get_data(as_text=True)
    clock.advance(days=30)
    auth.login("physio@example.org")  # a month on, the idle staff session has ended
    db.expire_all()
    _final_scores(db, patient, clock)
    assert _close(physio_in, patient, reason="cheese").status_code == 400
    response = _close(physio_in, patient, note="Doel bereikt")
    assert response.status_code == 302
    db.rollback()
    episode = db.scalar(select(Episode))
    assert episode.close_reason == "goal_reached" and episode.closed_on is not None
    summary = physio_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Responder: recovered or much improved." in summary
    assert "Change in pain since intake: +4 points" in summary
    download = physio_in.get(f"{_page(patient)}/episodes/{episode.id}/fhir.json")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    check_bundle(json.loads(download.data), patient.id, app.config["BASE_URL"])
    db.rollback()
    actions = set(db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == patient.id)))
    assert {
        "start_close_episode",
        "close_episode",
        "view_episode_summary",
        "export_fhir",
    } <= actions


def test_the_patient_sees_their_own_summary(db, patient, physio, clock, client, auth, english):
    profiled(db, patient, physio, clock)
    auth.login("patient@example.org")
    body = client.get("/my-treatment").get_data(as_text=True)
    assert "Treatment summary" in body and "Sokken aantrekken" in body


def test_the_summary_gives_the_plans_adherence_in_full_sessions(
    db, patient, physio, clock, client, auth, english, plan
):
    profiled(db, patient, physio, clock)
    clock.advance(days=3)
    auth.login("patient@example.org")
    body = client.get("/my-treatment").get_data(as_text=True)
    assert "planned" in body and "in full)" in body


def test_another_physio_cannot_close_or_download(
    db, patient, physio, clock, client, auth, other_physio
):
    profiled(db, patient, physio, clock)
    auth.login("other.physio@example.org")
    assert client.get(f"{_page(patient)}/fhir.json").status_code == 404
    closing = post_form(client, f"{_page(patient)}/episode/closing", {}, page="/physio/")
    assert closing.status_code == 404
    db.rollback()
    assert db.scalar(select(Episode.closing_since)) is None
