"""Every CSV file the app hands out is written here, by one set of rules.

A byte-order mark so spreadsheet programs read UTF-8; ``;`` between cells for Dutch readers
(Dutch Excel expects it, as the comma is their decimal sign), ``,`` otherwise; and no text
cell that a spreadsheet would run as a formula (OWASP "CSV injection"): such a cell gets a
quote in front. Numbers are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

BOM = "\ufeff"
# A text cell starting with one of these (after spaces) is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def delimiter_for(locale: str) -> str:
    """The cell separator the reader's spreadsheet expects."""
    return ";" if (locale or "").lower().startswith("nl") else ","


def inert(value: object) -> str:
    """A cell as text that a spreadsheet shows, never runs."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def csv_lines(rows: Iterable[Iterable[object]], *, locale: str) -> Iterator[str]:
    """The file line by line (for streaming), the first one with the byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter_for(locale), lineterminator="\r\n")
    first = True
    for row in rows:
        writer.writerow([inert(cell) for cell in row])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        yield (BOM + text) if first else text
        first = False
    if first:
        yield BOM


def csv_text(rows: Iterable[Iterable[object]], *, locale: str) -> str:
    """The whole file as one string."""
    return "".join(csv_lines(rows, locale=locale))
