"""Chromium considers Rugcoach an installable app: its manifest parses and nothing is missing."""

from __future__ import annotations

import json

import pytest

from tests.support.browser import log_in
from tests.support.installed import phone_profile, wait_for_worker

pytestmark = pytest.mark.browser


def test_chromium_finds_no_installability_errors(browser, live_server, tmp_path):
    """The DevTools protocol reports a clean manifest and no reason not to install."""
    with phone_profile(browser, tmp_path / "profile") as page:
        log_in(page, live_server, landing="/today")
        wait_for_worker(page)
        devtools = page.context.new_cdp_session(page)
        manifest = devtools.send("Page.getAppManifest")
        assert manifest["url"] == f"{live_server.url}/manifest.webmanifest"
        assert manifest["errors"] == []
        assert json.loads(manifest["data"])["start_url"] == "/today"
        errors = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == []
        scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
        assert scope == f"{live_server.url}/"
