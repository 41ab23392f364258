"""Rendering: playable files with content-hashed names, skipped when nothing changed."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from webapp.media.encode import encode
from webapp.media.errors import EncodeError
from webapp.media.manifest import load_manifest
from webapp.media.probe import probe
from webapp.media.render import render_catalogue

SMALL = {"width": 320, "height": 180, "fps": 5}
SLUG = "pelvic-tilt"
# A short version of a catalogue motion, so the whole pipeline runs on a few small frames.
SHORT = """
position = "supine"
reps = 2
level = [["shoulders"], ["pelvis", "foot_l", "foot_r"]]
anchor = "shoulders"
[reach.foot_l]
target = "mat"
[reach.foot_r]
target = "mat"
[start]
duration = 1.5
pose = { hip = 58, knee = 105, ankle = 12, lumbar_share = 1 }
cue = { nl = "Lig op uw rug met uw knieën gebogen", en = "Lie on your back with your knees bent" }
[[rep]]
duration = 1.5
pose = { pelvis = -14, spine = 14 }
cue = { nl = "Kantel uw bekken", en = "Tilt your pelvis" }
[[rep]]
duration = 1.5
hold = true
view = "side"
cue = { nl = "Houd vast", en = "Hold it" }
[[rep]]
duration = 1.5
view = "three-quarter"
pose = { pelvis = 0, spine = 0 }
cue = { nl = "Laat los", en = "Let go" }
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, opengl):
    """One short exercise rendered small: a few dozen frames through the real pipeline."""
    root = tmp_path_factory.mktemp("render")
    motions, out = root / "motions", root / "videos"
    motions.mkdir()
    (motions / f"{SLUG}.toml").write_text(SHORT, encoding="utf-8")
    report = render_catalogue(motions, out, **SMALL)
    return motions, out, report


def test_render_writes_a_playable_mp4_captions_and_a_manifest(rendered):
    """An H.264 MP4 with faststart of the right size and length, a poster and two VTT files."""
    _, out, report = rendered
    assert (report.rendered, report.failed) == ([SLUG], {})
    entry = load_manifest(out)["videos"][SLUG]
    assert entry["mp4"] == f"{SLUG}-{entry['hash']}.mp4" and len(entry["hash"]) == 12
    assert "webm" not in entry  # H.264 plays in every current browser: one file is enough
    mp4 = probe(out / entry["mp4"])
    assert (mp4.container, mp4.video_codec, mp4.pix_fmt) == ("mp4", "h264", "yuv420p")
    assert (mp4.width, mp4.height, mp4.has_audio) == (320, 180, False)
    assert mp4.duration == pytest.approx(entry["duration"], abs=0.25)
    assert entry["duration"] == pytest.approx(10.5, abs=0.2)
    head = (out / entry["mp4"]).read_bytes()[:4096]
    assert b"moov" in head  # faststart: the index comes before the frames
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
    assert "Kantel uw bekken" in (out / entry["captions"]["nl"]).read_text(encoding="utf-8")
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
    assert {new[SLUG]["mp4"], new[SLUG]["poster"]} <= names
    assert sorted(names) == sorted(
        [
            *(new[SLUG][kind] for kind in ("mp4", "poster")),
            *new[SLUG]["captions"].values(),
            *new[SLUG]["thumbs"].values(),
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
        encode(frames, (32, 32), 5, missing / "a.mp4")


def test_content_hash_follows_the_inputs_not_the_pixels(monkeypatch):
    """Same motion, body, renderer, palette and settings: same name. Any of them changed:
    a new name. Nothing about the drawn pixels takes part."""
    from webapp.media import render

    motion = b'position = "supine"'
    first = render.content_hash(motion, 320, 180, 12.5)
    assert render.content_hash(motion, 320, 180, 12.5) == first
    assert render.content_hash(motion + b" ", 320, 180, 12.5) != first
    assert render.content_hash(motion, 320, 180, 25) != first
    monkeypatch.setattr(render, "RENDERER_VERSION", "next")
    assert render.content_hash(motion, 320, 180, 12.5) != first
    monkeypatch.undo()
    monkeypatch.setattr(render, "file_digest", lambda path: "another body")
    assert render.content_hash(motion, 320, 180, 12.5) != first
    monkeypatch.undo()
    monkeypatch.setattr(render, "palette_key", lambda: "other colours")
    assert render.content_hash(motion, 320, 180, 12.5) != first
