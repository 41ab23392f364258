"""The session player in Chromium: follow the demo plan step by step, log it, see it again.

The player test runs in English (the footer's language switch, as a patient would), so its
texts are the message ids themselves; the no-JavaScript test runs in Dutch. Playwright's fake
clock fast-forwards the 10-minute walk, the 10-second holds and the 30-second rest.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.support.browser import log_in
from webapp.services.ops.demo import DEMO_PATIENT

pytestmark = pytest.mark.browser

# Records the cues the player gives: buzzes (where a phone would vibrate) and beeps.
RECORD_CUES = """
window.__cues = [];
window.__beeps = 0;
Object.defineProperty(navigator, "vibrate", {
  configurable: true,
  value: function (pattern) { window.__cues.push(pattern); return true; },
});
const createOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.__beeps += 1;
  return createOscillator.call(this);
};
"""


def log_in_as_patient(page: Page, live_server, english: bool = True) -> None:
    """Log in as the demo patient through the form, then switch to English if asked."""
    log_in(page, live_server, landing="/today")
    if english:
        page.locator("button[name=locale][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


def step(page: Page):
    """The exercise the player shows now."""
    return page.locator("li[data-step]:visible")


def progress_rows(page: Page, live_server) -> int | None:
    """Rows in the progress page's tables, or None when there is no progress page (404)."""
    response = page.goto(f"{live_server}/progress")
    if response.status == 404:
        return None
    assert response.status == 200
    return page.locator("table tbody tr").count()


