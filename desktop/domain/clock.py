"""The one clock the core reads, so that a PC whose date is wrong can be noticed, and tests can set it.

Shared station PCs lose their date (a flat CMOS battery, a reimage, someone "fixing" the time zone), so
nothing that must keep order relies on the wall clock moving forward: backups are ordered by a counter in
their names, bundle and change sequences are counters. The clock still stamps audit entries and names
files; `clock_warning` says when it reads earlier than the workspace has already seen.
Tests replace `_source` (see tests/fake_clock.py); nothing else should.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

# How far behind the latest time a workspace has seen the clock may be before the app says so: a
# day absorbs time zones, summer time and a PC a few hours out.
TOLERANCE = timedelta(days=1)


def _system_now() -> datetime:
    return datetime.now().astimezone()


_source: Callable[[], datetime] = _system_now


def now() -> datetime:
    """The local time now, with its UTC offset."""
    moment = _source()
    return moment if moment.tzinfo is not None else moment.astimezone()


def today() -> date:
    """Today's date: the default "as of" of due dates, retention and reports."""
    return now().date()


def clock_warning(last_seen: datetime | None, current: datetime | None = None) -> str | None:
    """A line for the status bar and the CLI when the PC's clock reads earlier than the workspace's last use
    (by more than TOLERANCE); None when it looks right. Work is never refused over it."""
    if last_seen is None:
        return None
    current = current or now()
    if last_seen.tzinfo is None:
        last_seen = last_seen.astimezone()
    if current >= last_seen - TOLERANCE:
        return None
    return (f"The PC's clock says {current:%d/%m/%Y}, earlier than this workspace's last use on "
            f"{last_seen:%d/%m/%Y}; check the date and time")
