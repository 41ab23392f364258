"""An urgent red-flag answer in a browser: the call-now page by route (112 first for a possible
burst aneurysm with fainting, else the GP today), a paused plan, a flagged physio."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import create_engine, text

from tests.support.browser import log_in
from webapp.domain.safety import QUESTIONS
from webapp.services.ops.demo import DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser


def _dutch(live_server, tmp_path, *texts) -> list[str]:
    """Texts as the Dutch pages show them (whatever the catalogue holds at the moment)."""
    from flask_babel import gettext

    from webapp import create_app
    from webapp.physio.routes import LABELS

    app = create_app(dict(live_server.config, INSTANCE_PATH=str(tmp_path / "instance-nl")))
    try:
        with app.test_request_context(), force_locale("nl"):
            return [str(LABELS["reason"]["red_flag"])] + [gettext(t) for t in texts]
    finally:
        app.extensions["rugcoach.engine"].dispose()


def _sql(live_server, statement: str, **params):
    """Run one statement on the live server's database."""
    engine = create_engine(live_server.config["DATABASE_URL"])
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return result.all() if result.returns_rows else []
    finally:
        engine.dispose()


def test_an_urgent_answer_stops_the_exercises_and_warns_the_physio(
    page, browser, live_server, tmp_path
):
    red_flag, call_now = _dutch(
        live_server,
        tmp_path,
        "Call your GP now. In the evening, at night and at the weekend, call the "
        "huisartsenpost. Only call 112 if it is life-threatening.",
    )
    _sql(
        live_server,
        "UPDATE users SET safety_check_due = :due WHERE email = :email",
        due=True,
        email=DEMO_PATIENT,
    )

    log_in(page, live_server, DEMO_PATIENT)
    page.wait_for_url(f"{live_server}/safety/check?next=/today")
    for key in QUESTIONS:
        answer = "yes" if key == "bladder_or_bowel" else "no"
        page.locator(f"input[name={key}][value={answer}]").check()
    page.locator("input[name=age_band][value='40_50']").check()
    page.locator("form.safety-form button[type=submit]").click()

    page.wait_for_url(f"{live_server}/safety/urgent")
    assert page.locator(".urgent-page h1").is_visible()
    assert call_now in page.locator(".urgent-call").inner_text()
    assert page.locator(".urgent-page a[href='tel:112']").is_visible()
    statuses = _sql(
        live_server,
        "SELECT plans.status FROM plans JOIN users ON users.id = plans.patient_id"
        " WHERE users.email = :email",
        email=DEMO_PATIENT,
    )
    assert [row[0] for row in statuses] == ["paused"]

    # The exercises stay behind the urgent page until a doctor has seen the patient.
    page.goto(f"{live_server}/today")
    page.wait_for_url(f"{live_server}/safety/urgent")
    page.screenshot(path=str(tmp_path / "urgent.png"), full_page=True)

    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    physio = context.new_page()
    try:
        log_in(physio, live_server, DEMO_PHYSIO)
        physio.wait_for_url(f"{live_server}/physio/")
        row = physio.locator("tr.urgent", has_text="Sanne de Vries")
        assert red_flag in row.locator(".reason-urgent").all_inner_texts()
    finally:
        context.close()


def test_a_possible_burst_aneurysm_with_fainting_says_call_112_first(page, live_server, tmp_path):
    call_112, faint_question = _dutch(
        live_server,
        tmp_path,
        "Call 112 now",
        "Did you faint or nearly faint? Or are you pale, sweaty or clammy, or do you feel very "
        "unwell?",
    )[1:]
    _sql(
        live_server,
        "UPDATE users SET safety_check_due = :due WHERE email = :email",
        due=True,
        email=DEMO_PATIENT,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, DEMO_PATIENT)
    page.wait_for_url(f"{live_server}/safety/check?next=/today")
    follow_up = page.locator("fieldset[data-follow-up]", has_text=faint_question)
    assert follow_up.is_hidden()  # asked only after a yes to an aneurysm question
    for key in QUESTIONS:
        answer = "yes" if key == "known_aneurysm" else "no"
        page.locator(f"input[name={key}][value={answer}]").check()
    assert follow_up.is_visible()
    page.locator("input[name=circulation_signs][value=yes]").check()
    page.locator("input[name=age_band][value='over_50']").check()
    page.locator("form.safety-form button[type=submit]").click()

    page.wait_for_url(f"{live_server}/safety/urgent")
    assert page.locator(".urgent-page h1").inner_text() == call_112
    call = page.locator(".urgent-page a[href='tel:112']").first
    assert call.is_visible()
    box = call.bounding_box()
    assert box["y"] + box["height"] <= 844  # the call button is on the first screen
    page.screenshot(path=str(tmp_path / "urgent-112.png"), full_page=True)
    statuses = _sql(
        live_server,
        "SELECT plans.status FROM plans JOIN users ON users.id = plans.patient_id"
        " WHERE users.email = :email",
        email=DEMO_PATIENT,
    )
    assert [row[0] for row in statuses] == ["paused"]
