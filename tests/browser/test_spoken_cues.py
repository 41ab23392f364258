"""The session player speaks its cues in the patient's language, through the phone's own voice.

The page's speechSynthesis is replaced by a recorder before any script runs: on a phone the
browser's voices are the real component; here we check what the player asks them to say.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from tests.support.browser import log_in

pytestmark = pytest.mark.browser

RECORD_SPEECH = """
window.__spoken = [];
const voices = %s;
Object.defineProperty(window, "speechSynthesis", {
  configurable: true,
  value: {
    getVoices: function () { return voices; },
    speak: function (utterance) { window.__spoken.push(utterance.text + "|" + utterance.lang); },
    cancel: function () {},
    addEventListener: function () {},
  },
});
window.SpeechSynthesisUtterance = function (words) { this.text = words; };
"""
DUTCH_VOICE = [{"name": "Stem", "lang": "nl-NL"}]


def record_speech(page: Page, voices: list[dict]) -> None:
    """Replace the page's speech synthesis by a recorder offering ``voices``."""
    page.add_init_script(RECORD_SPEECH % json.dumps(voices))


def spoken(page: Page) -> list[str]:
    """What the player said so far, without the language tag."""
    return [entry.split("|")[0] for entry in page.evaluate("window.__spoken")]


def make_per_side(live_server, slug: str) -> None:
    """Mark an exercise of the demo plan as done on one side, then on the other."""
    engine = create_engine(live_server.config["DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE exercises SET per_side = :yes WHERE slug = :slug"),
            {"yes": True, "slug": slug},
        )
    engine.dispose()


def step(page: Page):
    """The exercise the player shows now."""
    return page.locator("li[data-step]:visible")


def test_player_speaks_names_counts_sides_and_rest_in_dutch(page, live_server):
    """Intro, the hold's last seconds, "nog 3", "wissel van kant" and "rust", in Dutch."""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    make_per_side(live_server, "cat-camel")
    record_speech(page, DUTCH_VOICE)
    log_in(page, live_server, landing="/today")
    page.clock.install()
    page.goto(f"{live_server}/session")
    expect(page.locator(".session-progress")).to_have_text("Oefening 1 van 3")
    assert spoken(page) == ["Wandelen. Loop de eerste minuten in een rustig tempo."]
    assert page.evaluate("window.__spoken[0]").endswith("|nl-NL")
    expect(page.locator(".session-voice-note")).to_be_hidden()

    page.get_by_role("button", name="Volgende").click()
    assert spoken(page)[-1].startswith("Bekken kantelen. Adem rustig in")
    page.keyboard.press("Space")  # the focused heading: Space starts a 10-second hold
    page.clock.run_for(6_500)
    assert spoken(page)[-1].startswith("Bekken kantelen")  # no count in the first seconds
    page.clock.run_for(4_000)
    assert spoken(page)[-3:] == ["3", "2", "1"]

    page.get_by_role("button", name="Volgende").click()
    expect(step(page).locator(".session-set")).to_have_text("Serie 1 van 2")
    expect(step(page).locator(".session-side")).to_have_text("Kant 1 van 2")
    plus = step(page).locator(".session-big")
    for _ in range(7):
        plus.click()
    assert spoken(page)[-1] == "Nog 3"
    for _ in range(3):
        plus.click()
    assert spoken(page)[-1] == "Wissel van kant."
    expect(step(page).locator(".session-set")).to_have_text("Serie 1 van 2")
    expect(step(page).locator(".session-side")).to_have_text("Kant 2 van 2")
    expect(step(page).locator(".session-count")).to_have_text("0 van 10")
    for _ in range(10):
        plus.click()
    assert spoken(page)[-2:] == ["Nog 3", "Rust"]
    expect(step(page).locator(".session-rest")).to_be_visible()
    assert errors == []


def test_sound_off_silences_the_voice_and_is_remembered(page, live_server):
    """With the sound off, nothing is spoken, also after coming back to the player."""
    record_speech(page, DUTCH_VOICE)
    log_in(page, live_server, landing="/today")
    page.clock.install()
    page.goto(f"{live_server}/session")
    mute = page.get_by_role("button", name="Geluid uit")
    mute.click()
    page.reload()
    expect(mute).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="Volgende").click()
    page.keyboard.press("Space")
    page.clock.run_for(10_500)
    expect(step(page).locator(".session-set")).to_have_text("Vasthouden: 2 van 5")
    assert spoken(page) == []


def test_without_a_dutch_voice_the_player_stays_silent_and_says_so(page, live_server):
    """A phone with only an English voice gets a sentence instead of English-spoken Dutch."""
    record_speech(page, [{"name": "Voice", "lang": "en-US"}])
    log_in(page, live_server, landing="/today")
    page.clock.install()
    page.goto(f"{live_server}/session")
    page.clock.run_for(2_500)  # the player waits a moment for voices to appear
    note = page.locator(".session-voice-note")
    expect(note).to_be_visible()
    expect(note).to_have_text(
        "Dit apparaat heeft geen Nederlandse stem. Daarom leest de speler de tellingen niet voor."
    )
    page.get_by_role("button", name="Volgende").click()
    page.keyboard.press("Space")
    page.clock.run_for(10_500)
    assert spoken(page) == []
