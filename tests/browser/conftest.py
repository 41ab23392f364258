"""A live server and Debian's Chromium driven by Playwright; CI fails when Chromium is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from config import ROOT
from tests.support.database import CI
from tests.support.live_server import LiveServer, wait_for
from tests.support.smtp import free_port

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
        width=320,
        height=180,
        fps=4,  # the player needs real files, not smooth motion: few small 3D frames
    )
    return out


@pytest.fixture
def live_server(tmp_path, rendered_videos):
    """The app under gunicorn (as in production) on a fresh SQLite database with demo data."""
    from webapp import create_app
    from webapp.clock import utcnow
    from webapp.db import Base, new_session
    from webapp.media.render import load_manifest
    from webapp.services.library.videos import sync_catalogue_videos
    from webapp.services.ops.demo import seed_demo
    from webapp.wiring import password_hasher

    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    config = {
        "DATABASE_URL": url,
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "VIDEO_DIR": str(rendered_videos),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    app = create_app(dict(config, INSTANCE_PATH=str(tmp_path / "instance")))
    with app.app_context(), new_session(app) as session:
        seed_demo(session, utcnow(), app.config["CATALOGUE_DIR"], password_hasher(app))
        sync_catalogue_videos(session, load_manifest(rendered_videos), utcnow())
        session.commit()
    app.extensions["rugcoach.engine"].dispose()
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "1",
            "-k",
            "gthread",
            "--threads",
            "8",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "webapp:create_app()",
        ],
        cwd=ROOT,
        env=dict(os.environ, RUGCOACH_ENV="testing", **config),
    )
    try:
        wait_for(port, server)
        yield LiveServer(f"http://127.0.0.1:{port}", config)
    finally:
        server.terminate()
        server.wait(timeout=20)
