"""Probing videos and converting uploads: whole files pass, broken ones are refused."""

from __future__ import annotations

import subprocess

import pytest
from PIL import Image

from webapp.media.encode import ffmpeg_exe
from webapp.media.errors import ProbeError, TranscodeError
from webapp.media.probe import probe, transcode_to_mp4


def test_probe_describes_an_mp4(tmp_path, test_video):
    """Codec, pixel format, size, duration and audio of a small H.264 file."""
    info = probe(test_video(tmp_path / "clip.mp4", "320x180", audio=True))
    assert (info.container, info.video_codec, info.pix_fmt) == ("mp4", "h264", "yuv420p")
    assert (info.width, info.height, info.has_audio) == (320, 180, True)
    assert info.duration == pytest.approx(2.0, abs=0.1)


def test_probe_refuses_a_text_file_renamed_to_mp4(tmp_path):
    """A renamed text file is not a video."""
    fake = tmp_path / "oefening.mp4"
    fake.write_text("Dit is geen video.\n", encoding="utf-8")
    with pytest.raises(ProbeError, match=r"oefening\.mp4"):
        probe(fake)


def test_probe_refuses_a_truncated_mp4(tmp_path, test_video):
    """A faststart MP4 cut in half still has its header, but not its frames."""
    whole = test_video(tmp_path / "whole.mp4", "320x180", seconds=4.0)
    cut = tmp_path / "cut.mp4"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    assert probe(whole).duration == pytest.approx(4.0, abs=0.1)
    with pytest.raises(ProbeError, match=r"cut\.mp4"):
        probe(cut)


def test_probe_refuses_a_missing_file(tmp_path):
    """No file, no video."""
    with pytest.raises(ProbeError, match="no such file"):
        probe(tmp_path / "gone.mp4")


def test_probe_turns_phone_recordings_upright(tmp_path, test_video):
    """A stream stored sideways with a 90 degree rotation (a phone's .mov) shows upright."""
    flat = test_video(tmp_path / "flat.mp4", "320x180", audio=True)
    phone = tmp_path / "phone.mov"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-display_rotation:v:0",
            "-90",
            "-i",
            str(flat),
            "-c",
            "copy",
            str(phone),
        ],
        check=True,
    )
    info = probe(phone)
    assert (info.container, info.video_codec, info.width, info.height) == ("mov", "h264", 180, 320)
    assert info.has_audio


def test_probe_reads_the_streams_not_ffmpegs_messages(tmp_path, test_video, monkeypatch):
    """No ffmpeg process is asked to describe the file: its human-readable text may change."""

    def no_process(*args, **kwargs):
        raise AssertionError(f"probe ran a process: {args[0]}")

    clip = test_video(tmp_path / "clip.webm", "320x180")
    monkeypatch.setattr(subprocess, "run", no_process)
    info = probe(clip)
    assert (info.container, info.video_codec, info.width) == ("webm", "vp9", 320)


def test_transcode_turns_a_webm_into_a_web_mp4_with_poster(tmp_path, test_video):
    """H.264 yuv420p, at most max_height high with even sides, audio kept, and a poster."""
    source = test_video(tmp_path / "upload.webm", "400x301", audio=True)
    mp4, poster = tmp_path / "out.mp4", tmp_path / "out.jpg"
    info = transcode_to_mp4(source, mp4, poster, max_height=240, timeout=60)
    assert (info.video_codec, info.pix_fmt, info.container) == ("h264", "yuv420p", "mp4")
    assert info.height == 240 and info.width % 2 == 0 and info.width == pytest.approx(319, abs=1)
    assert info.has_audio
    assert info.duration == pytest.approx(2.0, abs=0.15)
    assert probe(mp4) == info
    with Image.open(poster) as image:
        assert image.format == "JPEG" and image.size == (info.width, info.height)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jpg", "out.mp4", "upload.webm"]


def test_transcode_never_enlarges(tmp_path, test_video):
    """A small upload keeps its size (rounded to even)."""
    source = test_video(tmp_path / "small.mp4", "160x90")
    info = transcode_to_mp4(source, tmp_path / "o.mp4", tmp_path / "o.jpg", timeout=60)
    assert (info.width, info.height, info.has_audio) == (160, 90, False)


def test_transcode_refuses_what_is_not_a_video(tmp_path):
    """The probe's error reaches the caller; nothing is left behind."""
    fake = tmp_path / "notes.mov"
    fake.write_bytes(b"\x00" * 2048)
    with pytest.raises(ProbeError):
        transcode_to_mp4(fake, tmp_path / "o.mp4", tmp_path / "o.jpg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.mov"]


def test_transcode_reports_a_timeout(tmp_path, test_video):
    """A conversion that runs too long is stopped with a clear error."""
    source = test_video(tmp_path / "long.mp4", "320x180", seconds=3.0)
    with pytest.raises(TranscodeError, match="took longer"):
        transcode_to_mp4(source, tmp_path / "o.mp4", tmp_path / "o.jpg", timeout=0.001)
