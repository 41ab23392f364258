"""Rendering: playable files with content-hashed names, skipped when nothing changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from webapp.media.encode import encode
from webapp.media.errors import EncodeError
from webapp.media.manifest import load_manifest
from webapp.media.probe import probe
from webapp.media.render import render_catalogue

MOTIONS = Path(__file__).parents[2] / "webapp" / "catalogue" / "motions"
SMALL = {"width": 320, "height": 180, "fps": 10}
SLUG = "pelvic-tilt"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One exercise rendered small from a copy of its motion file."""
    root = tmp_path_factory.mktemp("render")
    motions, out = root / "motions", root / "videos"
    motions.mkdir()
    shutil.copy(MOTIONS / f"{SLUG}.toml", motions)
    report = render_catalogue(motions, out, **SMALL)
    return motions, out, report


def test_render_writes_playable_videos_captions_and_a_manifest(rendered):
    """H.264 MP4 and VP9 WebM of the right size and length, a poster and two VTT files."""
    _, out, report = rendered
    assert (report.rendered, report.failed) == ([SLUG], {})
    entry = load_manifest(out)["videos"][SLUG]
    assert entry["mp4"] == f"{SLUG}-{entry['hash']}.mp4" and len(entry["hash"]) == 12
    mp4, webm = probe(out / entry["mp4"]), probe(out / entry["webm"])
    assert (mp4.container, mp4.video_codec, mp4.pix_fmt) == ("mp4", "h264", "yuv420p")
    assert (webm.container, webm.video_codec) == ("webm", "vp9")
    for video in (mp4, webm):
        assert (video.width, video.height, video.has_audio) == (320, 180, False)
        assert video.duration == pytest.approx(entry["duration"], abs=0.15)
    assert 15 <= entry["duration"] <= 30
    assert entry["sizes"]["mp4"] == (out / entry["mp4"]).stat().st_size
    with Image.open(out / entry["poster"]) as poster:
        assert (poster.format, poster.size) == ("JPEG", (320, 180))
        corner = poster.convert("RGB").getpixel((12, 12))  # no counter card on the poster
        assert all(abs(a - b) < 6 for a, b in zip(corner, (243, 240, 232), strict=True))
    for lang in ("nl", "en"):
        vtt = (out / entry["captions"][lang]).read_text(encoding="utf-8")
        assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> ")
        assert len(entry["transcript"][lang]) == vtt.count(" --> ")
        assert entry["transcript"][lang][-1][1] <= entry["duration"]
    assert "kantel uw bekken" in (out / entry["captions"]["nl"]).read_text(encoding="utf-8")
    assert entry["transcript"]["en"][0][2] == "Lie on your back with your knees bent"


def test_second_render_without_changes_does_nothing(rendered):
    """Same motion, same settings: reported unchanged and no file is touched."""
    motions, out, _ = rendered
    before = {path.name: path.stat().st_mtime_ns for path in out.iterdir()}
    report = render_catalogue(motions, out, **SMALL)
    assert (report.rendered, report.unchanged) == ([], [SLUG])
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir()} == before


def test_changed_motion_gets_a_new_hash_and_the_old_files_go(rendered):
    """Editing a caption renders again under a new name, keeps other entries, drops old files."""
    motions, out, _ = rendered
    manifest = load_manifest(out)
    manifest["videos"]["walking"] = {"hash": "000000000000", "mp4": "walking-000000000000.mp4"}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    old = manifest["videos"][SLUG]
    motion = motions / f"{SLUG}.toml"
    motion.write_text(motion.read_text(encoding="utf-8").replace("Laat los", "Laat nu los"))
    report = render_catalogue(motions, out, slugs=[SLUG], **SMALL)
    assert report.rendered == [SLUG]
    new = load_manifest(out)["videos"]
    assert new[SLUG]["hash"] != old["hash"]
    assert new["walking"]["hash"] == "000000000000"
    names = {path.name for path in out.iterdir()}
    assert not any(old["hash"] in name for name in names)
    assert {new[SLUG]["mp4"], new[SLUG]["webm"], new[SLUG]["poster"]} <= names
    assert sorted(names) == sorted(
        [
            *(new[SLUG][kind] for kind in ("mp4", "webm", "poster")),
            *new[SLUG]["captions"].values(),
            "manifest.json",
        ]
    )
    assert "Laat nu los" in (out / new[SLUG]["captions"]["nl"]).read_text(encoding="utf-8")


def test_unknown_slug_is_reported_not_raised(rendered):
    """Asking for an exercise without a motion file fails for that slug only."""
    motions, out, _ = rendered
    report = render_catalogue(motions, out, slugs=["handstand"], **SMALL)
    assert "handstand.toml" in report.failed["handstand"]
    assert str(report).startswith("0 rendered, 0 unchanged, 1 failed; handstand: no motion")


def test_manifest_is_empty_when_missing_or_unreadable(tmp_path):
    """No manifest or a broken one reads as no videos."""
    assert load_manifest(tmp_path) == {"version": 1, "videos": {}}
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert load_manifest(tmp_path) == {"version": 1, "videos": {}}


def test_encoder_failure_is_reported_with_ffmpegs_words(tmp_path):
    """An output ffmpeg cannot write raises EncodeError, not a broken pipe."""
    frames = [Image.new("RGB", (32, 32), "white")] * 3
    missing = tmp_path / "missing"
    with pytest.raises(EncodeError, match="ffmpeg failed"):
        encode(frames, (32, 32), 5, missing / "a.mp4", missing / "a.webm")
