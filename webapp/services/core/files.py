"""Folders and files that hold people's data: readable by the app's own user only."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: str | Path) -> Path:
    """Make the folder (and missing parents) if needed, open to the owner only."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    # A folder made by an older version, or with a wider umask, is narrowed as well.
    if folder.stat().st_uid == os.geteuid():
        folder.chmod(PRIVATE_DIR)
    return folder


def write_private(path: str | Path, data: bytes) -> None:
    """Write a new file that only the owner can read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
