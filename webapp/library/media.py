"""How one video file is answered: the public catalogue's, and a private upload's.

The catalogue holds no patient data, so its rendered files are public static files with
content-hashed names (nginx serves them in production); uploads are answered only after
the access check, by sendfile() or by nginx through X-Accel-Redirect.
"""

from __future__ import annotations

import re
from pathlib import Path

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Request, Response

from webapp.library.sendfile import send_video_file

MIMETYPES = {
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".jpg": "image/jpeg",
    ".vtt": "text/vtt",
    ".webp": "image/webp",
}
# A rendered catalogue file: slug, the 12-digit content hash, then what it is.
CATALOGUE_NAME = re.compile(r"[a-z0-9-]{1,120}-[0-9a-f]{12}(\.[a-z0-9]{1,8}){1,2}")
# Every file name carries its content hash, so a cached copy never goes stale.
IMMUTABLE = "max-age=31536000, immutable"


def _mimetype(name: str) -> str:
    """The type a file is sent as, from its suffix."""
    return MIMETYPES.get(name[name.rfind(".") :].lower(), "application/octet-stream")


def catalogue_response(request: Request, directory: Path, name: str) -> Response:
    """Answer a request for a rendered catalogue file, cacheable by anyone forever."""
    if not CATALOGUE_NAME.fullmatch(name):
        raise NotFound()
    return send_video_file(
        request,
        directory / name,
        mimetype=_mimetype(name),
        etag=name,  # the name carries the content hash
        cache_control="public, " + IMMUTABLE,
        accel_location=None,
    )


def media_response(
    request: Request,
    *,
    directory: Path,
    name: str,
    content_hash: str,
    accel_prefix: str | None,
) -> Response:
    """Answer a request for one of an uploaded video's files, for the allowed viewer only."""
    return send_video_file(
        request,
        directory / name,
        mimetype=_mimetype(name),
        etag=f"{content_hash[:16]}-{name}",
        cache_control="private, " + IMMUTABLE,
        accel_location=f"{accel_prefix}uploads/{name}" if accel_prefix else None,
    )
