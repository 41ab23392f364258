"""Paused players under gunicorn: they stop reading, and the site must keep answering."""

from __future__ import annotations

import os
import re
import socket
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.browser import DEMO_PATIENT, log_in
from tests.support.media import add_video, write_file
from webapp import create_app
from webapp.clock import utcnow
from webapp.db import new_session
from webapp.library.sendfile import OPEN_RANGE_MAX, OPEN_RANGE_MIN
from webapp.models import Exercise, User, VideoSource

pytestmark = pytest.mark.browser
STALLED = 12  # more than the live server's 8 threads
NAME = "stall-0123456789abcdef.mp4"
HASH = "0123456789abcdef" * 4
SIZE = 16 * 1024 * 1024


@pytest.fixture
def big_video(live_server):
    """A 16 MiB video the demo patient's physio uploaded (the app serves only uploads)."""
    folder = Path(live_server.config["UPLOAD_DIR"]) / "videos"
    path = write_file(folder, NAME, os.urandom(SIZE))
    app = create_app(dict(live_server.config))
    with app.app_context(), new_session(app) as session:
        exercise = session.scalars(select(Exercise).limit(1)).one()
        physio_id = session.scalar(select(User.physio_id).where(User.email == DEMO_PATIENT))
        video_id = add_video(
            session,
            utcnow,
            exercise,
            NAME,
            content_hash=HASH,
            source=VideoSource.UPLOAD,
            uploaded_by=physio_id,
        ).id
    app.extensions["rugcoach.engine"].dispose()
    yield f"/media/{video_id}/{NAME}"
    path.unlink()


def _stalled_request(base: str, path: str, cookie: str) -> socket.socket:
    """Ask for the whole video from its start, like a player, and then read nothing."""
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nRange: bytes=0-\r\n"
        f"Cookie: session={cookie}\r\n\r\n".encode()
    )
    return sock


def test_paused_players_do_not_take_every_server_thread(page, live_server, big_video):
    log_in(page, live_server, landing="/today")
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "session")
    stalled = [_stalled_request(str(live_server), big_video, cookie) for _ in range(STALLED)]
    try:
        time.sleep(1)  # every request has reached a server thread
        started = time.monotonic()
        with urllib.request.urlopen(f"{live_server}/healthz", timeout=10) as answer:
            assert answer.status == 200
        assert time.monotonic() - started < 5
        head = stalled[0].recv(4096).decode("latin-1")
        assert head.startswith("HTTP/1.1 206 ")  # the reason phrase is the server's choice
        # At most what the socket's send buffer holds (net.core.wmem_max may grant less).
        last = int(re.search(rf"Content-Range: bytes 0-(\d+)/{SIZE}", head)[1])
        assert OPEN_RANGE_MIN <= last + 1 <= OPEN_RANGE_MAX
    finally:
        for sock in stalled:
            sock.close()
