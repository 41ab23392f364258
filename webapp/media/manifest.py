"""The manifest of rendered catalogue videos: which hashed files belong to which exercise.

``manifest.json`` in the output folder::

    {"version": 1, "videos": {slug: {"hash", "mp4", "poster", "thumbs": {"jpg", "webp"},
        "captions": {"nl", "en"}, "duration", "width", "height", "fps",
        "sizes": {"mp4"}, "transcript": {"nl": [[start, end, text]], "en": [...]}}}}
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path

MANIFEST = "manifest.json"
VERSION = 1
# .webm too: files of renders from before WebM was dropped are cleared away like any other.
SUFFIXES = (".mp4", ".webm", ".jpg", ".thumb.jpg", ".thumb.webp", ".nl.vtt", ".en.vtt")


def file_names(slug: str, digest: str) -> dict[str, str]:
    """The hashed file names of one rendered video, by role."""
    stem = f"{slug}-{digest}"
    return {
        "mp4": f"{stem}.mp4",
        "poster": f"{stem}.jpg",
        "nl": f"{stem}.nl.vtt",
        "en": f"{stem}.en.vtt",
    }


def empty_manifest() -> dict:
    """A manifest with no videos."""
    return {"version": VERSION, "videos": {}}


def load_manifest(out_dir: Path) -> dict:
    """The manifest in ``out_dir``; an empty one when it is missing or unreadable."""
    try:
        data = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty_manifest()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return empty_manifest()
    if not isinstance(data.get("videos"), dict):
        return empty_manifest()
    return data


def save_manifest(out_dir: Path, manifest: dict) -> None:
    """Write the manifest atomically: readers see the old or the new file, never half."""
    out_dir = Path(out_dir)
    handle, temp = tempfile.mkstemp(prefix=".manifest-", suffix=".json", dir=out_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(manifest, stream, ensure_ascii=False, indent=1, sort_keys=True)
            stream.write("\n")
        os.chmod(temp, 0o644)  # mkstemp makes it private; the web server must read it
        os.replace(temp, out_dir / MANIFEST)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def stale_files(out_dir: Path, slug: str, keep: str) -> list[Path]:
    """Files of earlier renders of ``slug`` (any hash but ``keep``)."""
    pattern = re.compile(
        rf"{re.escape(slug)}-(?P<digest>[0-9a-f]{{12}})"
        rf"({'|'.join(re.escape(suffix) for suffix in SUFFIXES)})"
    )
    stale = []
    for path in Path(out_dir).iterdir():
        match = pattern.fullmatch(path.name)
        if match and match["digest"] != keep:
            stale.append(path)
    return sorted(stale)
