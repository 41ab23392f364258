"""The patient's pages on a phone (390 x 844): a menu behind one button, thumb-sized targets.

Every element a finger can work - links, buttons, form fields, the 0-10 scales - must be at
least 44 x 44 CSS pixels (WCAG 2.5.5), measured in Chromium on the pages a patient uses most.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.support.browser import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MIN_TARGET = 44

# Everything that takes a tap or a key press; each one shown on the page is measured.
SMALL_TARGETS = """
min => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    + "video[controls], [tabindex]:not([tabindex='-1'])";
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (box.width < min - 0.5 || box.height < min - 0.5) {
      const name = (el.getAttribute("aria-label") || el.textContent || el.name || "").trim();
      small.push(`${el.tagName.toLowerCase()} "${name.slice(0, 40)}" ${box.width.toFixed(0)}`
        + `x${box.height.toFixed(0)}`);
    }
  }
  return small;
}
"""

AXE = Axe()
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}


@pytest.fixture
def phone(browser):
    """A phone-sized page with axe-core loaded before the app's own scripts."""
    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport=PHONE, has_touch=True
    )
    context.add_init_script(AXE.axe_script)
    page = context.new_page()
    yield page
    context.close()


def _problems(page) -> list[str]:
    """Small targets and serious axe findings on the page as it is shown now."""
    small = [f"small target {what}" for what in page.evaluate(SMALL_TARGETS, MIN_TARGET)]
    found = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]
    axe = [
        f"axe {v['id']} at {node['target']}"
        for v in found
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]
    return small + axe


def test_every_target_is_thumb_sized_on_the_patients_pages(phone, live_server):
    log_in(phone, live_server, landing="/today")
    problems = {}

    phone.goto(f"{live_server}/today")
    problems["/today"] = _problems(phone)
    # The log form, scrolled to, with the weekly look back when it is due.
    phone.locator("#log").scroll_into_view_if_needed()
    problems["/today#log"] = _problems(phone)

    phone.goto(f"{live_server}/session")
    problems["/session"] = _problems(phone)
    # The last step of the player: the log form of the session.
    for _ in range(3):
        phone.locator(".session-nav .button:visible").last.click()
    expect(phone.locator("#log")).to_be_visible()
    problems["/session (log form)"] = _problems(phone)

    phone.goto(f"{live_server}/safety/check")
    # Answering "yes" shows the follow-up questions; they are measured too.
    phone.locator("fieldset.radios:not(.follow-up) input[value=yes]").first.check()
    problems["/safety/check"] = _problems(phone)

    # The open menu is measured as well.
    phone.goto(f"{live_server}/today")
    phone.get_by_role("button", name="Menu").click()
    problems["/today (menu open)"] = _problems(phone)

    assert {page: found for page, found in problems.items() if found} == {}


def test_the_scales_are_large_buttons_that_stay_radio_inputs(phone, live_server):
    log_in(phone, live_server, landing="/today")
    scale = phone.locator("#log fieldset").filter(has_text="gemiddelde pijn").first
    seven = scale.get_by_role("radio", name="7", exact=True)
    box = seven.bounding_box()
    assert box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET
    # Two rows of six and five on a phone, not eleven tiny dots in a line.
    tops = {round(r.bounding_box()["y"]) for r in scale.get_by_role("radio").all()}
    assert len(tops) == 2
    # A tap on the button chooses it; the arrow keys move along the scale as radios do.
    seven.tap()
    expect(seven).to_be_checked()
    phone.keyboard.press("ArrowRight")
    expect(scale.get_by_role("radio", name="8", exact=True)).to_be_checked()
    expect(scale.get_by_role("radio", name="8", exact=True)).to_be_focused()


def test_the_phone_menu_opens_and_works_by_keyboard(phone, live_server):
    log_in(phone, live_server, landing="/today")
    header = phone.locator("header.site-header")
    menu = phone.get_by_role("button", name="Menu")
    nav = phone.get_by_role("navigation", name="Hoofdmenu")
    # Closed, the header is one short line: the name and the button.
    expect(nav).to_be_hidden()
    assert header.bounding_box()["height"] <= 64
    expect(menu).to_have_attribute("aria-expanded", "false")

    # Tab from the start of the page: skip link, name, then the menu button; Enter opens it.
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    expect(menu).to_be_focused()
    phone.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    phone.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Vandaag")).to_be_focused()
    expect(nav.get_by_role("link", name="Vandaag")).to_have_attribute("aria-current", "page")

    # Escape closes it and gives focus back to the button.
    phone.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()

    # Open again and follow a link with the keyboard.
    phone.keyboard.press("Space")
    nav.get_by_role("link", name="Voortgang").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server}/progress")
    expect(phone.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "false")


