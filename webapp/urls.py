"""Helpers for URLs that come from users."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter

# Row ids are PostgreSQL integers. A larger number in a URL names no row: it gets a 404 from
# the router instead of reaching the database, which would refuse it with an error (a 500).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<id:name>``: a row id in a URL, from 1 to MAX_ID."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


def safe_next(target: str | None) -> str | None:
    """A local path to go to after a form, or None for anything pointing elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


def parse_number(raw: str | None, upper: int = MAX_ID) -> int | None:
    """A whole number from 0 to ``upper`` written in ASCII digits, else None.

    ``str.isdigit`` alone also accepts digits such as "²" that ``int()`` refuses, and a
    number beyond a column's range makes the database refuse the query.
    """
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > len(str(upper)):
        return None
    value = int(raw)
    return value if value <= upper else None
