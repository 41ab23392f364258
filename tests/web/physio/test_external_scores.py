"""Scores measured elsewhere: the physio records a total with its name and date, never items."""

from sqlalchemy import func, select

from tests.support.client import post_form
from tests.support.measures import profiled
from webapp.models import ExternalScore


def _post(client, patient, **fields):
    page = f"/physio/patients/{patient.id}"
    data = {"instrument": "start_back", "total": "6", "subscale": "3", "measured_on": "2026-11-20"}
    data.update(fields)
    return post_form(client, f"{page}/scores", data, page=page)


def _count(db) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(ExternalScore))


def test_a_start_back_total_and_subscale_are_stored_and_shown(
    db, patient, physio, clock, physio_in
):
    profiled(db, patient, physio, clock)
    assert _post(physio_in, patient).status_code == 302
    body = physio_in.get(f"/physio/patients/{patient.id}").get_data(as_text=True)
    assert "STarT Back: 6 (psychosocial subscale 3)" in body


def test_bad_scores_get_a_message_and_store_nothing(db, patient, physio, clock, physio_in):
    profiled(db, patient, physio, clock)
    for fields in (
        {"total": "10"},  # STarT Back runs to 9
        {"subscale": ""},
        {"instrument": "odi", "total": "40", "subscale": "3"},
        {"instrument": "rmdq", "total": "25", "subscale": ""},
        {"instrument": "sf36"},
        {"measured_on": "2030-01-01"},
        {"measured_on": "gisteren"},
    ):
        assert _post(physio_in, patient, **fields).status_code == 400, fields
    assert _count(db) == 0


def test_without_an_intake_there_is_no_episode_to_score(patient, physio_in, db):
    assert _post(physio_in, patient).status_code == 400
    assert _count(db) == 0
