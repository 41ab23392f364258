"""The session player page as the server renders it (the list that works without JavaScript)."""

import re
from datetime import date

from markupsafe import escape

from tests.support.client import post_form
from webapp.services.library.catalogue import load_catalogue
from webapp.services.plans.plans import create_from_template


def amount_value(body: str, item_id: int) -> str:
    """The value the log form's amount field for a plan item is pre-filled with."""
    tag = re.search(rf'<input[^>]*\bid="amount_{item_id}"[^>]*>', body)
    assert tag, f"no amount field for item {item_id}"
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def test_session_lists_the_days_exercises_in_order_with_quotas(client, auth, plan):
    auth.login("patient@example.org")
    response = client.get("/session")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    steps = body[body.index('<ol class="session-steps">') : body.index('id="log"')]
    names = ["Wandelen", "Bekken kantelen", "Kat-koe"]
    assert [steps.index(f">{name}</h2>") for name in names] == sorted(
        steps.index(f">{name}</h2>") for name in names
    )
    assert steps.count("data-step") == 3
    assert "10 minuten" in steps
    assert "5 keer, elke keer 10 seconden vasthouden" in steps
    assert "2 × 10 keer" in steps
    for item in plan.items:
        first_step = item.exercise.text("nl")["steps"][0]
        assert str(escape(first_step)) in steps
    # What the player needs to count: unit, sets and quota per exercise.
    assert 'data-unit="minutes" data-sets="1"' in steps and 'data-quota="10"' in steps
    assert 'data-unit="hold" data-sets="5"' in steps
    assert 'data-unit="reps" data-sets="2"' in steps


def test_session_log_form_posts_to_the_log_and_is_pre_filled_with_the_quotas(client, auth, plan):
    auth.login("patient@example.org")
    body = client.get("/session").get_data(as_text=True)
    assert 'action="/today/log"' in body and 'name="csrf_token"' in body
    assert [amount_value(body, item.id) for item in plan.items] == ["10", "10", "10"]
    assert 'value="2026-11-25"' in body  # the day field: today
    assert 'src="/static/js/session.js"' in body and "css/session.css" in body


def test_the_posted_session_log_is_stored(client, auth, plan):
    auth.login("patient@example.org")
    walking, tilt, cat_camel = plan.items
    form = {
        "day": "2026-11-25",
        "status": "done",
        "pain": "2",
        f"amount_{walking.id}": "10",
        f"amount_{tilt.id}": "10",
        f"amount_{cat_camel.id}": "8",
    }
    response = post_form(client, "/today/log", form, page="/session")
    assert response.status_code == 302
    body = client.get("/session").get_data(as_text=True)
    assert amount_value(body, cat_camel.id) == "8"  # what was logged, not the quota


def test_session_in_english_for_an_english_patient(client, auth, plan, patient, db):
    patient.locale = "en"
    db.commit()
    auth.login("patient@example.org")
    body = client.get("/session").get_data(as_text=True)
    assert "Today&#39;s session" in body or "Today's session" in body
    assert "Pelvic tilt" in body and "5 times, hold 10 seconds each" in body
    # The player's words travel to the script translated, with its placeholders.
    assert "Exercise {num} of {total}" in body


def test_baseline_week_asks_to_measure_and_leaves_the_amounts_empty(
    app, client, auth, db, patient, clock
):
    with app.app_context():
        load_catalogue(db, app.config["CATALOGUE_DIR"])
        plan = create_from_template(
            db,
            patient=patient,
            author=patient,
            template_key="build_up",
            start_date=date(2026, 11, 25),
            now=clock(),
        )
    patient.locale = "en"
    db.commit()
    auth.login("patient@example.org")
    body = client.get("/session").get_data(as_text=True)
    assert body.count("Measure: as much as you can") == len(plan.items)
    assert body.count('data-quota=""') == len(plan.items)
    assert [amount_value(body, item.id) for item in plan.items] == [""] * len(plan.items)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/session")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_physio_may_not_open_the_player(client, auth, physio):
    auth.login("physio@example.org")
    assert client.get("/session").status_code == 403


def test_without_a_plan_the_patient_goes_to_the_today_page(client, auth, patient):
    auth.login("patient@example.org")
    response = client.get("/session")
    assert response.status_code == 302
    assert response.headers["Location"] == "/today"
    today = client.get("/today").get_data(as_text=True)
    assert "Nog geen plan" in today
    assert 'class="flash flash-info"' in today
