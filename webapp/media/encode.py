"""Encoding rendered frames with the ffmpeg that ships in the imageio-ffmpeg wheel."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import imageio_ffmpeg
from PIL import Image

from webapp.media.errors import EncodeError

# H.264 plays in every current browser, so one MP4 serves all (no WebM: it cost a second
# encode and as much disk again). A keyframe every two seconds keeps seeking quick;
# faststart puts the index first so playback starts before the whole file has arrived.
MP4_OPTIONS = [
    "-c:v",
    "libx264",
    "-preset",
    "medium",
    "-crf",
    "24",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
]


def ffmpeg_exe() -> str:
    """Path of the bundled ffmpeg binary (no system ffmpeg needed)."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def encode_command(size: tuple[int, int], fps: float, mp4: Path) -> list[str]:
    """One ffmpeg run: raw RGB frames on stdin, an H.264 MP4 out."""
    width, height = size
    keyframes = ["-g", str(round(2 * fps)), "-an"]
    return [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{width}x{height}",
        "-r",
        f"{fps:g}",
        "-i",
        "pipe:0",
        "-map",
        "0:v",
        *MP4_OPTIONS,
        *keyframes,
        "-f",
        "mp4",
        str(mp4),
    ]


def encode(frames: Iterable[Image.Image], size: tuple[int, int], fps: float, mp4: Path) -> int:
    """Encode frames into an H.264 MP4.

    Frames are piped while they are drawn, so drawing and encoding share the CPU cores.
    Returns the number of frames; raises EncodeError with ffmpeg's own words on failure.
    """
    count = 0
    with tempfile.TemporaryFile() as log:
        # stderr goes to a file: a full pipe would stall ffmpeg.
        command = encode_command(size, fps, mp4)
        with subprocess.Popen(command, stdin=subprocess.PIPE, stderr=log) as process:  # noqa: S603 (fixed argv)
            try:
                for frame in frames:
                    process.stdin.write(frame.tobytes())
                    count += 1
                process.stdin.close()
            except BrokenPipeError:
                pass  # ffmpeg stopped early; its exit code and log say why
            except BaseException:
                process.kill()
                raise
        if process.returncode != 0 or count == 0:
            log.seek(0)
            message = log.read().decode("utf-8", "replace").strip()[-800:]
            raise EncodeError(
                f"ffmpeg failed (exit {process.returncode}): {message or 'no frames'}"
            )
    return count
