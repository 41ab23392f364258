"""The walking skeleton in a real browser: log in, watch, mark done, see it again."""

import pytest

from tests.support.browser import log_in

pytestmark = pytest.mark.browser


def test_patient_logs_in_plays_a_video_and_marks_the_session_done(page, live_server, tmp_path):
    log_in(page, live_server, landing="/today")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Vandaag")

    # The today page shows compact cards; the first opens the player with its video.
    page.locator("li.exercise-row a.exercise-open").first.click()
    page.wait_for_url(f"{live_server}/session#step-1")
    video = page.locator("li[data-step]:visible video")
    video.scroll_into_view_if_needed()
    page.wait_for_function(
        "v => v.readyState >= 1 && v.duration > 0", arg=video.element_handle(), timeout=15000
    )
    assert video.evaluate("v => v.duration") > 0

    page.goto(f"{live_server}/today")
    page.get_by_label("Alles", exact=True).check()
    page.locator("label[for=pain-2]").click()
    page.get_by_label("Notitie (niet verplicht)").fill("Rug voelde soepel")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Opgeslagen" in page.locator(".flashes").inner_text()

    page.reload()
    logged = page.locator(".logged").inner_text()
    assert "Ingevuld: gedaan" in logged and "pijn 2 van de 10" in logged
    assert page.get_by_label("Notitie (niet verplicht)").input_value() == "Rug voelde soepel"
    page.screenshot(path=str(tmp_path / "today.png"), full_page=True)
