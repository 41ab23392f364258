"""The shipped nginx server block and gunicorn settings, run for real with test paths.

nginx (Debian's) and gunicorn start as child processes on free ports with their own
folders; the app runs with TRUSTED_PROXIES=1 behind them, as the README tells a practice.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from config import ROOT
from tests.support.client import PASSWORD
from tests.support.nginx import (
    Browser,
    free_port,
    make_certificate,
    nginx_config,
    nginx_or_skip,
    wait_for_port,
)

SHIPPED = ROOT / "deploy" / "nginx" / "rugcoach.conf"
UPLOAD = "private-0123456789ab.mp4"


def prepare_database(url: str, uploads: Path) -> int:
    """A physio, their patient, a stranger and one uploaded video; returns the video's id."""
    from webapp import create_app
    from webapp.db import Base, new_session
    from webapp.models import Exercise, Role, Unit, Video, VideoSource, VideoStatus
    from webapp.services.accounts.users import create_user
    from webapp.wiring import password_hasher

    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app({"DATABASE_URL": url})
    now = datetime.now(UTC)
    with app.app_context(), new_session(app) as session:
        hasher = password_hasher(app)
        physio = create_user(
            session,
            email="physio@example.org",
            name="Fysio",
            password=PASSWORD,
            role=Role.PHYSIO,
            now=now,
            hasher=hasher,
        )
        for email in ("patient@example.org", "stranger@example.org"):
            create_user(
                session,
                email=email,
                name="Patient",
                password=PASSWORD,
                role=Role.PATIENT,
                now=now,
                hasher=hasher,
            )
        exercise = Exercise(
            slug="own",
            name_nl="Eigen",
            name_en="Own",
            unit=Unit.REPS,
            default_sets=1,
            default_amount=1,
            texts={},
            owner_id=physio.id,
        )
        session.add(exercise)
        session.flush()
        video = Video(
            exercise_id=exercise.id,
            source=VideoSource.UPLOAD,
            uploaded_by_id=physio.id,
            status=VideoStatus.READY,
            content_hash="0123456789ab" * 4,
            mp4_file=UPLOAD,
            audience="all",
            created_at=now,
            updated_at=now,
        )
        session.add(video)
        session.commit()
        video_id = video.id
    app.extensions["rugcoach.engine"].dispose()
    (uploads / "videos").mkdir(parents=True)
    (uploads / "videos" / UPLOAD).write_bytes(b"private video " * 1000)
    return video_id


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """nginx from deploy/nginx/rugcoach.conf in front of gunicorn from deploy/gunicorn.conf.py."""
    nginx = nginx_or_skip()
    tmp = tmp_path_factory.mktemp("nginx")
    instance = tmp / "instance"
    app_videos = tmp / "app-videos"  # the app's own catalogue folder: empty, so nginx must serve
    app_videos.mkdir()
    url = f"sqlite:///{tmp / 'site.db'}"
    video_id = prepare_database(url, instance / "uploads")
    ports = {"app": free_port(), "http": free_port(), "https": free_port()}
    env = dict(
        os.environ,
        RUGCOACH_ENV="testing",
        DATABASE_URL=url,
        BASE_URL=f"https://localhost:{ports['https']}",
        TRUSTED_PROXIES="1",
        VIDEO_ACCEL_REDIRECT="/internal-videos/",
        UPLOAD_DIR=str(instance / "uploads"),
        VIDEO_DIR=str(app_videos),
        OUTBOX_DIR=str(tmp / "outbox"),
        RUGCOACH_BIND=f"127.0.0.1:{ports['app']}",
        RUGCOACH_LOG_LEVEL="warning",
    )
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--access-logfile",
            str(tmp / "gunicorn-access.log"),
        ],
        cwd=ROOT,
        env=env,
    )
    make_certificate(tmp)
    conf = tmp / "nginx.conf"
    conf.write_text(
        nginx_config(SHIPPED.read_text(), tmp=tmp, app_root=ROOT, instance=instance, ports=ports)
    )
    server = subprocess.Popen([nginx, "-p", str(tmp), "-c", str(conf)])
    try:
        wait_for_port(ports["app"], gunicorn, "gunicorn")
        wait_for_port(ports["https"], server, "nginx")
        yield {"ports": ports, "video_id": video_id, "tmp": tmp}
    finally:
        server.terminate()
        gunicorn.terminate()
        server.wait(timeout=20)
        gunicorn.wait(timeout=20)