def test_patient_follows_the_whole_session_and_logs_it(page, live_server, tmp_path):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(RECORD_CUES)
    log_in_as_patient(page, live_server)
    rows_before = progress_rows(page, live_server)
    page.clock.install()
    page.goto(f"{live_server}/session")
    status = page.locator("[data-status]")
    progress = page.locator(".session-progress")
    log = page.locator("#log")

    # One exercise at a time; the log form waits until the end.
    expect(progress).to_have_text("Exercise 1 of 3")
    expect(step(page)).to_have_count(1)
    expect(step(page).get_by_role("heading", level=2)).to_have_text("Walking")
    expect(log).to_be_hidden()
    expect(step(page).locator("video")).to_be_visible()

    # Walking, 10 minutes: a timer to start and pause.
    step(page).get_by_role("button", name="Start").click()
    expect(status).to_have_text("The timer is running.")
    page.clock.run_for(60_000)
    expect(step(page).locator(".session-face")).to_have_text(re.compile(r"^1:0\d of 10:00$"))
    step(page).get_by_role("button", name="Pause").click()
    expect(status).to_have_text("The timer is paused.")
    step(page).get_by_role("button", name="Continue").click()
    page.clock.run_for(9 * 60_000 + 1_000)
    expect(step(page).locator(".session-face")).to_have_text("10:00 of 10:00")
    expect(status).to_contain_text("Time is up.")
    expect(step(page).locator(".session-done")).to_be_visible()
    # One clear way on: no greyed "Continue" of the timer beside "Next".
    expect(step(page).get_by_role("button", name="Continue")).to_have_count(0)
    assert page.evaluate("[window.__cues.length, window.__beeps]") == [1, 1]  # end of the walk

    # Next: the pelvic tilt, focus on its heading.
    page.get_by_role("button", name="Next").click()
    expect(progress).to_have_text("Exercise 2 of 3")
    expect(page.locator(":focus")).to_have_text("Pelvic tilt")
    expect(step(page).locator(".session-set")).to_have_text("Hold 1 of 5")
    expect(step(page).locator(".session-face")).to_have_text("0:10")

    # A hold counts down from 10 s, announced at the start and at the end, with a cue.
    step(page).get_by_role("button", name="Start holding").click()
    expect(status).to_have_text("Hold now, for 10 seconds.")
    page.clock.run_for(4_000)
    expect(step(page).locator(".session-face")).to_have_text(re.compile(r"^0:0[56]$"))
    page.clock.run_for(7_000)
    expect(status).to_have_text("Let go. Hold 1 of 5 done.")
    expect(step(page).locator(".session-set")).to_have_text("Hold 2 of 5")
    assert page.evaluate("[window.__cues.length, window.__beeps]") == [2, 2]  # end of a hold
    for _ in range(4):  # the other four holds, started with the Space key
        page.keyboard.press("Space")
        page.clock.run_for(10_500)
    expect(status).to_contain_text("Hold 5 of 5 done.")
    expect(step(page).locator(".session-done")).to_be_visible()
    expect(page.locator(":focus")).to_have_text("Next")  # handed on from the spent button

    # Cat-camel, 2 x 10: count with the big button and with Space, rest between the sets.
    page.keyboard.press("Enter")
    expect(progress).to_have_text("Exercise 3 of 3")
    expect(page.locator(":focus")).to_have_text("Cat-camel")
    count = step(page).locator(".session-count")
    expect(step(page).locator(".session-set")).to_have_text("Set 1 of 2")
    expect(count).to_have_text("0 of 10")
    plus = step(page).get_by_role("button", name="Count one")
    for _ in range(3):
        plus.click()
    expect(count).to_have_text("3 of 10")
    expect(status).to_have_text("3 of 10")
    step(page).get_by_role("button", name="Undo one").click()
    expect(count).to_have_text("2 of 10")
    step(page).get_by_role("heading", level=2).focus()
    for _ in range(8):
        page.keyboard.press("Space")
    expect(count).to_have_text("10 of 10")
    rest = step(page).locator(".session-rest")
    expect(rest).to_be_visible()
    expect(status).to_have_text("Rest for 30 seconds.")
    page.clock.run_for(31_000)
    expect(rest).to_be_hidden()
    expect(status).to_have_text("Rest is over. Start set 2 of 2.")
    expect(step(page).locator(".session-set")).to_have_text("Set 2 of 2")
    expect(count).to_have_text("0 of 10")
    for _ in range(10):
        page.keyboard.press("Space")
    expect(step(page).locator(".session-done")).to_be_visible()

    # Finish: the log form, focus on its heading, pre-filled with today's amounts.
    page.get_by_role("button", name="Finish and log").click()
    expect(log).to_be_visible()
    expect(page.locator("li[data-step]:visible")).to_have_count(0)
    expect(page.locator(":focus")).to_have_text("Log your session")
    amounts = log.locator("input.amount-input")
    assert [amounts.nth(i).input_value() for i in range(3)] == ["10", "10", "10"]
    page.screenshot(path=str(tmp_path / "session-log.png"), full_page=True)
    page.get_by_role("button", name="Previous").click()  # back and forth keeps the counts
    expect(step(page).locator(".session-count")).to_have_text("10 of 10")
    page.get_by_role("button", name="Finish and log").click()

    log.locator("input[name=status][value=done]").check()
    log.locator("label[for=pain-2]").click()
    log.locator("textarea[name=note]").fill("Met de speler gedaan")
    log.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/today"))
    expect(page.locator(".logged")).to_be_visible()
    expect(page.locator(".logged")).to_contain_text("2")
    assert_logged(live_server, tmp_path, pain=2, note="Met de speler gedaan")
    assert errors == []

    # The progress page shows the new session in its table and a chart, once it exists.
    rows_after = progress_rows(page, live_server)
    if progress_route_exists(live_server, tmp_path):
        assert rows_after is not None and rows_after > (rows_before or 0)
        pain_cells = page.locator("table tbody td").filter(has_text=re.compile(r"^\s*2\s*$"))
        assert pain_cells.count() >= 1  # today's pain score, 2, in the numbers
        expect(page.locator("svg.chart").first).to_be_visible()
        assert page.locator("svg.chart").first.get_attribute("role") == "img"
    else:
        assert rows_before is None and rows_after is None  # answered 404, not an error


