"""The physio's week in Chromium, as one journey: assign, log, ask, answer, change mid-week.

The physio assigns the build-up template to Sanne (from six days ago, so she can log the
days since); Sanne logs three measured days, today's in part from the reminder's link, and
asks a question; the physio's dashboard (1440x900) shows her first, the physio answers, then
changes Daan's running build-up mid-week: another goal, where the preview shows that no week
drops, and other training days from next Monday with a note, which Daan reads on his today
page. Daan is the demo patient whose build-up runs (a template build-up first has its
measuring week). The clicks and seconds a physio needs are printed, not asserted: they are
figures for the product, not rules.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select, text

from tests.support.browser import log_in
from webapp.services.ops.demo import DEMO_BUILDER, DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser
NOTE = "Minder ver, maar vaker: nu ook op dinsdag."
QUESTION = "Mag ik ook fietsen in plaats van wandelen?"
ANSWER = "Ja, fietsen mag ook. Houd dezelfde minuten aan als bij het wandelen."


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


def _log_link(live_server) -> str:
    """The "part of it" link today's reminder would carry for Sanne's active plan."""
    from webapp import create_app
    from webapp.clock import utcnow
    from webapp.db import new_session
    from webapp.domain.schedule import local_date
    from webapp.models import Plan, PlanStatus
    from webapp.services.accounts.users import find_user
    from webapp.services.plans.plans import user_zone
    from webapp.services.reminders.tokens import log_token
    from webapp.wiring import secret

    app = create_app(dict(live_server.config))
    now = utcnow()
    with app.app_context(), new_session(app) as db:
        patient = find_user(db, DEMO_PATIENT)
        plan = db.scalar(
            select(Plan).where(Plan.patient_id == patient.id, Plan.status == PlanStatus.ACTIVE)
        )
        token = log_token(secret(), patient.id, plan.id, local_date(now, user_zone(patient)), now)
    app.extensions["rugcoach.engine"].dispose()
    return f"{live_server}/log/{token}?status=partial"


def _page(browser, errors: list[str], locale: str = "en-GB", **options):
    page = browser.new_context(locale=locale, timezone_id="Europe/Amsterdam", **options).new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def test_the_physios_week_from_assigning_a_plan_to_changing_it_mid_week(browser, live_server):
    errors: list[str] = []
    physio = _page(browser, errors, viewport={"width": 1440, "height": 900})
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

    # Today in part, from the reminder's link, without logging in; the link again writes nothing.
    patient = _page(browser, errors, locale="nl-NL")
    patient.goto(_log_link(live_server))
    expect(patient.get_by_label("Een deel", exact=True)).to_be_checked()
    patient.locator("label[for=pain-4]").click()
    patient.get_by_role("button", name="Opslaan").click()
    expect(patient.get_by_role("heading", level=1)).to_have_text("Opgeslagen")
    patient.goto(_log_link(live_server))
    expect(patient.get_by_role("heading", level=1)).to_have_text("Al ingevuld")
    expect(patient.locator(".logged-state")).to_contain_text("4 van 10")

    # Two more measured days of her starting week, from the today page.
    log_in(patient, live_server, landing="/today")
    for back in (6, 4):
        form = patient.locator("form.log-form")
        form.locator("input[name=day]").fill((today - timedelta(days=back)).isoformat())
        amounts = form.locator("input.amount-input")
        for i in range(amounts.count()):
            amounts.nth(i).fill(str(10 + back))
        form.locator("input[name=status][value=done]").check()
        form.locator("label[for=pain-3]").click()
        form.locator("button[type=submit]").last.click()
        patient.wait_for_url(f"{live_server}/today*")
    expect(patient.locator("main")).to_contain_text("Uw startweek is klaar")

    # Sanne asks a question.
    patient.goto(f"{live_server}/messages")
    patient.get_by_label("Schrijf uw fysiotherapeut").fill(QUESTION)
    patient.get_by_role("button", name="Versturen").click()
    patient.wait_for_load_state()

    # The dashboard shows her question first, and uses the width of a desktop.
    physio.goto(f"{live_server}/physio/")
    assert physio.locator("table.dashboard").bounding_box()["width"] > 1200
    first_row = physio.locator("table.dashboard tbody tr").first
    expect(first_row.locator("th")).to_contain_text("Sanne")
    expect(first_row).to_contain_text("1 unread message")

    # From the dashboard to a sent answer.
    watch = Stopwatch()
    watch.click(first_row.get_by_role("link", name="unread message"))
    expect(physio.locator(".thread-list")).to_contain_text(QUESTION)
    physio.locator("textarea[name=body]").fill(ANSWER)
    watch.click(physio.get_by_role("button", name="Send"))
    physio.wait_for_load_state()
    watch.report("Answer a question from the dashboard")
    physio.goto(f"{live_server}/physio/")
    expect(physio.locator("table.dashboard tbody")).not_to_contain_text("unread message,")
    patient.goto(f"{live_server}/messages")
    expect(patient.locator(".thread-list")).to_contain_text(ANSWER)

    # Mid-week, Daan's running build-up gets another goal: the preview shows no drop.
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

    # ... and other training days from next Monday, with a note.
    monday = today + timedelta(days=7 - today.weekday())
    change = physio.locator("#change")
    watch = Stopwatch()
    change.locator("input[name=from_date]").fill(monday.isoformat())
    watch.click(change.locator("label[for='change-weekdays-1']"))  # add Tuesday
    change.locator("textarea[name=note]").fill(NOTE)
    watch.click(change.get_by_role("button", name="Save the change"))
    expect(main).to_contain_text("Saved. The plan changes from")
    watch.report("Change the training days from a date")

    # Daan reads both changes, the coming days and the note on his today page.
    daan_page = _page(browser, errors)
    log_in(daan_page, live_server, DEMO_BUILDER, landing="/today")
    _english(daan_page)
    changes = daan_page.locator(".from-physio")
    expect(changes).to_contain_text("changed the build-up of Walking")
    expect(changes).to_contain_text(NOTE)
    coming = daan_page.locator(".coming-change")
    expect(coming).to_contain_text(f"From Monday {monday.day} {monday:%B}: Mon, Tue")
    expect(coming).to_contain_text(NOTE)
    assert errors == []
    for page in (physio, patient, daan_page):
        page.context.close()
