"""Dates as people write them (UK) and as files store them (ISO 8601)."""

from __future__ import annotations

import re
from datetime import date, datetime

from desktop.domain import clock
from desktop.domain.errors import EadrError

_UK = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?\s*$")
_ESR = re.compile(r"^\s*(\d{1,2})[\- ]([A-Za-z]{3})[A-Za-z]*[\- ](\d{2}|\d{4})\s*$")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


class DateFormatError(EadrError, ValueError):
    """A date that is neither ISO (2026-11-23) nor UK (23/11/2026)."""


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        # Two-digit years in ESR extracts: 00-69 are 2000s, 70-99 are 1900s.
        value += 2000 if value < 70 else 1900
    return value


def parse_date(text: str) -> date:
    """Parse ISO, UK day-first or ESR-style ("23-Nov-2026") dates.

    Never month-first: 03/04/2026 is 3 April, as anyone in the UK reads it.
    """
    m = _ISO.match(text)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _UK.match(text)
        if m:
            return date(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _ESR.match(text)
        if m and m.group(2).lower() in _MONTHS:
            return date(_year(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError as exc:
        raise DateFormatError(f"'{text.strip()}' is not a real date ({exc})") from None
    raise DateFormatError(f"'{text.strip()}' is not a date; use 23/11/2026 or 2026-11-23")


def uk(value: date | None, empty: str = "—") -> str:
    """A date as shown on screen and paper: 23/11/2026."""
    return value.strftime("%d/%m/%Y") if value else empty


def uk_timestamp(text: str) -> str:
    """An ISO timestamp from the store as shown on screen and paper: 23/11/2026 14:32."""
    try:
        return datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return text


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def now_iso() -> str:
    """A timestamp for created/updated columns, the audit log and sync state, from the one clock."""
    return clock.now().isoformat(timespec="seconds")


def financial_year_start(today: date) -> date:
    """1 April of the NHS financial year `today` falls in: the year CPD hours are counted over."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)
