"""Serving video files: byte ranges, validators and zero-copy hand-off to the WSGI server.

Werkzeug's own 206 path copies every range through Python. Here the open file, positioned at
the range's start, goes to the server's ``wsgi.file_wrapper`` with the range's
Content-Length, so gunicorn can ``sendfile()`` ranges too. Behind nginx, the same view answers
with ``X-Accel-Redirect`` once access has been checked, and nginx sends the bytes.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from werkzeug.exceptions import NotFound
from werkzeug.http import http_date
from werkzeug.wrappers import Request, Response

CHUNK = 256 * 1024
# A paused player stops reading. A blocking sendfile() would then hold a server thread until
# it reads again, and a handful of paused phones could take every thread. So an open-ended
# range ("bytes=N-", what players ask for) gets at most what the connection's send buffer
# holds: sendfile() returns at once, the kernel sends the rest as the player reads, and the
# player asks for the next part when it needs it. Explicit ranges get exactly what they ask.
OPEN_RANGE_MAX = 2 * 1024 * 1024
OPEN_RANGE_MIN = 64 * 1024


def open_range_end(environ, start: int, size: int) -> int:
    """Where an open-ended range from ``start`` stops: within what one send buffer holds."""
    limit = OPEN_RANGE_MAX
    sock = environ.get("gunicorn.socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, OPEN_RANGE_MAX)
            # Linux reports twice what it grants (the other half is for its bookkeeping),
            # and grants no more than net.core.wmem_max.
            granted = sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) // 2
        except OSError:
            granted = OPEN_RANGE_MAX
        limit = max(OPEN_RANGE_MIN, min(OPEN_RANGE_MAX, granted))
    return min(size, start + limit)


class RawFile:
    """An open file as a bare descriptor: what ``sendfile()`` needs, without io's buffering.

    A range goes out by ``sendfile()`` from the descriptor, so the buffered reader that
    ``open()`` builds around it would only be set up and torn down again for every range.
    """

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    @classmethod
    def open(cls, path: str) -> RawFile:
        """Open ``path`` for reading (raises OSError like ``open()``)."""
        return cls(os.open(path, os.O_RDONLY | os.O_CLOEXEC))

    def fileno(self) -> int:
        """The descriptor, for the server's ``sendfile()``."""
        return self.fd

    def seek(self, offset: int) -> None:
        """Position the file at ``offset`` bytes from its start."""
        os.lseek(self.fd, offset, os.SEEK_SET)

    def tell(self) -> int:
        """The current position."""
        return os.lseek(self.fd, 0, os.SEEK_CUR)

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes from the current position (servers without sendfile)."""
        return os.read(self.fd, size)

    def close(self) -> None:
        """Close the descriptor once; the server and the app may both try."""
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)


class BoundedFile:
    """Iterate over ``length`` bytes of an open file (for servers without a file wrapper)."""

    def __init__(self, handle, length: int) -> None:
        self.handle = handle
        self.remaining = length

    def __iter__(self):
        while self.remaining > 0:
            data = self.handle.read(min(CHUNK, self.remaining))
            if not data:
                break
            self.remaining -= len(data)
            yield data

    def close(self) -> None:
        """Close the file when the server is done with the response."""
        self.handle.close()


def _not_modified(request: Request, etag: str, mtime: int) -> bool:
    """True when the client's cached copy is current (If-None-Match, else If-Modified-Since)."""
    if request.if_none_match:
        return request.if_none_match.contains(etag)
    since = request.if_modified_since
    return since is not None and int(since.timestamp()) >= mtime


def _range_applies(request: Request, etag: str, mtime: int) -> bool:
    """If-Range: honour the Range only while the client's validator still matches."""
    if_range = request.if_range
    if if_range.etag is not None:
        return if_range.etag == etag
    if if_range.date is not None:
        return int(if_range.date.timestamp()) == mtime
    return True


def send_video_file(
    request: Request,
    path: Path,
    *,
    mimetype: str,
    etag: str,
    cache_control: str,
    accel_location: str | None = None,
) -> Response:
    """Answer GET/HEAD for one file with 200, 206, 304 or 416 as RFC 9110 asks."""
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise NotFound() from None
    size, mtime = stat.st_size, int(stat.st_mtime)
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": f'"{etag}"',
        "Last-Modified": http_date(mtime),
        "Cache-Control": cache_control,
    }
    if accel_location is not None:
        headers["X-Accel-Redirect"] = accel_location
        return Response(status=200, headers=headers, mimetype=mimetype)
    if _not_modified(request, etag, mtime):
        return Response(status=304, headers=headers)

    start, stop, status = 0, size, 200
    wanted = request.range
    # Several ranges at once are rare for video; answering them whole is allowed (RFC 9110).
    single = wanted is not None and wanted.units == "bytes" and len(wanted.ranges) == 1
    if single and _range_applies(request, etag, mtime):
        bounds = wanted.range_for_length(size)
        if bounds is None:
            headers["Content-Range"] = f"bytes */{size}"
            return Response(status=416, headers=headers)
        start, stop = bounds
        if wanted.ranges[0][1] is None:  # open-ended
            stop = open_range_end(request.environ, start, size)
        status = 206
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    length = stop - start
    headers["Content-Length"] = str(length)
    if request.method == "HEAD":
        return Response(status=status, headers=headers, mimetype=mimetype)

    handle = path.open("rb")
    handle.seek(start)
    wrapper = request.environ.get("wsgi.file_wrapper")
    # A file wrapper sends at most Content-Length bytes from the file's current position.
    body = wrapper(handle, CHUNK) if wrapper is not None else BoundedFile(handle, length)
    response = Response(body, status=status, headers=headers, mimetype=mimetype)
    response.direct_passthrough = True
    return response
