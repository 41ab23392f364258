"""Small list thumbnails made from a video's poster: a JPEG for every browser and a WebP.

Lists show many videos at once, so they get 320-pixel-wide images instead of the 960x540
posters; the names follow the poster's (``x.jpg`` -> ``x.thumb.jpg``, ``x.thumb.webp``).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PIL import Image

THUMB_WIDTH = 320
JPEG_QUALITY = 80
WEBP_QUALITY = 75


def thumbnail_names(poster_name: str) -> dict[str, str]:
    """The thumbnails' file names of a poster, by format."""
    stem = poster_name.rsplit(".", 1)[0]
    return {"jpg": f"{stem}.thumb.jpg", "webp": f"{stem}.thumb.webp"}


def make_thumbnails(poster: Path) -> dict[str, Path]:
    """Write the poster's thumbnails beside it (each under a temporary name first)."""
    poster = Path(poster)
    targets = {kind: poster.with_name(name) for kind, name in thumbnail_names(poster.name).items()}
    with Image.open(poster) as image:
        image = image.convert("RGB")
        height = max(1, round(image.height * THUMB_WIDTH / image.width))
        small = image.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
    for kind, target in targets.items():
        part = target.with_name(f".{target.name}.part")
        try:
            if kind == "jpg":
                small.save(part, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            else:
                small.save(part, "WEBP", quality=WEBP_QUALITY, method=6)
            os.chmod(part, 0o644)
            os.replace(part, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
    return targets


def ensure_thumbnails(poster: Path) -> None:
    """Make the poster's thumbnails when one is missing (videos from before they existed)."""
    poster = Path(poster)
    names = thumbnail_names(poster.name).values()
    if poster.is_file() and not all((poster.parent / name).is_file() for name in names):
        make_thumbnails(poster)
