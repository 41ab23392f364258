"""Folders and files that hold people's data: readable by the app's own user only.

One exception, for the web server in front: nginx (in the app's group) sends a
physiotherapist's finished video itself once the app has checked who asks
(X-Accel-Redirect). So the instance and upload folders let the group pass through
without listing them, and only the finished videos' folder and files are group-readable.
The database, secrets, outbox and original uploads stay the owner's alone.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PASSAGE_DIR = 0o710  # the group may pass through to a folder below, never list or read
SERVED_DIR = 0o750  # finished uploaded videos, sent by nginx after the app's check
SERVED_FILE = 0o640


def private_dir(path: str | Path, mode: int = PRIVATE_DIR) -> Path:
    """Make the folder (and missing parents) if needed, open to the owner only (or ``mode``)."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=mode)
    # A folder made by an older version, or with a wider umask, is narrowed as well.
    if folder.stat().st_uid == os.geteuid():
        folder.chmod(mode)
    return folder


def write_private(path: str | Path, data: bytes) -> None:
    """Write a new file that only the owner can read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
