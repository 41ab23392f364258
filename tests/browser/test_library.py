"""The exercise page in Chromium: the video plays, seeks and has captions in your language."""

from pathlib import Path

import pytest

from tests.support.browser import log_in

pytestmark = pytest.mark.browser


def test_exercise_video_plays_seeks_and_has_dutch_captions(page, live_server):
    log_in(page, live_server, landing="/today")
    page.goto(f"{live_server}/exercises/pelvic-tilt")
    video = page.locator("video")
    handle = video.element_handle()
    page.wait_for_function("v => v.readyState >= 1 && v.duration > 0", arg=handle)
    duration = video.evaluate("v => v.duration")
    assert duration > 5

    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("v => v.currentTime > 0.5", arg=handle, timeout=10000)

    video.evaluate("(v, t) => { v.currentTime = t; }", duration / 2)
    page.wait_for_function("v => !v.seeking && v.readyState >= 2", arg=handle, timeout=10000)
    assert abs(video.evaluate("v => v.currentTime") - duration / 2) < 1.5

    tracks = video.evaluate("v => Array.from(v.textTracks).map(t => [t.language, t.mode, t.kind])")
    assert ["nl", "showing", "captions"] in tracks
    assert ["en", "disabled", "captions"] in tracks or ["en", "hidden", "captions"] in tracks
    page.wait_for_function(
        "v => v.textTracks[0].cues && v.textTracks[0].cues.length > 2", arg=handle, timeout=10000
    )

    # The loop and speed controls appear with JavaScript and work from the keyboard.
    loop = page.get_by_role("button", name="Video herhalen")
    loop.focus()
    page.keyboard.press("Enter")
    assert loop.get_attribute("aria-pressed") == "true"
    assert video.evaluate("v => v.loop") is True
    page.get_by_label("Snelheid").select_option("0.75")
    assert video.evaluate("v => v.playbackRate") == 0.75
    page.locator(".transcript summary").click()
    assert "Adem" in page.locator(".transcript").inner_text()


def test_library_filter_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    log_in(page, live_server, landing="/today")
    page.goto(f"{live_server}/exercises")
    page.select_option("#category", "activity")
    page.get_by_role("button", name="Toon", exact=True).click()
    page.wait_for_url("**/exercises?**category=activity**")
    names = page.locator(".exercise-card h2").all_inner_texts()
    assert "Wandelen" in names and "Kat-koe" not in names
    context.close()


def test_ranges_through_gunicorns_sendfile_are_the_files_bytes(page, live_server):
    """Under gunicorn a range leaves by sendfile() from the bare descriptor, byte for byte."""
    log_in(page, live_server, landing="/today")
    page.goto(f"{live_server}/exercises/pelvic-tilt")
    src = page.locator("video source[type='video/mp4']").get_attribute("src")
    data = (Path(live_server.config["VIDEO_DIR"]) / src.rsplit("/", 1)[1]).read_bytes()
    size = len(data)
    for header, start, stop in [
        ("bytes=0-", 0, size),
        ("bytes=0-99", 0, 100),
        (f"bytes={size // 2}-{size // 2 + 4095}", size // 2, size // 2 + 4096),
        (f"bytes={size - 10}-", size - 10, size),
    ]:
        response = page.request.get(f"{live_server}{src}", headers={"Range": header})
        assert response.status == 206, header
        assert response.headers["content-range"] == f"bytes {start}-{stop - 1}/{size}"
        assert response.body() == data[start:stop], header
    past = page.request.get(f"{live_server}{src}", headers={"Range": f"bytes={size}-"})
    assert past.status == 416
    head = page.request.head(f"{live_server}{src}")
    assert head.status == 200 and head.headers["content-length"] == str(size)
