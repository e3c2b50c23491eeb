"""When the next EADR is due, and how urgent that is."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.dates import uk
from desktop.domain.labels import LabelledEnum


def add_months(day: date, months: int) -> date:
    """Same day `months` later; 31 Jan + 1 month is 28/29 Feb, as ESR counts anniversaries."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earliest_base(end: date, months: int) -> date:
    """The earliest date `d` with add_months(d, months) >= end. add_months never goes backwards, so
    "d + months is on or after end" is the same as "d >= earliest_base(end, months)": one cut-off per
    period replaces a date sum per person when counting a whole team."""
    cut = add_months(end, -months)
    while add_months(cut - timedelta(days=1), months) >= end:
        cut -= timedelta(days=1)
    while add_months(cut, months) < end:
        cut += timedelta(days=1)
    return cut


class DueState(LabelledEnum):
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due soon"
    UPCOMING = "upcoming", "Due"
    UNKNOWN = "unknown", "No date"


@dataclass(frozen=True)
class Due:
    on: date | None
    state: DueState
    first: bool = False   # no EADR signed yet: due a year after starting

    def text(self) -> str:
        """Words first, so the state never depends on colour: 'Overdue · 12/10/2026'."""
        if self.on is None:
            return "No EADR or start date"
        if self.state is DueState.UPCOMING:
            return uk(self.on)
        return f"{self.state.label} · {uk(self.on)}"


def next_eadr_due(last_signed: date | None, start_date: date | None, today: date,
                  interval_months: int = 12, soon_days: int = 30) -> Due:
    """Due `interval_months` after the last signed EADR, or after starting if none yet."""
    base = last_signed or start_date
    if base is None:
        return Due(None, DueState.UNKNOWN, first=True)
    due = add_months(base, interval_months)
    if due < today:
        state = DueState.OVERDUE
    elif due <= today + timedelta(days=soon_days):
        state = DueState.DUE_SOON
    else:
        state = DueState.UPCOMING
    return Due(due, state, first=last_signed is None)
