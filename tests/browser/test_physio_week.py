"""The physio's week in Chromium, the parts about plans: assign, log, change mid-week.

The physio assigns the build-up template to Sanne (from six days ago, so she can log the
days since), Sanne logs three measured days; then the physio changes Daan's running build-up
mid-week: a lower goal, where the preview shows that no week drops, and other training days
with a note, which Daan reads on his today page. Daan is the demo patient whose build-up
runs (a template build-up first has its measuring week). The clicks and seconds a physio
needs are printed, not asserted: they are figures for the product, not rules.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.support.browser import log_in
from webapp.services.ops.demo import DEMO_BUILDER, DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser
NOTE = "Minder ver, maar vaker: nu ook op dinsdag."


def _user_id(live_server, email: str) -> int:
    engine = create_engine(live_server.config["DATABASE_URL"])
    try:
        with engine.connect() as conn:
            return conn.execute(
                text("SELECT id FROM users WHERE email = :email"), {"email": email}
            ).scalar_one()
    finally:
        engine.dispose()


class Stopwatch:
    """Counts a physio's clicks and the seconds from the first to the last."""

    def __init__(self) -> None:
        self.clicks, self.started = 0, time.monotonic()

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def report(self, what: str) -> None:
        print(f"\n{what}: {self.clicks} clicks, {time.monotonic() - self.started:.1f} s")


def _english(page) -> None:
    page.locator("button[name=locale][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_physio_assigns_and_changes_a_plan_mid_week(browser, live_server):
    errors: list[str] = []
    physio = browser.new_context(locale="en-GB", timezone_id="Europe/Amsterdam").new_page()
    physio.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(physio, live_server, DEMO_PHYSIO)
    _english(physio)
    sanne, daan = _user_id(live_server, DEMO_PATIENT), _user_id(live_server, DEMO_BUILDER)
    today = date.fromisoformat(physio.evaluate("new Date().toLocaleDateString('sv-SE')"))

    # Assign the build-up template, replacing Sanne's plan, from six days ago.
    physio.goto(f"{live_server}/physio/patients/{sanne}")
    watch = Stopwatch()
    watch.click(physio.get_by_role("link", name="Assign a new plan"))
    physio.locator("#start_date").fill((today - timedelta(days=6)).isoformat())
    watch.click(physio.locator("label[for=end_current]"))
    watch.click(physio.locator("button[name=template][value=build_up]"))
    expect(physio.locator("main")).to_contain_text("The plan is saved.")
    watch.report("Assign from a template")

    # Sanne logs three measured days of her starting week.
    patient = browser.new_context(locale="en-GB", timezone_id="Europe/Amsterdam").new_page()
    patient.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(patient, live_server, landing="/today")
    _english(patient)
    for back in (6, 4, 2):
        form = patient.locator("form.log-form")
        form.locator("input[name=day]").fill((today - timedelta(days=back)).isoformat())
        amounts = form.locator("input.amount-input")
        for i in range(amounts.count()):
            amounts.nth(i).fill(str(10 + back))
        form.locator("input[name=status][value=done]").check()
        form.locator("label[for=pain-3]").click()
        form.locator("button[type=submit]").last.click()
        patient.wait_for_url(f"{live_server}/today*")
    expect(patient.locator("main")).to_contain_text("Your starting week is done")

    # Mid-week, Daan's running build-up gets a lower goal: the preview shows no drop.
    physio.goto(f"{live_server}/physio/patients/{daan}")
    watch = Stopwatch()
    watch.click(physio.get_by_role("link", name="Change the plan"))
    ramp = physio.locator("form.ramp-form").first
    this_week = int(ramp.locator("input[name=q0]").input_value())
    ramp.locator("input[name=goal]").fill(str(this_week + 8))
    watch.click(ramp.get_by_role("button", name="Preview the change"))
    main = physio.locator("main")
    expect(main).to_contain_text("No week is lower than the week before it.")
    expect(main).not_to_contain_text("drops from")
    ramp = physio.locator("form.ramp-form").first
    ramp.locator("textarea[name=note]").fill(NOTE)
    watch.click(ramp.get_by_role("button", name="Save from next week"))
    expect(main).to_contain_text("Saved. The new build-up starts in week")
    watch.report("Change a running plan's dose (a build-up's goal)")

    # ... and other training days from tomorrow, with a note.
    change = physio.locator("#change")
    watch = Stopwatch()
    watch.click(change.locator("label[for='change-weekdays-1']"))  # add Tuesday
    change.locator("textarea[name=note]").fill(NOTE)
    watch.click(change.get_by_role("button", name="Save the change"))
    expect(main).to_contain_text("Saved. The plan changes from")
    watch.report("Change the training days")

    # Daan reads both changes and the note on his today page.
    daan_page = browser.new_context(locale="en-GB", timezone_id="Europe/Amsterdam").new_page()
    daan_page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(daan_page, live_server, DEMO_BUILDER, landing="/today")
    _english(daan_page)
    changes = daan_page.locator(".from-physio")
    expect(changes).to_contain_text("changed the build-up of Walking")
    expect(changes).to_contain_text("Your exercise days are now: Monday, Tuesday, Wednesday")
    expect(changes).to_contain_text(NOTE)
    assert errors == []
    for page in (physio, patient, daan_page):
        page.context.close()
