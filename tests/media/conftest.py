"""Fixtures for the media tests: the ffmpeg binary, small generated videos and OpenGL."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.database import CI
from webapp.media.encode import ffmpeg_exe
from webapp.media.errors import RenderError

MOTIONS = Path(__file__).parents[2] / "webapp" / "catalogue" / "motions"


def make_test_video(path: Path, size: str, seconds: float = 2.0, audio: bool = False) -> Path:
    """Write a short test-pattern video (with a tone when ``audio``) in the path's format."""
    command = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc=size={size}:rate=25:duration={seconds}",
    ]
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    if path.suffix == ".webm":
        command += ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"]
        command += ["-c:a", "libopus"] if audio else []
    else:
        command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        command += ["-c:a", "aac"] if audio else []
    subprocess.run([*command, str(path)], check=True)
    return path


@pytest.fixture
def test_video():
    """The make_test_video helper, for tests that need a video of their own."""
    return make_test_video


@pytest.fixture(scope="session")
def opengl():
    """An EGL context can be made; CI requires it (it installs Mesa), elsewhere we skip."""
    from webapp.media.gl import create_context

    try:
        create_context().release()
    except RenderError as error:
        if CI:
            pytest.fail(f"CI requires OpenGL on EGL for the render tests: {error}")
        pytest.skip(str(error))