def test_rest_can_be_skipped_mute_is_remembered_and_motion_reduced(page, live_server):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(RECORD_CUES)
    page.emulate_media(reduced_motion="reduce")
    log_in_as_patient(page, live_server)
    page.clock.install()
    page.goto(f"{live_server}/session")
    mute = page.get_by_role("button", name="Sound off")
    mute.click()
    expect(mute).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(mute).to_have_attribute("aria-pressed", "true")

    page.get_by_role("button", name="Next").click()
    page.keyboard.press("Space")  # the focused heading: Space starts the hold
    expect(page.locator("[data-status]")).to_have_text("Hold now, for 10 seconds.")
    page.clock.run_for(10_500)
    expect(step(page).locator(".session-set")).to_have_text("Hold 2 of 5")
    assert page.evaluate("[window.__cues.length, window.__beeps]") == [1, 0]  # a buzz, no beep

    page.get_by_role("button", name="Next").click()
    count = step(page).locator(".session-count")
    for _ in range(10):
        page.keyboard.press("Space")
    assert count.evaluate("el => getComputedStyle(el).animationName") == "none"
    step(page).get_by_role("button", name="Skip the rest").click()
    expect(step(page).locator(".session-rest")).to_be_hidden()
    expect(step(page).locator(".session-set")).to_have_text("Set 2 of 2")
    expect(page.locator(":focus")).to_have_accessible_name("Count one")
    page.keyboard.press("Space")
    expect(count).to_have_text("1 of 10")

    # Every control of the player is a large touch target.
    sizes = page.locator(".session button:visible").evaluate_all(
        "els => els.map(el => [el.textContent.trim(), el.getBoundingClientRect().height])"
    )
    assert sizes and all(height >= 44 for _, height in sizes), sizes
    assert errors == []


def test_without_javascript_the_list_and_the_log_form_work(browser, live_server, tmp_path):
    context = browser.new_context(
        java_script_enabled=False, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    try:
        page = context.new_page()
        log_in_as_patient(page, live_server, english=False)
        page.goto(f"{live_server}/session")
        steps = page.locator("li[data-step]")
        expect(steps).to_have_count(3)
        for index, name in enumerate(["Wandelen", "Bekken kantelen", "Kat-koe"]):
            expect(steps.nth(index)).to_be_visible()
            expect(steps.nth(index).get_by_role("heading", level=2)).to_have_text(name)
        expect(steps.nth(1)).to_contain_text("5 keer, elke keer 10 seconden vasthouden")
        expect(page.locator(".session-bar")).to_have_count(0)  # no player without the script
        log = page.locator("#log")
        expect(log).to_be_visible()
        amounts = log.locator("input.amount-input")
        assert [amounts.nth(i).input_value() for i in range(3)] == ["10", "10", "10"]
        amounts.nth(2).fill("8")
        log.locator("input[name=status][value=partial]").check()
        log.locator("label[for=pain-4]").click()
        log.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"/today"))
        expect(page.locator(".logged")).to_be_visible()
        assert_logged(live_server, tmp_path, pain=4, status="partial", last_amount=8)
    finally:
        context.close()


def _app(live_server, tmp_path):
    """The live server's app, built in-process to read its routes and database."""
    from webapp import create_app

    return create_app(dict(live_server.config, INSTANCE_PATH=str(tmp_path / "instance-check")))


def progress_route_exists(live_server, tmp_path) -> bool:
    """True once another part of the app serves /progress."""
    app = _app(live_server, tmp_path)
    try:
        return any(rule.rule == "/progress" for rule in app.url_map.iter_rules())
    finally:
        app.extensions["rugcoach.engine"].dispose()


def assert_logged(live_server, tmp_path, pain, note=None, status="done", last_amount=10):
    """The demo patient's log for today is stored as the browser sent it."""
    from webapp.db import new_session
    from webapp.models import Plan, SessionLog, User

    app = _app(live_server, tmp_path)
    try:
        with app.app_context(), new_session(app) as session:
            log = session.scalar(select(SessionLog).join(User).where(User.email == DEMO_PATIENT))
            assert (log.status.value, log.pain) == (status, pain)
            if note is not None:
                assert log.note == note
            items = session.get(Plan, log.plan_id).items
            amounts = [log.amount_for(item.id) for item in items]
            assert amounts == [10, 10, last_amount]
    finally:
        app.extensions["rugcoach.engine"].dispose()
