"""The physio's uploads library in Chromium at 1440x900: preview, rename, share, back, delete.

The upload is a real rendered MP4 with its poster, stored as the demo physio's upload; the
page must play it, and deleting it removes its files from disk.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support.browser import log_in
from tests.support.media import add_video
from webapp import create_app
from webapp.clock import utcnow
from webapp.db import new_session
from webapp.models import Exercise, User, Video, VideoAudience, VideoSource
from webapp.services.ops.demo import DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser
NAME = "u-0123456789abcdef.mp4"


@pytest.fixture
def upload(live_server, rendered_videos):
    """The demo physio's upload: a rendered pelvic-tilt video and poster, shown to nobody."""
    folder = Path(live_server.config["UPLOAD_DIR"]) / "videos"
    folder.mkdir(parents=True, exist_ok=True)
    source = next(rendered_videos.rglob("pelvic-tilt*.mp4"))
    shutil.copy(source, folder / NAME)
    poster = next(rendered_videos.rglob("pelvic-tilt*.jpg"), None)
    app = create_app(dict(live_server.config))
    with app.app_context(), new_session(app) as session:
        exercise = session.scalar(select(Exercise).where(Exercise.slug == "pelvic-tilt"))
        physio_id = session.scalar(select(User.id).where(User.email == DEMO_PHYSIO))
        video = add_video(
            session,
            utcnow,
            exercise,
            NAME,
            content_hash="0123456789abcdef" * 4,
            source=VideoSource.UPLOAD,
            uploaded_by=physio_id,
            audience=VideoAudience.NOBODY,
        )
        video.original_name = "opname-bekken.mov"
        video.captions = {}
        if poster is None:
            video.poster_file = None
        else:
            shutil.copy(poster, folder / video.poster_file)
        session.commit()
        found = (video.id, sorted(video.files()))
    app.extensions["rugcoach.engine"].dispose()
    return found


def test_the_physio_previews_renames_shares_switches_back_and_deletes_an_upload(
    browser, live_server, upload
):
    video_id, names = upload
    folder = Path(live_server.config["UPLOAD_DIR"]) / "videos"
    context = browser.new_context(
        locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1440, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, live_server, DEMO_PHYSIO)
    page.goto(f"{live_server}/physio/videos")
    item = page.locator(f"#upload-{video_id}")
    expect(item.locator("h3")).to_have_text("opname-bekken.mov")

    # Preview: the upload plays in the page.
    player = item.locator("video")
    handle = player.element_handle()
    player.evaluate("v => { v.preload = 'auto'; v.muted = true; return v.play(); }")
    page.wait_for_function("v => v.currentTime > 0.2", arg=handle, timeout=15000)

    # Rename.
    item.locator("input[name=title]").fill("Bekken kantelen, thuis")
    item.locator("form[action$='/title'] button").click()
    item = page.locator(f"#upload-{video_id}")
    expect(item.locator("h3")).to_have_text("Bekken kantelen, thuis")

    # Choose one patient: the demo patient sees the upload instead of the standard video.
    item.locator("input[name=audience][value=chosen]").check()
    item.locator("label.indent", has_text="Sanne de Vries").locator("input").check()
    item.locator("form[action$='/audience'] button").click()
    item = page.locator(f"#upload-{video_id}")
    expect(item).to_contain_text("De patiënten die u koos")
    viewer = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam").new_page()
    log_in(viewer, live_server, DEMO_PATIENT, landing="/today")
    viewer.goto(f"{live_server}/exercises/pelvic-tilt")
    assert f"/media/{video_id}/{NAME}" in viewer.content()

    # Switch back to the standard video.
    item.locator("input[name=audience][value=nobody]").check()
    item.locator("form[action$='/audience'] button").click()
    expect(page.locator(f"#upload-{video_id}")).to_contain_text("standaardvideo")
    viewer.reload()
    assert f"/media/{video_id}/" not in viewer.content()
    viewer.context.close()

    # Delete: the row and its files are gone.
    present = [name for name in names if (folder / name).exists()]
    assert NAME in present and len(present) >= 2  # the video and its poster
    page.locator(f"#upload-{video_id} form[action$='/delete'] button").click()
    expect(page.locator(f"#upload-{video_id}")).to_have_count(0)
    assert not [name for name in present if (folder / name).exists()]
    app = create_app(dict(live_server.config))
    with app.app_context(), new_session(app) as session:
        assert session.get(Video, video_id) is None
    app.extensions["rugcoach.engine"].dispose()
    assert errors == []
    context.close()
