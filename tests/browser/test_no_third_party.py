"""Every main page, per role, loads nothing from another host and breaks no rule of the CSP."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from tests.support.browser import log_in
from webapp.services.ops.demo import DEMO_ADMIN, DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser

# Report CSP violations on the console, where the test listens (Chromium logs most of them
# itself; this catches every one, with the directive that refused it).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + e.blockedURI);
});
"""

PUBLIC = ["/", "/login", "/register", "/password/forgot", "/privacy"]
EXTRA = {
    "patient": [
        "/session",
        "/plan/print",
        "/account/data",
        "/account/delete",
        "/account/access-log",
        "/privacy",
        "/learn/quiz",
    ],
    "physio": ["/account/access-log", "/privacy"],
    "admin": ["/account/access-log", "/privacy"],
}


class Watcher:
    """Records requests to other hosts, console errors, page errors and server errors."""

    def __init__(self, page, origin: str) -> None:
        self.host = urlsplit(origin).netloc
        self.problems: list[str] = []
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("response", self._response)

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.netloc != self.host:
            self.problems.append(f"request to another host: {request.url}")

    def _console(self, message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console {message.type}: {message.text} ({message.location})")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"server error {response.status}: {response.url}")


def _visit(page, watcher: Watcher, url: str) -> None:
    """Open a page and let its scripts run."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)
    assert not watcher.problems, f"{url}: {watcher.problems}"


def _login(page, base: str, email: str) -> None:
    """Log in through the form, as a person would."""
    log_in(page, base, email)
    assert "/login" not in page.url, f"{email} could not log in"


def _menu_links(page, base: str) -> list[str]:
    """The pages the header's menu and the footer link to."""
    hrefs = page.eval_on_selector_all(
        "header nav a[href], footer a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return [urljoin(base + "/", href) for href in hrefs]


@pytest.fixture
def watched(browser, live_server):
    """A fresh context (a device zone other than the accounts' own) and its watcher."""
    contexts = []

    def make():
        context = browser.new_context(locale="nl-NL", timezone_id="Europe/London")
        context.add_init_script(REPORT_VIOLATIONS)
        contexts.append(context)
        page = context.new_page()
        return page, Watcher(page, live_server.url)

    yield make
    for context in contexts:
        context.close()


def test_anonymous_pages(watched, live_server):
    """Pages anyone can open."""
    page, watcher = watched()
    for path in PUBLIC:
        _visit(page, watcher, f"{live_server}{path}")
    for url in _menu_links(page, live_server.url):
        _visit(page, watcher, url)


def test_the_watcher_sees_a_blocked_inline_script(watched, live_server):
    """The net works: an inline script is refused by the CSP and reported."""
    page, watcher = watched()
    _visit(page, watcher, f"{live_server}/privacy")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran") is None
    assert any("script-src" in problem for problem in watcher.problems), watcher.problems


@pytest.mark.parametrize(
    "role,email", [("patient", DEMO_PATIENT), ("physio", DEMO_PHYSIO), ("admin", DEMO_ADMIN)]
)
def test_signed_in_pages(watched, live_server, role, email):
    """Every menu page of the role and its main sub-pages, with their scripts working."""
    base = live_server.url
    page, watcher = watched()
    _login(page, base, email)
    assert not watcher.problems, watcher.problems
    urls = _menu_links(page, base) + [f"{base}{path}" for path in EXTRA[role]]
    for url in dict.fromkeys(urls):
        _visit(page, watcher, url)
    if role == "patient":
        _visit(page, watcher, f"{base}/session")
        if page.locator("[data-session]").count():
            # session.js built the player: its rest panels exist only when the script ran.
            assert page.locator(".session-rest").count() > 0
        _visit(page, watcher, f"{base}/reminders")
        # timezone.js offers the device's zone (London), which differs from the account's.
        page.locator("[data-zone-hint]").wait_for(state="visible", timeout=3000)
        _visit(page, watcher, f"{base}/exercises")
        first = page.locator("main a[href^='/exercises/']").first
        assert first.count(), "no exercise to open"
        _visit(page, watcher, urljoin(base, first.get_attribute("href")))
    if role == "physio":
        _visit(page, watcher, f"{base}/physio/")
        first = page.locator("main a[href^='/physio/patients/']").first
        assert first.count(), "the demo physio has no patient to open"
        _visit(page, watcher, urljoin(base, first.get_attribute("href")))
