"""CSV that a spreadsheet opens as data, never as formulas.

A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is run by Excel and LibreOffice as
a formula (CSV injection: `=HYPERLINK(...)` in a name typed at a station reaches HR's PC). Following
OWASP's advice such a cell is written with a leading single quote, which the spreadsheet shows as
text. Numbers stay numbers: a real -3 is data, not a formula. Every CSV the product writes goes
through `csv_text`, so there is one rule in one place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str | int | float:
    """The value as it should be written: text that could start a formula is prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(headers: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """A whole CSV document (RFC 4180 line ends) with every cell neutralised."""
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer)
    out.writerow([safe_cell(h) for h in headers])
    out.writerows([safe_cell(v) for v in row] for row in rows)
    return buffer.getvalue()
