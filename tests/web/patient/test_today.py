"""The patient's today page: exercises with dose and video, and the session log."""

import pytest
from sqlalchemy import select

from tests.support.client import csrf_token, post_form
from webapp.models import SessionLog, SessionStatus, Video, VideoSource, VideoStatus

LOG = {"day": "2026-11-25", "status": "done", "pain": "3", "note": "Ging goed"}


def test_today_lists_exercises_as_cards_opening_the_player(
    client, auth, plan, db, clock, exercises
):
    db.add(
        Video(
            exercise_id=exercises[1].id,
            source=VideoSource.CATALOGUE,
            status=VideoStatus.READY,
            content_hash="a" * 64,
            mp4_file="pt-a.mp4",
            poster_file="pt-a.jpg",
            captions={},
            transcript={},
            created_at=clock(),
            updated_at=clock(),
        )
    )
    db.commit()
    auth.login("patient@example.org")
    body = client.get("/today").get_data(as_text=True)
    assert "Wandelen" in body and "Bekken kantelen" in body and "Kat-koe" in body
    assert "10 minuten" in body
    assert "5 keer, elke keer 10 seconden vasthouden" in body
    # Compact cards: a poster where there is one, each opening the player at its exercise;
    # the videos play in the session player, not three at once on this page.
    assert "<video" not in body
    assert body.count('class="exercise-poster"') == 1 and "/pt-a.jpg" in body
    assert body.count('class="exercise-poster poster-missing"') == 2
    for step in (1, 2, 3):
        assert f'class="exercise-open" href="/session#step-{step}"' in body
    assert "Klaar? Vul in hoe het ging" in body


def test_today_in_english_for_an_english_patient(client, auth, plan, patient, db):
    patient.locale = "en"
    db.commit()
    auth.login("patient@example.org")
    body = client.get("/today").get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "Walking" in body and "10 minutes" in body


def test_marking_done_is_stored_and_shown_on_reload(client, auth, plan, db):
    auth.login("patient@example.org")
    response = post_form(client, "/today/log", LOG, page="/today")
    assert response.status_code == 302
    log = db.scalar(select(SessionLog))
    assert (log.status, log.pain, log.note) == (SessionStatus.DONE, 3, "Ging goed")
    assert str(log.local_date) == "2026-11-25"
    body = client.get("/today").get_data(as_text=True)
    assert "Ingevuld: gedaan" in body
    assert "pijn 3 van de 10" in body
    assert '<input checked id="pain-3"' in body


def test_logging_again_the_same_day_replaces_the_log(client, auth, plan, db):
    auth.login("patient@example.org")
    post_form(client, "/today/log", LOG, page="/today")
    post_form(client, "/today/log", dict(LOG, status="partial", pain="6"), page="/today")
    logs = db.scalars(select(SessionLog)).all()
    assert len(logs) == 1
    assert (logs[0].status, logs[0].pain) == (SessionStatus.PARTIAL, 6)


def test_bad_log_values_get_a_message_and_400_and_store_nothing(client, auth, plan, db):
    auth.login("patient@example.org")
    for bad in (
        {"pain": "11"},
        {"pain": "-1"},
        {"pain": "veel"},
        {"status": "maybe"},
        {"note": "x" * 5000},
    ):
        response = post_form(client, "/today/log", dict(LOG, **bad), page="/today")
        assert response.status_code == 400, bad
        assert 'class="error"' in response.get_data(as_text=True)
    assert db.scalar(select(SessionLog)) is None


def test_bad_value_does_not_lose_an_earlier_log(client, auth, plan, db):
    auth.login("patient@example.org")
    post_form(client, "/today/log", LOG, page="/today")
    post_form(client, "/today/log", dict(LOG, pain="twelve"), page="/today")
    assert db.scalar(select(SessionLog)).pain == 3


def test_patient_without_plan_sees_advice_and_cannot_log(client, auth, patient):
    auth.login("patient@example.org")
    assert "Nog geen plan" in client.get("/today").get_data(as_text=True)
    token = csrf_token(client, "/today")
    response = client.post("/today/log", data=dict(LOG, csrf_token=token))
    assert response.status_code == 409


def test_anonymous_is_sent_to_login(client):
    response = client.get("/today")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-04", "0001-01-07", "9999-12-31"])
def test_a_day_at_the_ends_of_the_calendar_is_refused_with_a_message(client, auth, plan, db, day):
    auth.login("patient@example.org")
    response = post_form(client, "/today/log", dict(LOG, day=day), page="/today")
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert db.scalar(select(SessionLog)) is None


def test_done_today_says_its_unit(client, auth, plan, db):
    auth.login("patient@example.org")
    amounts = {f"amount_{item.id}": "10" for item in plan.items}
    assert post_form(client, "/today/log", dict(LOG, **amounts), page="/today").status_code == 302
    body = client.get("/today").get_data(as_text=True)
    assert "Vandaag gedaan: 10 minuten" in body  # walking
    assert "Vandaag gedaan: elke keer 10 seconden vastgehouden" in body  # pelvic tilt, holds
    assert "Vandaag gedaan: 10 keer per set" in body  # cat-camel, repetitions


def test_a_fraction_asks_for_a_whole_number(client, auth, plan, db):
    auth.login("patient@example.org")
    first = plan.items[0]
    response = post_form(
        client, "/today/log", dict(LOG, **{f"amount_{first.id}": "12,5"}), page="/today"
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Vul een heel getal in." in body and "Ongeldig getal" not in body
    assert db.scalar(select(SessionLog)) is None


def test_the_today_page_loads_the_plan_once(app, client, auth, plan, db):
    from sqlalchemy import event

    auth.login("patient@example.org")
    client.get("/today")  # the first view may close weeks; count a plain one
    statements = []
    engine = app.extensions["rugcoach.engine"]

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get("/today").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    plan_loads = [s for s in statements if s.lstrip().startswith("SELECT plans.id")]
    assert len(plan_loads) == 1, plan_loads
    # 16, and one for the plan's dated schedule changes (days and reminder time).
    assert len(statements) <= 17, statements


def test_an_invited_patient_without_plan_hears_their_physio_is_making_it(client, auth, patient):
    auth.login("patient@example.org")
    body = client.get("/today").get_data(as_text=True)
    assert "Fysio Jansen maakt uw oefenplan." in body
    assert "zelf een plan" not in body and 'href="/plan/new"' not in body


def test_a_patient_without_physio_may_start_a_plan_themselves(client, auth, patient, db):
    patient.physio_id = None
    db.commit()
    auth.login("patient@example.org")
    body = client.get("/today").get_data(as_text=True)
    assert "U kunt zelf een plan kiezen." in body and 'href="/plan/new"' in body


def test_a_future_date_is_refused_first_on_todays_page(client, auth, plan, db):
    import re

    auth.login("patient@example.org")
    response = post_form(client, "/today/log", dict(LOG, day="2026-12-25"), page="/today")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "U kunt geen dag invullen die nog moet komen." in body
    heading = re.search(r"<h1>(.*?)</h1>", body, re.S).group(1)
    assert "25 november" in heading and "december" not in heading
    assert "Vul eerst" not in body and body.count('class="error"') == 1
    assert db.scalar(select(SessionLog)) is None
