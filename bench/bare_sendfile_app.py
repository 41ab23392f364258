"""The least a WSGI app can do for a range: open, seek, hand to sendfile (the benchmark's ceiling).

No access check, no parsing beyond ``bytes=a-b``: it shows what gunicorn itself costs, so the
video view's figure can be read against it.
"""

import os

VIDEO = os.environ.get("BENCH_FILE", "")


def app(environ, start_response):
    """Serve one byte range of BENCH_FILE."""
    first, last = environ.get("HTTP_RANGE", "bytes=0-0")[6:].split("-")
    start, stop = int(first), int(last) + 1
    size = os.path.getsize(VIDEO)
    handle = open(VIDEO, "rb")  # noqa: SIM115 (closed by the server)
    handle.seek(start)
    start_response(
        "206 Partial Content",
        [
            ("Content-Type", "video/mp4"),
            ("Content-Length", str(stop - start)),
            ("Content-Range", f"bytes {start}-{stop - 1}/{size}"),
        ],
    )
    return environ["wsgi.file_wrapper"](handle, 256 * 1024)
