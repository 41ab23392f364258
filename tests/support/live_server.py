"""A live server the browser tests drive: gunicorn on a free port, as in production."""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass

import pytest


@dataclass
class LiveServer:
    """The running app: its address and the settings to reach its database in-process."""

    url: str
    config: dict

    def __str__(self) -> str:
        return self.url


def wait_for(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    """Wait until gunicorn accepts connections (or fail with its exit status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail("gunicorn did not start")
