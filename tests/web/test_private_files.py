"""The instance folder, the SQLite database, the outbox and the uploads: the owner's only."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from tests.support.clock import START
from webapp import create_app
from webapp.db import Base
from webapp.services.core.errors import ServiceError
from webapp.services.library.uploads import accept_upload, process_uploads
from webapp.services.mail.mime import WireMessage
from webapp.services.mail.transport import FileTransport


def mode(path: Path) -> int:
    """The permission bits of a file or folder."""
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """A common umask (others may read), so the test shows what the app narrows."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_instance_folder_and_database_are_private(tmp_path):
    instance = tmp_path / "fresh" / "instance"
    app = create_app(
        {"INSTANCE_PATH": str(instance), "DATABASE_URL": f"sqlite:///{instance / 'rc.db'}"}
    )
    engine = app.extensions["rugcoach.engine"]
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM users")
        assert mode(instance) == 0o710  # the web server's group may only pass through
        for name in ("rc.db", "rc.db-wal", "rc.db-shm"):
            assert mode(instance / name) == 0o600, name
    engine.dispose()


def test_outbox_files_are_private(tmp_path):
    outbox = tmp_path / "outbox"
    message = WireMessage(
        sender="rc@example.org",
        recipients=("a@example.org",),
        data=b"Subject: x\r\n\r\nBody\r\n",
        date=START,
    )
    FileTransport(outbox).send(message)
    assert mode(outbox) == 0o700
    (written,) = outbox.glob("*.eml")
    assert mode(written) == 0o600


def test_upload_folders_are_private(app, db, physio, exercises, tmp_path):
    uploads = tmp_path / "private-uploads"
    with pytest.raises(ServiceError):
        accept_upload(
            db,
            physio=physio,
            exercise=exercises[0],
            upload=FileStorage(io.BytesIO(b"not a video"), filename="clip.mp4"),
            upload_dir=uploads,
            max_seconds=60,
            now=START,
        )
    with app.app_context():
        process_uploads(db, uploads, START)
    # Originals stay the owner's; nginx's group passes through to the finished videos only.
    assert mode(uploads) == 0o710
    assert mode(uploads / "incoming") == 0o700
    assert mode(uploads / "videos") == 0o750
