"""Checking video files and converting physiotherapists' uploads to web-ready MP4.

imageio-ffmpeg ships ffmpeg without ffprobe, so ``probe`` reads what ``ffmpeg -i`` prints
while it copies every packet to nowhere: the header gives codec and size, and reading to
the end shows whether the file is whole.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from webapp.media.encode import ffmpeg_exe
from webapp.media.errors import ProbeError, TranscodeError

PROBE_TIMEOUT = 120
# Words ffmpeg uses when a file stops before its own header says it should.
BROKEN = (
    "partial file",
    "file ended prematurely",
    "moov atom not found",
    "invalid data found",
    "error opening input",
)
POSTER_AT = 1.0  # seconds into an upload; earlier for very short clips


@dataclass(frozen=True)
class Probe:
    """What a video file holds."""

    container: str  # mp4, mov, webm, matroska, ...
    video_codec: str  # h264, vp9, hevc, ...
    pix_fmt: str
    width: int  # as displayed (phone recordings turned upright)
    height: int
    duration: float  # seconds
    has_audio: bool


def _seconds(text: str) -> float:
    """HH:MM:SS.ss as seconds."""
    hours, minutes, seconds = text.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _outside_parentheses(text: str) -> list[str]:
    """Split a stream description at commas that are not inside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def parse_probe(log: str, name: str) -> Probe:
    """Read ffmpeg's description of its input; ``name`` is used in error messages."""
    lowered = log.lower()
    problem = next((word for word in BROKEN if word in lowered), None)
    if problem:
        raise ProbeError(f"{name}: not a complete video file ({problem})")
    formats = re.search(r"Input #0, ([\w,]+), from", log)
    duration = re.search(r"Duration: (\d+:\d\d:\d\d(?:\.\d+)?)", log)
    streams = re.findall(r"Stream #0:\d+.*?: Video: (.*)", log)
    # Cover art in an audio file shows up as a one-picture video stream.
    video = next((s for s in streams if "attached pic" not in s), None)
    if not formats or not video:
        raise ProbeError(f"{name}: no video stream found")
    if not duration or _seconds(duration.group(1)) <= 0:
        raise ProbeError(f"{name}: has no duration (a still image, not a video)")
    fields = _outside_parentheses(video)
    codec = fields[0].split()[0]
    pix_fmt = fields[1].split("(")[0].strip() if len(fields) > 1 else ""
    size = re.search(r"(\d{2,5})x(\d{2,5})", video)
    if not size:
        raise ProbeError(f"{name}: the video has no frame size")
    width, height = int(size.group(1)), int(size.group(2))
    rotation = re.search(r"rotation of (-?[\d.]+) degrees", log)
    if rotation and round(abs(float(rotation.group(1)))) % 180 == 90:
        width, height = height, width
    copied = re.findall(r"time=(\d+:\d\d:\d\d\.\d+)", log)
    total = _seconds(duration.group(1))
    if copied and _seconds(copied[-1]) < 0.9 * total - 0.5:
        raise ProbeError(f"{name}: the file stops at {copied[-1]} of {duration.group(1)}")
    names = formats.group(1).split(",")
    if "mp4" in names:
        container = "mov" if re.search(r"major_brand\s*:\s*qt", log) else "mp4"
    elif "webm" in names:
        container = "webm" if codec in ("vp8", "vp9", "av1") else "matroska"
    else:
        container = names[0]
    return Probe(container, codec, pix_fmt, width, height, total, "Audio:" in log)


def probe(path: Path, timeout: float = PROBE_TIMEOUT) -> Probe:
    """Describe a video file; raise ProbeError if it is not a whole, playable video."""
    path = Path(path)
    if not path.is_file():
        raise ProbeError(f"{path.name}: no such file")
    command = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-i",
        str(path),
        "-map",
        "0",
        "-c",
        "copy",
        "-f",
        "null",
        "-",
    ]
    try:
        # A fixed argv and no shell: the path is passed as one argument.
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as error:
        raise ProbeError(f"{path.name}: reading the file took longer than {timeout:g} s") from error
    # The path itself could contain any of the words looked for, so it is left out.
    log = result.stderr.decode("utf-8", "replace").replace(str(path), "<input>")
    return parse_probe(log, path.name)


def _run(command: list[str], timeout: float, what: str) -> None:
    """Run ffmpeg; raise TranscodeError with its last words when it fails."""
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as error:
        raise TranscodeError(f"{what} took longer than {timeout:g} s") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()[-600:]
        raise TranscodeError(f"{what} failed: {message or f'exit {result.returncode}'}")


def transcode_to_mp4(
    src: Path, dst_mp4: Path, dst_poster: Path, max_height: int = 720, timeout: float = 900
) -> Probe:
    """Convert an uploaded recording (mp4, mov, webm, ...) to a web MP4 and a poster JPEG.

    H.264 yuv420p with faststart and a keyframe every 2 s; at most ``max_height`` pixels
    high (never enlarged), aspect kept, even dimensions; the first audio track as AAC.
    Returns the probe of the new MP4. Raises ProbeError when the upload is not a video,
    TranscodeError when ffmpeg fails or runs past ``timeout`` seconds.
    """
    src, dst_mp4, dst_poster = Path(src), Path(dst_mp4), Path(dst_poster)
    source = probe(src)
    part_mp4 = dst_mp4.with_name(dst_mp4.name + ".part")
    part_poster = dst_poster.with_name(dst_poster.name + ".part")
    scale = f"scale=w=-2:h='trunc(min(ih,{int(max_height)})/2)*2':flags=lanczos"
    encode = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-i",
        str(src),
        "-map",
        "0:v:0",
        "-map",
        "0:a:0?",
        "-vf",
        scale,
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "23",
        "-pix_fmt",
        "yuv420p",
        "-force_key_frames",
        "expr:gte(t,n_forced*2)",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(part_mp4),
    ]
    at = min(POSTER_AT, source.duration / 2)
    poster = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-ss",
        f"{at:.3f}",
        "-i",
        str(part_mp4),
        "-frames:v",
        "1",
        "-q:v",
        "3",
        "-update",
        "1",
        "-f",
        "image2",
        str(part_poster),
    ]
    try:
        _run(encode, timeout, f"converting {src.name}")
        _run(poster, min(timeout, PROBE_TIMEOUT), f"making the poster of {src.name}")
        result = probe(part_mp4)
        os.replace(part_mp4, dst_mp4)
        os.replace(part_poster, dst_poster)
    finally:
        for leftover in (part_mp4, part_poster):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return result
