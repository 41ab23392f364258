"""A Chromium profile on disk, as a phone keeps one: installable, with a lasting worker.

Playwright's ordinary contexts are incognito, where Chromium never offers to install and
drops service worker storage; the app tests need the real, persistent kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 390, "height": 844}


@contextmanager
def phone_profile(browser, profile_dir) -> Iterator:
    """A persistent Dutch phone-sized context on ``browser``'s Chromium; yields its first page."""
    context = browser.browser_type.launch_persistent_context(
        str(profile_dir),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport=PHONE,
    )
    try:
        yield context.pages[0] if context.pages else context.new_page()
    finally:
        context.close()


def wait_for_worker(page) -> None:
    """Wait until the service worker is active and controls the page (reloading once)."""
    page.wait_for_function(
        "navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))",
        timeout=10_000,
    )
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("!!navigator.serviceWorker.controller", timeout=10_000)
