"""Checking video files and converting physiotherapists' uploads to web-ready MP4.

``probe`` reads a file with PyAV (FFmpeg's libraries, a machine-readable interface): the
container and streams give codec, size and duration, the first decoded frame its rotation,
and reading every packet to the end shows whether the file is whole. Converting still runs
imageio-ffmpeg's ffmpeg.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from webapp.media.errors import MediaUnavailable, ProbeError, TranscodeError

PROBE_TIMEOUT = 120
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


def _av():
    """PyAV, imported on first use: the web server starts before it is installed."""
    try:
        import av
    except ImportError:
        raise MediaUnavailable("PyAV is not installed: pip install -r requirements.txt") from None
    return av


def _ffmpeg() -> str:
    """The bundled ffmpeg's path (imageio-ffmpeg), imported on first use like PyAV."""
    try:
        from webapp.media.encode import ffmpeg_exe
    except ImportError:
        raise MediaUnavailable("ffmpeg is not installed: pip install -r requirements.txt") from None
    return ffmpeg_exe()


def _container_name(container, codec: str) -> str:
    """The container's common name: FFmpeg names a family ("mov,mp4,...", "matroska,webm")."""
    names = container.format.name.split(",")
    if "mp4" in names:
        brand = (container.metadata.get("major_brand") or "").strip()
        return "mov" if brand == "qt" else "mp4"
    if "webm" in names:
        return "webm" if codec in ("vp8", "vp9", "av1") else "matroska"
    return names[0]


def _read_to_the_end(container, stream, name: str, deadline: float) -> float:
    """Read every packet of ``stream``; returns where the last one ends, in seconds."""
    av, end = _av(), 0.0
    try:
        for packet in container.demux(stream):
            if time.monotonic() > deadline:
                raise ProbeError(f"{name}: reading the file took longer than {PROBE_TIMEOUT} s")
            if packet.pts is not None and packet.time_base is not None:
                end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
    except av.FFmpegError as error:
        raise ProbeError(f"{name}: not a complete video file ({error.strerror})") from None
    return end


def probe(path: Path, timeout: float = PROBE_TIMEOUT) -> Probe:
    """Describe a video file; raise ProbeError if it is not a whole, playable video."""
    path = Path(path)
    if not path.is_file():
        raise ProbeError(f"{path.name}: no such file")
    av, deadline = _av(), time.monotonic() + timeout
    try:
        container = av.open(str(path), metadata_errors="replace")
    except av.FFmpegError:
        raise ProbeError(f"{path.name}: not a video file") from None
    with container:
        # Cover art in an audio file shows up as a one-picture video stream.
        videos = [s for s in container.streams.video if not s.disposition & 0x400]
        if not videos:
            raise ProbeError(f"{path.name}: no video stream found")
        stream = videos[0]
        context = stream.codec_context
        if not context.width or not context.height:
            raise ProbeError(f"{path.name}: the video has no frame size")
        total = float(container.duration / av.time_base) if container.duration else 0.0
        if total <= 0 and stream.duration and stream.time_base:
            total = float(stream.duration * stream.time_base)
        if total <= 0:
            raise ProbeError(f"{path.name}: has no duration (a still image, not a video)")
        codec = context.name
        width, height = context.width, context.height
        try:
            rotation = next(container.decode(stream)).rotation
        except (av.FFmpegError, StopIteration):
            raise ProbeError(f"{path.name}: not a complete video file (no frame)") from None
        if round(abs(rotation)) % 180 == 90:
            width, height = height, width
        container.seek(0)
        end = _read_to_the_end(container, stream, path.name, deadline)
        if end < 0.9 * total - 0.5:
            raise ProbeError(f"{path.name}: the file stops at {end:.1f} s of {total:.1f} s")
        return Probe(
            container=_container_name(container, codec),
            video_codec=codec,
            pix_fmt=context.format.name if context.format else "",
            width=width,
            height=height,
            duration=total,
            has_audio=bool(container.streams.audio),
        )


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
        _ffmpeg(),
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
        _ffmpeg(),
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
