"""How one video file is answered, shared by the full view and the catalogue fast path."""

from __future__ import annotations

from pathlib import Path

from werkzeug.wrappers import Request, Response

from webapp.library.sendfile import send_video_file

MIMETYPES = {
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".jpg": "image/jpeg",
    ".vtt": "text/vtt",
}
# Every file name carries its content hash, so a cached copy never goes stale.
IMMUTABLE = "max-age=31536000, immutable"


def media_response(
    request: Request,
    *,
    directory: Path,
    name: str,
    content_hash: str,
    public: bool,
    accel_prefix: str | None,
) -> Response:
    """Answer a request for one of a video's files, with the caching its visibility allows."""
    suffix = name[name.rfind(".") :].lower()
    folder = "catalogue/" if public else "uploads/"
    return send_video_file(
        request,
        directory / name,
        mimetype=MIMETYPES.get(suffix, "application/octet-stream"),
        etag=f"{content_hash[:16]}-{name}",
        cache_control=("public, " if public else "private, ") + IMMUTABLE,
        accel_location=f"{accel_prefix}{folder}{name}" if accel_prefix else None,
    )
