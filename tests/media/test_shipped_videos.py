"""The rendered catalogue that ships in static/videos: complete, current and readable.

A fresh clone serves these files without rendering anything, so they must match the
motion files, the body and the renderer they claim to come from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from config import ROOT
from tests.media.conftest import MOTIONS
from webapp.media.captions import readability_problems
from webapp.media.manifest import MANIFEST, load_manifest
from webapp.media.probe import probe
from webapp.media.render import FPS, HEIGHT, WIDTH, content_hash
from webapp.services.library.catalogue import read_catalogue

SHIPPED = ROOT / "static" / "videos"
MANIFEST_VIDEOS = load_manifest(SHIPPED)["videos"]
SLUGS = sorted(path.stem for path in MOTIONS.glob("*.toml"))


def test_every_motion_and_every_catalogue_exercise_has_a_shipped_video():
    """The manifest names a video for each motion file and each exercise in the catalogue."""
    exercises = {exercise.slug for exercise in read_catalogue(ROOT / "webapp" / "catalogue")}
    assert set(MANIFEST_VIDEOS) >= set(SLUGS) | exercises


@pytest.mark.parametrize("slug", SLUGS)
def test_shipped_video_is_current_and_its_files_exist(slug):
    """The name's hash is that of today's inputs, so nothing is rendered again on start."""
    entry = MANIFEST_VIDEOS[slug]
    motion = (MOTIONS / f"{slug}.toml").read_bytes()
    assert entry["hash"] == content_hash(motion, WIDTH, HEIGHT, FPS), (
        f"{slug}: motion, body or renderer changed: run `flask --app webapp videos render`"
    )
    assert (entry["width"], entry["height"], entry["fps"]) == (WIDTH, HEIGHT, FPS)
    for name in (entry["mp4"], entry["poster"], *entry["captions"].values()):
        assert (SHIPPED / name).is_file(), name
        assert entry["hash"] in name


@pytest.mark.parametrize("slug", SLUGS)
def test_shipped_mp4_is_h264_with_faststart(slug):
    """H.264 at the catalogue size, with its index at the front so playback starts at once."""
    path = SHIPPED / MANIFEST_VIDEOS[slug]["mp4"]
    video = probe(path)
    assert (video.video_codec, video.width, video.height) == ("h264", WIDTH, HEIGHT)
    assert b"moov" in path.read_bytes()[:256]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_shipped_captions_are_readable(slug, lang):
    """Every cue in the VTT files stays long enough and asks no more than 17 characters a second."""
    entry = MANIFEST_VIDEOS[slug]
    vtt = (SHIPPED / entry["captions"][lang]).read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n")
    cues = [tuple(cue) for cue in entry["transcript"][lang]]
    assert len(cues) == vtt.count(" --> ")
    assert readability_problems(cues) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_shipped_lists_get_small_thumbnails(slug):
    """The library lists 320-pixel thumbnails, JPEG and WebP, a fraction of the poster."""
    entry = MANIFEST_VIDEOS[slug]
    poster = (SHIPPED / entry["poster"]).stat().st_size
    for kind, name in entry["thumbs"].items():
        with Image.open(SHIPPED / name) as image:
            assert (image.format, image.width) == ({"jpg": "JPEG", "webp": "WEBP"}[kind], 320)
        assert (SHIPPED / name).stat().st_size < poster / 3


def test_no_stray_files_ship():
    """Only the manifest's files (and the manifest) are in the folder: old renders are gone."""
    named = {MANIFEST, ".gitkeep"}
    for entry in MANIFEST_VIDEOS.values():
        named |= {entry["mp4"], entry["poster"], *entry["captions"].values()}
        named |= set(entry["thumbs"].values())
    present = {path.name for path in Path(SHIPPED).iterdir()}
    assert present == named
    assert sum((SHIPPED / name).stat().st_size for name in present) < 40_000_000
