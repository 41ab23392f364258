"""The intake screen: asked on the today page before anything else, answered once."""

from sqlalchemy import func, select

from tests.support.client import post_form
from tests.support.measures import CALM, WORRIED, intake_form
from webapp.models import Episode


def test_today_asks_the_intake_questions_first(client, auth, patient, english):
    auth.login("patient@example.org")
    body = client.get("/today").get_data(as_text=True)
    assert "Before you start: a few questions" in body and 'href="/intake"' in body


def test_the_intake_page_asks_the_24_hour_pain_and_our_own_questions(
    client, auth, patient, english
):
    auth.login("patient@example.org")
    body = client.get("/intake").get_data(as_text=True)
    assert "Your average pain over the last 24 hours" in body
    assert "Are you afraid that moving could harm your back?" in body
    assert "I have no paid work" in body


def test_answering_stores_the_episode_and_the_question_goes_away(
    client, auth, patient, db, english
):
    auth.login("patient@example.org")
    response = post_form(client, "/intake", intake_form(WORRIED, pain=6))
    assert response.status_code == 302
    episode = db.scalar(select(Episode))
    assert episode.proposed_profile == "raised"
    assert "Before you start" not in client.get("/today").get_data(as_text=True)
    assert client.get("/intake").status_code == 302


def test_an_unanswered_question_gets_a_message_and_stores_nothing(
    client, auth, patient, db, english
):
    auth.login("patient@example.org")
    fields = intake_form(CALM)
    del fields["heavy_work"]
    response = post_form(client, "/intake", fields)
    assert response.status_code == 400
    assert "Choose an answer." in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Episode)) == 0


def test_a_pain_score_out_of_range_is_refused(client, auth, patient, db, english):
    auth.login("patient@example.org")
    response = post_form(client, "/intake", intake_form(CALM, pain=12))
    assert response.status_code == 400
    assert db.scalar(select(func.count()).select_from(Episode)) == 0


def test_physios_cannot_open_the_intake(client, auth, physio):
    auth.login("physio@example.org")
    assert client.get("/intake").status_code == 403


def test_the_plan_choice_asks_the_intake_first(client, auth, patient, english):
    auth.login("patient@example.org")
    body = client.get("/plan/new").get_data(as_text=True)
    assert body.index("Before you start: a few questions") < body.index("Stay active")
