"""Rendering the catalogue's demonstration videos into content-hashed files.

Each exercise gets ``<slug>-<hash12>.mp4``, ``.jpg``, ``.nl.vtt`` and ``.en.vtt``. The hash
covers the inputs only: the motion file, the body file, RENDERER_VERSION, the palette and the
size and frame rate. Never the pixels: a Mesa update changes pixels, not what a video shows.
Unchanged videos are skipped; changed ones get new names browsers may cache forever.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from webapp.media.body import BODY_FILE, file_digest
from webapp.media.captions import transcript, webvtt
from webapp.media.errors import MediaError
from webapp.media.keyframes import LANGUAGES
from webapp.media.look import palette_key
from webapp.media.manifest import file_names, load_manifest, save_manifest, stale_files
from webapp.media.motion import load_motion
from webapp.media.thumbs import make_thumbnails, thumbnail_names

# Raise when the drawing, posing or encoding changes, so every video is rendered again.
RENDERER_VERSION = "3d-1"
POSTER_QUALITY = 86
WIDTH, HEIGHT, FPS = 960, 540, 12.5


@dataclass
class RenderReport:
    """What a catalogue render did, per slug."""

    rendered: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # slug -> reason
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per slug

    def __str__(self) -> str:
        """One line for the command line: counts, then each failure with its reason."""
        line = f"{len(self.rendered)} rendered, {len(self.unchanged)} unchanged"
        line += f", {len(self.failed)} failed"
        return "; ".join([line, *(f"{slug}: {why}" for slug, why in self.failed.items())])


def content_hash(motion_bytes: bytes, width: int, height: int, fps: float) -> str:
    """Twelve hex digits naming one rendering of one motion file (from inputs, not pixels)."""
    settings = json.dumps(
        {"size": [width, height], "fps": fps, "body": file_digest(BODY_FILE)}, sort_keys=True
    )
    digest = hashlib.sha256()
    parts = (RENDERER_VERSION.encode(), settings.encode(), palette_key().encode(), motion_bytes)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()[:12]


def _entry(maker, digest: str, out_dir: Path) -> dict:
    """The manifest entry of a rendered video, from its timeline and files."""
    names = file_names(maker.motion.slug, digest)
    duration = maker.duration
    return {
        "hash": digest,
        "mp4": names["mp4"],
        "poster": names["poster"],
        "thumbs": thumbnail_names(names["poster"]),
        "captions": {lang: names[lang] for lang in LANGUAGES},
        "duration": round(duration, 3),
        "width": maker.size[0],
        "height": maker.size[1],
        "fps": maker.fps,
        "sizes": {"mp4": (out_dir / names["mp4"]).stat().st_size},
        "transcript": {lang: transcript(maker.timeline.cues(lang, duration)) for lang in LANGUAGES},
    }


def _write_files(maker, digest: str, out_dir: Path) -> None:
    """Draw and encode one video, writing each file under a temporary name first."""
    from webapp.media.encode import encode

    names = file_names(maker.motion.slug, digest)
    final = {role: out_dir / name for role, name in names.items()}
    part = {role: path.with_name(f".{path.name}.part") for role, path in final.items()}
    try:
        poster = maker.image(min(maker.timeline.poster_time(), maker.duration), overlay=False)
        poster.save(part["poster"], "JPEG", quality=POSTER_QUALITY, optimize=True)
        encode(maker.images(), maker.size, maker.fps, part["mp4"])
        for lang in LANGUAGES:
            text = webvtt(maker.timeline.cues(lang, maker.duration), maker.duration)
            part[lang].write_text(text, encoding="utf-8")
        for role, path in part.items():
            os.replace(path, final[role])
        make_thumbnails(final["poster"])
    finally:
        for path in part.values():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def render_exercise(
    motion_path: Path,
    out_dir: Path,
    *,
    force: bool = False,
    width: int = WIDTH,
    height: int = HEIGHT,
    fps: float = FPS,
) -> str:
    """Render one motion file unless its files exist; return "rendered" or "unchanged".

    Updates the manifest, then deletes the exercise's files from earlier renders. Raises
    MotionError for bad motion data and EncodeError when ffmpeg fails.
    """
    motion_path, out_dir = Path(motion_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    motion = load_motion(motion_path)
    digest = content_hash(motion_path.read_bytes(), width, height, fps)
    names = file_names(motion.slug, digest).values()
    present = all((out_dir / name).is_file() for name in names)
    manifest = load_manifest(out_dir)
    entry = manifest["videos"].get(motion.slug, {})
    listed = entry.get("hash") == digest
    if present and not force:
        # Thumbnails come from the poster: no need to draw anything for them.
        poster = out_dir / file_names(motion.slug, digest)["poster"]
        if not all((out_dir / name).is_file() for name in thumbnail_names(poster.name).values()):
            make_thumbnails(poster)
        if listed and "thumbs" not in entry:
            entry["thumbs"] = thumbnail_names(poster.name)
            save_manifest(out_dir, manifest)
    if force or not present or not listed:
        # Imported here: checking an up-to-date catalogue needs no GL renderer.
        from webapp.media.frames import FrameMaker

        maker = FrameMaker(motion, width, height, fps)
        try:
            if force or not present:
                _write_files(maker, digest, out_dir)
            manifest["videos"][motion.slug] = _entry(maker, digest, out_dir)
        finally:
            maker.close()
        save_manifest(out_dir, manifest)
    # Only now that the manifest names the new files may the old ones go.
    for path in stale_files(out_dir, motion.slug, keep=digest):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return "rendered" if force or not present else "unchanged"


def render_catalogue(
    motions_dir: Path,
    out_dir: Path,
    slugs: list[str] | None = None,
    force: bool = False,
    width: int = WIDTH,
    height: int = HEIGHT,
    fps: float = FPS,
) -> RenderReport:
    """Render every motion file (or the given slugs); one failure does not stop the rest.

    Manifest entries of slugs not rendered this time are kept.
    """
    motions_dir = Path(motions_dir)
    available = {path.stem: path for path in sorted(motions_dir.glob("*.toml"))}
    report = RenderReport()
    for slug in slugs if slugs is not None else list(available):
        started = time.perf_counter()
        if slug not in available:
            report.failed[slug] = f"no motion file {slug}.toml in {motions_dir}"
            continue
        try:
            status = render_exercise(
                available[slug], out_dir, force=force, width=width, height=height, fps=fps
            )
        except MediaError as error:
            report.failed[slug] = str(error)
            continue
        finally:
            report.seconds[slug] = round(time.perf_counter() - started, 2)
        (report.rendered if status == "rendered" else report.unchanged).append(slug)
    return report