def login(browser: Browser, email: str, password: str = "wrong password"):
    """Post the login form through nginx."""
    return browser.post_form("/login", {"email": email, "password": password})[0].status


def test_plain_http_is_sent_to_https(site):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", site["ports"]["http"])
    try:
        conn.request("GET", "/login", headers={"Host": "rug.example.org"})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    assert response.status == 301
    assert response.headers["Location"] == "https://rug.example.org/login"


def test_clients_behind_nginx_are_throttled_each_on_their_own(site):
    port = site["ports"]["https"]
    first, second = Browser(port, "127.0.0.2"), Browser(port, "127.0.0.3")
    for _ in range(5):
        assert login(first, "patient@example.org") == 400
    assert login(first, "patient@example.org", PASSWORD) == 429
    # The other address is not held up by the first one's failures.
    assert login(second, "patient@example.org", PASSWORD) == 302


def test_pages_carry_hsts_and_text_is_gzipped(site):
    browser = Browser(site["ports"]["https"])
    response, body = browser.request("GET", "/login", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<form" in gzip.decompress(body)
    css, body = browser.request("GET", "/static/css/app.css", headers={"Accept-Encoding": "gzip"})
    assert css.status == 200 and css.headers["Content-Encoding"] == "gzip"
    assert css.headers["Strict-Transport-Security"]


def test_a_100_mb_upload_passes_nginx_to_the_app(site):
    browser = Browser(site["ports"]["https"])
    assert login(browser, "physio@example.org", PASSWORD) == 302
    token = browser.csrf("/physio/videos")
    boundary = "rugcoachboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="exercise"\r\n\r\nnone\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="video"; '
        'filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    chunk, chunks = b"\0" * (1 << 20), 100

    def body():
        yield head
        for _ in range(chunks):
            yield chunk
        yield tail

    response, page = browser.request(
        "POST",
        "/physio/videos",
        body(),
        {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + len(tail) + chunks * len(chunk)),
        },
    )
    # The app read the whole form and answered about its content, not nginx with a 413.
    assert response.status == 400, page[:500]
    assert b"Rugcoach" in page and b"nginx" not in page


def test_catalogue_video_ranges_are_served_by_nginx(site):
    name = next(p.name for p in (ROOT / "static" / "videos").glob("*.mp4"))
    expected = (ROOT / "static" / "videos" / name).read_bytes()[100:200]
    browser = Browser(site["ports"]["https"])
    response, body = browser.request(
        "GET", f"/static/videos/{name}", headers={"Range": "bytes=100-199"}
    )
    # The app's own video folder is empty here: only nginx could have sent these bytes.
    assert response.status == 206 and body == expected
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert name not in (site["tmp"] / "gunicorn-access.log").read_text()


def test_a_private_upload_goes_through_the_apps_access_check(site):
    port, path = site["ports"]["https"], f"/media/{site['video_id']}/{UPLOAD}"
    assert Browser(port).request("GET", path)[0].status == 404  # anonymous
    stranger = Browser(port)
    assert login(stranger, "stranger@example.org", PASSWORD) == 302
    assert stranger.request("GET", path)[0].status == 404
    owner = Browser(port)
    assert login(owner, "physio@example.org", PASSWORD) == 302
    response, body = owner.request("GET", path, headers={"Range": "bytes=0-13"})
    assert response.status == 206 and body == b"private video "
    assert response.headers["Cache-Control"].startswith("private")
    # The internal location itself is closed to the outside.
    internal = f"/internal-videos/uploads/{UPLOAD}"
    assert Browser(port).request("GET", internal)[0].status == 404
