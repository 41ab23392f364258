"""A live server and Debian's Chromium driven by Playwright; CI fails when Chromium is missing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from werkzeug.serving import make_server

from tests.conftest import CI

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    if not Path(CHROMIUM).exists():
        if CI:
            pytest.fail(f"CI requires the browser tests: {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test (no shared cookies)."""
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def rendered_videos(tmp_path_factory):
    """Small real renders of two catalogue videos (shared by every browser test)."""
    from config import ROOT
    from webapp.media.render import render_catalogue

    out = tmp_path_factory.mktemp("videos")
    render_catalogue(
        ROOT / "webapp" / "catalogue" / "motions",
        out,
        slugs=["pelvic-tilt", "walking"],
        width=480,
        height=270,
        fps=15,
    )
    return out


@pytest.fixture
def live_server(tmp_path, rendered_videos):
    """The app on a fresh SQLite database with the demo data, served on a free port."""
    from webapp import create_app
    from webapp.clock import utcnow
    from webapp.db import Base, new_session
    from webapp.media.render import load_manifest
    from webapp.services.demo import seed_demo
    from webapp.services.videos import sync_catalogue_videos

    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "VIDEO_DIR": str(rendered_videos),
        }
    )
    with app.app_context(), new_session(app) as session:
        seed_demo(session, utcnow(), app.config["CATALOGUE_DIR"])
        sync_catalogue_videos(session, load_manifest(rendered_videos), utcnow())
        session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["rugcoach.engine"].dispose()