# The layout shifts since the page began, as Chromium reports them (CLS without input).
LAYOUT_SHIFT = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})
"""


def test_the_phone_header_does_not_jump_when_the_menu_script_arrives(phone, live_server):
    log_in(phone, live_server, landing="/today")
    # The menu script arrives late, as on a slow phone connection; the header is folded before.
    phone.route(
        "**/static/js/menu.js", lambda route: (phone.wait_for_timeout(800), route.continue_())
    )
    for path in ("/today", "/progress"):
        phone.goto(f"{live_server}{path}", wait_until="load")
        assert phone.evaluate(LAYOUT_SHIFT) < 0.01, path
        expect(phone.locator("[data-menu-button]")).to_be_visible()
        expect(phone.locator("#main-nav")).to_be_hidden()


def test_the_session_opens_as_the_player_without_a_jump_on_a_slow_connection(phone, live_server):
    log_in(phone, live_server, landing="/today")
    # Every script arrives late; the page must not show the plain list first and then fold it.
    phone.route("**/static/js/*.js", lambda route: (phone.wait_for_timeout(800), route.continue_()))
    for path in ("/session#step-2", "/session"):  # a fragment alone would not reload
        phone.goto(f"{live_server}{path}", wait_until="load")
        phone.wait_for_timeout(2500)  # a phone without a Dutch voice says so after 2 seconds
        assert phone.evaluate(LAYOUT_SHIFT) < 0.01, path
        expect(phone.locator(".session-progress")).to_have_text(
            "Oefening 2 van 3" if path.endswith("2") else "Oefening 1 van 3"
        )
        expect(phone.locator("li[data-step]:visible")).to_have_count(1)
    # Only the exercise in view has loaded its poster; the next one gets it when shown.
    assert phone.locator("video[poster]").count() == 1
    phone.get_by_role("button", name="Volgende").click()
    expect(phone.locator("li[data-step]:visible video")).to_have_attribute(
        "poster", re.compile(r"\.jpg$")
    )
    # The offer to keep the videos comes last on the page, below the exercise.
    box = phone.locator("[data-offline-videos]")
    expect(box).to_be_visible()
    step = phone.locator("li[data-step]:visible").bounding_box()
    assert box.bounding_box()["y"] > step["y"] + step["height"]


def test_without_javascript_the_menu_is_a_plain_list(browser, live_server):
    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    try:
        log_in(page, live_server, landing="/today")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        expect(nav.get_by_role("link", name="Voortgang")).to_be_visible()
        nav.get_by_role("link", name="Voortgang").click()
        page.wait_for_url(f"{live_server}/progress")
    finally:
        context.close()


def test_a_card_on_today_opens_the_player_at_its_exercise(phone, live_server):
    log_in(phone, live_server, landing="/today")
    cards = phone.locator("li.exercise-row")
    expect(cards).to_have_count(3)
    expect(phone.locator("video")).to_have_count(0)
    second = cards.nth(1)
    name = second.get_by_role("heading", level=2).inner_text()
    # The whole card takes the tap, not only its name.
    box = second.bounding_box()
    phone.mouse.click(box["x"] + box["width"] - 12, box["y"] + box["height"] - 8)
    phone.wait_for_url(f"{live_server}/session#step-2")
    expect(phone.locator(".session-progress")).to_have_text("Oefening 2 van 3")
    expect(phone.locator("li[data-step]:visible h2")).to_have_text(name)
    expect(phone.locator("li[data-step]:visible h2")).to_be_focused()


def test_progress_tables_fit_or_scroll_with_a_visible_cue(phone, live_server):
    log_in(phone, live_server, landing="/today")
    phone.goto(f"{live_server}/progress")
    wraps = phone.locator(".table-wrap")
    assert wraps.count() > 0
    for wrap in wraps.all():
        style = wrap.evaluate(
            "el => [getComputedStyle(el).overflowX, getComputedStyle(el).backgroundImage]"
        )
        # A wide table scrolls inside its box, and a shadow at the hidden side says so.
        assert style[0] == "auto"
        assert style[1].count("gradient") == 4
    # The page itself never scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
