"""The physio's daily loop in a real browser: a partial day from the email link, a question,
the dashboard shows it first, the physio answers. Prints how long answering takes."""

import time

import pytest
from sqlalchemy import select

from tests.support.browser import log_in
from webapp.services.ops.demo import DEMO_PASSWORD, DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser

QUESTION = "Mag ik ook fietsen in plaats van wandelen?"
ANSWER = "Ja, fietsen mag ook. Houd dezelfde minuten aan als bij het wandelen."


def _log_link(live_server) -> str:
    """The "log it" link today's reminder would carry for Sanne."""
    from webapp import create_app
    from webapp.clock import utcnow
    from webapp.db import new_session
    from webapp.domain.schedule import local_date
    from webapp.models import Plan
    from webapp.services.accounts.users import find_user
    from webapp.services.plans.plans import user_zone
    from webapp.services.reminders.tokens import log_token
    from webapp.wiring import secret

    app = create_app(dict(live_server.config))
    now = utcnow()
    with app.app_context(), new_session(app) as db:
        patient = find_user(db, DEMO_PATIENT)
        plan = db.scalar(select(Plan).where(Plan.patient_id == patient.id))
        token = log_token(secret(), patient.id, plan.id, local_date(now, user_zone(patient)), now)
    app.extensions["rugcoach.engine"].dispose()
    return f"{live_server}/log/{token}?status=partial"


def test_a_question_reaches_the_top_of_the_dashboard_and_is_answered(browser, live_server):
    patient = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam").new_page()
    # The reminder's "part of it" link, opened from the mail client without logging in.
    patient.goto(_log_link(live_server))
    assert patient.get_by_label("Een deel", exact=True).is_checked()
    patient.locator("label[for=pain-4]").click()
    patient.get_by_role("button", name="Opslaan").click()
    patient.wait_for_load_state()
    assert patient.get_by_role("heading", level=1).inner_text() == "Opgeslagen"
    # Opening the link again shows the log and writes nothing.
    patient.goto(_log_link(live_server))
    assert patient.get_by_role("heading", level=1).inner_text() == "Al ingevuld"
    assert "4 van 10" in patient.locator(".logged-state").inner_text()

    log_in(patient, live_server, DEMO_PATIENT, DEMO_PASSWORD)
    patient.goto(f"{live_server}/messages")
    patient.get_by_label("Schrijf uw fysiotherapeut").fill(QUESTION)
    patient.get_by_role("button", name="Versturen").click()
    patient.wait_for_load_state()

    physio = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1440, "height": 900}
    ).new_page()
    log_in(physio, live_server, DEMO_PHYSIO, DEMO_PASSWORD, landing="/physio/")
    # On a desktop the data table uses the room: it is not capped at about 900 pixels.
    assert physio.locator("table.dashboard").bounding_box()["width"] > 1200
    first_row = physio.locator("table.dashboard tbody tr").first
    assert "Sanne" in first_row.locator("th").inner_text()
    assert "1 ongelezen bericht" in first_row.inner_text()
    assert "heeft niemand aandacht nodig" not in physio.locator(".attention-summary").inner_text()

    # From the dashboard to a sent answer: the clicks and the seconds a physio needs.
    started, clicks = time.monotonic(), 0
    first_row.get_by_role("link", name="ongelezen bericht").click()
    clicks += 1
    physio.wait_for_load_state()
    assert QUESTION in physio.locator(".thread-list").inner_text()
    physio.locator("textarea[name=body]").fill(ANSWER)
    physio.get_by_role("button", name="Versturen").click()
    clicks += 1
    physio.wait_for_load_state()
    seconds = time.monotonic() - started
    print(f"\nanswering a question from the dashboard: {clicks} clicks, {seconds:.1f} s")

    physio.goto(f"{live_server}/physio/")
    assert "ongelezen bericht," not in physio.locator("table.dashboard tbody").inner_text()
    patient.goto(f"{live_server}/messages")
    assert ANSWER in patient.locator(".thread-list").inner_text()
