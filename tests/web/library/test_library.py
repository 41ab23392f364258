"""Library and exercise pages: cards, filters, texts in your language, private exercises."""

import pytest

from tests.support.client import post_form
from webapp.models import Role, Video, VideoSource, VideoStatus
from webapp.services.library.exercises import create_custom_exercise


@pytest.fixture
def signed_in(client, auth, patient, exercises):
    auth.login("patient@example.org")
    return client


def test_library_lists_every_exercise_as_a_card(signed_in):
    body = signed_in.get("/exercises").get_data(as_text=True)
    assert body.count('class="card exercise-card"') >= 12
    assert "Bekken kantelen" in body and "Zijplank" in body


def test_library_filters_by_position_and_kind_without_javascript(signed_in):
    body = signed_in.get("/exercises?position=hands-knees").get_data(as_text=True)
    assert "Kat-koe" in body and "Bekken kantelen" not in body
    body = signed_in.get("/exercises?category=activity").get_data(as_text=True)
    assert "Wandelen" in body and "Fietsen" in body and "Kat-koe" not in body
    body = signed_in.get("/exercises?position=supine&category=stability").get_data(as_text=True)
    assert "Arm en been strekken in rugligging (dead bug)" in body and "Wandelen" not in body


def test_unknown_filter_value_is_400_with_a_message(signed_in):
    response = signed_in.get("/exercises?position=upside-down")
    assert response.status_code == 400
    assert "Kies een houding uit de lijst" in response.get_data(as_text=True)


def test_exercise_page_shows_steps_dose_and_when_to_stop(signed_in):
    body = signed_in.get("/exercises/pelvic-tilt").get_data(as_text=True)
    assert "<h1>Bekken kantelen</h1>" in body
    assert "Adem uit en duw uw onderrug zacht tegen de grond" in body
    assert "5 keer, elke keer 10 seconden vasthouden" in body
    assert "<li>Pijn die verder uw been in trekt, of nieuwe pijn in uw been</li>" in body
    assert "plassen of ontlasting: bel meteen uw huisarts</li>" in body


def test_exercise_page_in_english(signed_in, patient, db):
    patient.locale = "en"
    db.commit()
    body = signed_in.get("/exercises/bird-dog").get_data(as_text=True)
    assert "per side" in body and "How to do it" in body


def test_player_offers_both_sources_and_caption_tracks_in_the_users_language(
    signed_in, db, clock, exercises
):
    video = Video(
        exercise_id=exercises[1].id,
        source=VideoSource.CATALOGUE,
        status=VideoStatus.READY,
        content_hash="f" * 64,
        mp4_file="p-f.mp4",
        webm_file="p-f.webm",
        poster_file="p-f.jpg",
        captions={"nl": "p-f.nl.vtt", "en": "p-f.en.vtt"},
        transcript={"nl": [[0.0, 2.0, "Adem in"]], "en": [[0.0, 2.0, "Breathe in"]]},
        duration=12.0,
        created_at=clock(),
        updated_at=clock(),
    )
    db.add(video)
    db.commit()
    body = signed_in.get("/exercises/pelvic-tilt").get_data(as_text=True)
    assert 'src="/static/videos/p-f.mp4" type="video/mp4"' in body
    assert 'src="/static/videos/p-f.webm" type="video/webm"' in body
    assert 'srclang="nl" label="Nederlands"' in body
    assert 'src="/static/videos/p-f.nl.vtt" default>' in body
    assert 'src="/static/videos/p-f.en.vtt">' in body
    assert "Adem in" in body  # the transcript for screen readers
    assert "data-loop" in body and "data-speed" in body


def test_unknown_exercise_is_404(signed_in):
    assert signed_in.get("/exercises/flying").status_code == 404


def test_library_needs_login(client):
    assert client.get("/exercises").status_code == 302


def test_custom_exercise_is_visible_only_to_its_physio_and_their_patients(
    app, client, auth, db, physio, patient, exercises, make_user
):
    with app.app_context():
        own = create_custom_exercise(
            db,
            physio=physio,
            name_nl="Trap op lopen",
            name_en="Stair walking",
            unit="minutes",
            position="standing",
            category="activity",
            sets=1,
            amount=5,
            steps_nl=["Loop rustig de trap op.", "Houd de leuning vast."],
        )
    db.commit()
    make_user("other.physio@example.org", Role.PHYSIO)
    make_user("stranger@example.org")
    for email, status in [
        ("patient@example.org", 200),
        ("physio@example.org", 200),
        ("stranger@example.org", 404),
        ("other.physio@example.org", 404),
    ]:
        auth.login(email)
        assert client.get(f"/exercises/{own.slug}").status_code == status, email
        listed = "Trap op lopen" in client.get("/exercises").get_data(as_text=True)
        assert listed == (status == 200), email
        post_form(client, "/logout", {}, page="/exercises")


def test_when_to_stop_shows_an_old_single_text_and_the_general_list_for_none(signed_in, db):
    from sqlalchemy import select

    from webapp.models import Exercise

    tilt = db.scalar(select(Exercise).where(Exercise.slug == "pelvic-tilt"))
    tilt.texts = {**tilt.texts, "nl": {**tilt.texts["nl"], "stop": "Stop bij pijn in uw been."}}
    db.commit()
    body = signed_in.get("/exercises/pelvic-tilt").get_data(as_text=True)
    assert "<li>Stop bij pijn in uw been.</li>" in body
    tilt.texts = {**tilt.texts, "nl": {**tilt.texts["nl"], "stop": []}}
    db.commit()
    body = signed_in.get("/exercises/pelvic-tilt").get_data(as_text=True)
    assert "<li>Pijn die tijdens de oefening steeds erger wordt</li>" in body
