"""A per-side exercise in the session player: the dose on one side, "now the other side", again.

The physio adds bird-dog (5 per side) to the demo patient's running plan from today with the
change form; the patient's player counts 5, says to switch sides, and counts 5 more.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.support.browser import log_in
from webapp.services.ops.demo import DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser


def _ids(live_server) -> tuple[int, int]:
    """The demo patient's plan and the bird-dog exercise, read from the live database."""
    engine = create_engine(live_server.config["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            plan = conn.execute(
                text(
                    "SELECT plans.id FROM plans JOIN users ON users.id = plans.patient_id"
                    " WHERE users.email = :email AND plans.status = 'active'"
                ),
                {"email": DEMO_PATIENT},
            ).scalar_one()
            bird = conn.execute(
                text("SELECT id FROM exercises WHERE slug = 'bird-dog'")
            ).scalar_one()
    finally:
        engine.dispose()
    return plan, bird


def test_bird_dog_is_counted_per_side_after_the_physio_adds_it(browser, live_server):
    plan_id, bird_id = _ids(live_server)
    physio = browser.new_context(locale="en-GB", timezone_id="Europe/Amsterdam").new_page()
    log_in(physio, live_server, DEMO_PHYSIO)
    physio.goto(f"{live_server}/physio/plans/{plan_id}/edit")
    change = physio.locator("#change")
    change.locator("input[name=from_date]").fill(
        physio.evaluate("new Date().toLocaleDateString('sv-SE')")  # today, as YYYY-MM-DD
    )
    change.locator("select[name='add-0-exercise']").select_option(str(bird_id))
    change.locator("input[name='add-0-sets']").fill("1")
    change.locator("input[name='add-0-amount']").fill("5")
    change.locator("textarea[name=note]").fill("Erbij: de bird-dog, per kant.")
    change.locator("button[type=submit]").click()
    expect(physio.locator(".flash, [role=status], .notice").first).to_be_visible()
    physio.context.close()

    page = browser.new_context(locale="en-GB", timezone_id="Europe/Amsterdam").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, landing="/today")
    page.locator("button[name=locale][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".from-physio")).to_contain_text("Erbij: de bird-dog, per kant.")
    page.goto(f"{live_server}/session")
    for _ in range(3):
        page.get_by_role("button", name="Next").click()
    step = page.locator("li[data-step]:visible")
    expect(step.get_by_role("heading", level=2)).to_have_text("Bird-dog")
    side, count = step.locator(".session-side"), step.locator(".session-count")
    expect(side).to_have_text("Side 1 of 2")
    plus = step.get_by_role("button", name="Count one")
    for _ in range(5):
        plus.click()
    # Five on the first side is half the exercise: the player asks for the other side.
    expect(page.locator("[data-status]")).to_have_text("Now the other side.")
    expect(side).to_have_text("Side 2 of 2")
    expect(count).to_have_text("0 of 5")
    expect(step.locator(".session-done")).to_be_hidden()
    for _ in range(5):
        plus.click()
    expect(step.locator(".session-done")).to_be_visible()
    expect(side).to_be_hidden()
    page.get_by_role("button", name="Finish and log").click()
    label = page.locator("#log label", has_text="Bird-dog")
    expect(label).to_contain_text("per side")
    assert errors == []
    page.context.close()
