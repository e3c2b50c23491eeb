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
    if day.day <= 28:   # every month has it: no calendar look-up (this runs for every person on the team)
        return date(year, month, day.day)
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
    UNKNOWN = "unknown", "No EADR recorded"


@dataclass(frozen=True)
class Due:
    on: date | None
    state: DueState
    first: bool = False   # no appraisal on record: a starter's first EADR, due a year after starting

    @property
    def in_date(self) -> bool:
        """Counts as in date for compliance: due later (including a starter's first EADR, not yet due).
        Overdue is not in date, and neither is no appraisal on record at all. Home, the team table and
        the compliance report all count with this."""
        return self.state in (DueState.UPCOMING, DueState.DUE_SOON)

    def text(self) -> str:
        """Words first, so the state never depends on colour: 'Overdue · 12/10/2026'."""
        if self.on is None:
            return DueState.UNKNOWN.label
        if self.first:
            return f"First EADR due soon · {uk(self.on)}" if self.state is DueState.DUE_SOON else \
                f"First EADR due {uk(self.on)}"
        if self.state is DueState.UPCOMING:
            return uk(self.on)
        return f"{self.state.label} · {uk(self.on)}"


def _state(due: date, today: date, soon_days: int) -> DueState:
    if due < today:
        return DueState.OVERDUE
    if due <= today + timedelta(days=soon_days):
        return DueState.DUE_SOON
    return DueState.UPCOMING


def next_eadr_due(last_signed: date | None, start_date: date | None, today: date,
                  interval_months: int = 12, soon_days: int = 30, prior_appraisal: date | None = None,
                  next_appraisal: date | None = None) -> Due:
    """When the next EADR is due: the one rule behind the team table, Home and the compliance report.

    - The base is the latest appraisal known: the last EADR signed in this app, or the last appraisal
      before this app (ESR or paper), whichever is later; the next is due `interval_months` after it.
    - ESR's own Next Appraisal Date, when imported, is respected while nothing newer has been signed
      here: it stands in for "base + interval" (a trust may have agreed a different date). Once an
      EADR is signed in the app, the app's rule takes over.
    - With no appraisal on record: a starter in their first year (by start date) has their first EADR
      due a year after starting; anyone else shows "No EADR recorded" (not "overdue since" a date
      years ago, which the app cannot know). Neither counts as overdue; only the starter is in date.
    """
    on, first = due_date(last_signed, start_date, interval_months, prior_appraisal, next_appraisal)
    if on is None or (first and on < today):
        return Due(None, DueState.UNKNOWN, first=True)
    return Due(on, _state(on, today, soon_days), first=first)


def due_date(last_signed: date | None, start_date: date | None, interval_months: int = 12,
             prior_appraisal: date | None = None, next_appraisal: date | None = None) -> tuple[date | None, bool]:
    """The date `next_eadr_due` works from, before today is looked at, and whether it is a starter's first
    EADR (which lapses to "No EADR recorded" once it has passed). Split out so that counting a whole team
    at each of 12 month ends works the date out once per person, not once per person per month."""
    if last_signed is not None and (prior_appraisal is None or last_signed > prior_appraisal):
        base: date | None = last_signed      # signed here, newer than anything before this app
    else:
        if next_appraisal is not None:
            return next_appraisal, False
        base = prior_appraisal
    if base is not None:
        return add_months(base, interval_months), False
    if start_date is not None:
        return add_months(start_date, interval_months), True
    return None, True


def in_date_on(on: date | None, day: date) -> bool:
    """`next_eadr_due(..., today=day).in_date` from the rule's `due_date`: in date means due on or after
    `day` (a lapsed starter's date has passed, so it is not either)."""
    return on is not None and on >= day


def due_by_month(dates: list[str | None], as_of: date) -> tuple[list[tuple[str, int]], int]:
    """([(month as 'Mar 2027', next appraisals due in it)] for the 12 months from `as_of`'s, how many are
    already past). `dates` are ISO dates (or timestamps); empty ones are skipped."""
    keys = [(as_of.year + (as_of.month - 1 + n) // 12, (as_of.month - 1 + n) % 12 + 1) for n in range(12)]
    counts = dict.fromkeys(keys, 0)
    overdue = 0
    for text in dates:
        if not text:
            continue
        day = date.fromisoformat(str(text)[:10])
        if day < as_of:
            overdue += 1
        elif (day.year, day.month) in counts:
            counts[(day.year, day.month)] += 1
    return [(date(y, m, 1).strftime("%b %Y"), n) for (y, m), n in counts.items()], overdue
