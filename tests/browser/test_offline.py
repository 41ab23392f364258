"""Offline on a phone: today's plan and the player work, a log waits and is sent exactly once.

A persistent Chromium profile (as on a phone) with the service worker in control; the
context is taken offline with Playwright, and the server's database is read afterwards.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.support.browser import log_in
from tests.support.installed import phone_profile, wait_for_worker

pytestmark = pytest.mark.browser

NOTE = "Zonder internet in de schuur gedaan"


def rows(live_server, sql: str, **values) -> list[tuple]:
    """Rows from the live server's database."""
    engine = create_engine(live_server.config["DATABASE_URL"])
    with engine.connect() as connection:
        found = [tuple(row) for row in connection.execute(text(sql), values)]
    engine.dispose()
    return found


# Whether one of the account's caches on the phone holds a path.
CACHE_HAS = """async (path) => {
  for (const name of await caches.keys()) {
    if (name.startsWith("rugcoach-user-") && await (await caches.open(name)).match(path)) {
      return true;
    }
  }
  return false;
}"""


def test_offline_today_session_and_a_queued_log_sent_once(browser, live_server, tmp_path):
    """Offline: /today and /session come from the phone; the log waits, then counts once."""
    with phone_profile(browser, tmp_path / "profile") as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        log_in(page, live_server, landing="/today")
        wait_for_worker(page)
        page.goto(f"{live_server}/today")  # now through the worker: the plan is kept
        for path in ("/today", "/session"):
            page.wait_for_function(CACHE_HAS, arg=path)
        logs_before = rows(live_server, "SELECT count(*) FROM session_logs")[0][0]

        page.context.set_offline(True)
        page.goto(f"{live_server}/progress")  # never opened: proof the network is gone
        expect(page.locator("h1")).to_have_text("Geen verbinding")
        response = page.goto(f"{live_server}/today")
        assert response.from_service_worker
        expect(page.locator("h1")).to_contain_text("Vandaag")
        response = page.goto(f"{live_server}/session")
        assert response.from_service_worker
        expect(page.locator(".session-progress")).to_have_text("Oefening 1 van 3")
        page.get_by_role("button", name="Volgende").click()
        expect(page.locator(".session-progress")).to_have_text("Oefening 2 van 3")

        page.goto(f"{live_server}/today")
        form = page.locator("form.log-form")
        form.locator("input[name=status][value=done]").check()
        form.locator("label[for=pain-2]").click()
        form.locator("textarea[name=note]").fill(NOTE)
        form.locator("button[type=submit]").click()
        notice = page.locator("[data-app-note]")
        expect(notice).to_have_text(
            "Opgeslagen op deze telefoon. Het wordt verstuurd zodra u weer online bent."
        )
        queued = page.evaluate(
            """() => new Promise((resolve) => {
              const open = indexedDB.open("rugcoach", 1);
              open.onsuccess = () => {
                const store = open.result.transaction("queued-logs").objectStore("queued-logs");
                const all = store.getAll();
                all.onsuccess = () => resolve(all.result.length);
              };
            })"""
        )
        assert queued == 1
        assert rows(live_server, "SELECT count(*) FROM session_logs")[0][0] == logs_before

        page.context.set_offline(False)  # the connection is back: the page sends the log
        expect(notice).to_have_text("Uw logboek van deze telefoon is verstuurd.")
        page.reload()  # a later visit finds nothing left to send
        page.wait_for_timeout(1_000)
        page.goto(f"{live_server}/session")
        page.wait_for_timeout(1_000)
        stored = rows(
            live_server, "SELECT pain, note FROM session_logs WHERE note = :note", note=NOTE
        )
        assert stored == [(2, NOTE)]
        assert len(rows(live_server, "SELECT client_id FROM log_receipts")) == 1
        assert errors == []


def test_after_logging_out_the_phone_shows_no_copy_of_the_patients_pages(
    browser, live_server, tmp_path
):
    """Logging out removes the account's copies: offline, /today shows the no-connection page."""
    with phone_profile(browser, tmp_path / "profile") as page:
        log_in(page, live_server, landing="/today")
        wait_for_worker(page)
        page.goto(f"{live_server}/today")
        page.wait_for_function(
            """async () => (await caches.keys()).some(n => n.startsWith("rugcoach-user-"))"""
        )
        assert page.evaluate(CACHE_HAS, "/today")
        menu = page.locator("[data-menu-button]")
        if menu.is_visible():  # on a phone the links sit behind the Menu button
            menu.click()
        page.locator("form[action='/logout'] button").click()
        page.wait_for_url(f"{live_server}/login")
        page.wait_for_function(
            """async () => !(await caches.keys()).some(n => n.startsWith("rugcoach-user-"))"""
        )
        page.context.set_offline(True)
        page.goto(f"{live_server}/today")
        expect(page.locator("h1")).to_have_text("Geen verbinding")
        expect(page.locator("main")).not_to_contain_text("Bekken kantelen")


def test_saved_videos_play_without_a_connection(browser, live_server, tmp_path):
    """After "save videos for offline", the plan's videos answer from the phone, in ranges."""
    with phone_profile(browser, tmp_path / "profile") as page:
        log_in(page, live_server, landing="/today")
        wait_for_worker(page)
        page.goto(f"{live_server}/session")
        save = page.get_by_role("button", name="Video's opslaan voor gebruik zonder internet")
        save.click()
        expect(page.locator("[data-save-videos-status]")).to_have_text(
            "De video's staan op deze telefoon. Ze spelen ook zonder internet.", timeout=20_000
        )
        video = page.locator("video source[type='video/mp4']").first.get_attribute("src")

        page.context.set_offline(True)
        page.goto(f"{live_server}/session")
        answer = page.evaluate(
            """async (src) => {
              const whole = await fetch(src);
              const part = await fetch(src, { headers: { Range: "bytes=0-99" } });
              return [whole.status, (await whole.blob()).size, part.status,
                      part.headers.get("Content-Range"), (await part.blob()).size];
            }""",
            video,
        )
        size = answer[1]
        assert answer == [200, size, 206, f"bytes 0-99/{size}", 100]
        assert size > 1000
        first = page.locator("li[data-step]:visible video")
        first.evaluate("(v) => v.load()")
        page.wait_for_function(
            "() => document.querySelector('li[data-step]:not([hidden]) video').readyState >= 1",
            timeout=10_000,
        )
