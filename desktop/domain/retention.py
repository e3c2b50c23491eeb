"""How long a leaver's records are kept, and when they may be deleted.

The NHS Records Management Code of Practice (2023) keeps staff records, appraisals included, for
years after the person leaves; six years after the leaving date is the default here, and a trust's
records manager may set another period for the workspace. Deletion is only ever of a leaver whose
period is over: never someone still in post, and never a leaver without a leaving date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import uk
from desktop.domain.staff import Staff, StaffStatus
from desktop.domain.errors import EadrError

DEFAULT_RETENTION_YEARS = 6
MIN_RETENTION_YEARS, MAX_RETENTION_YEARS = 1, 75
RETENTION_EXPLAINED = (
    "Leavers' records are kept for {years} years after their leaving date, following the NHS Records "
    "Management Code of Practice for staff records (6 years unless your trust's records manager says otherwise). "
    "After that they should be deleted.")


class NotPastRetention(EadrError):
    """The person's records must still be kept; the message says until when."""


class RetentionPeriodInvalid(EadrError, ValueError):
    """A retention period outside the range a workspace accepts."""


def check_years(years: int) -> int:
    if not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
        raise RetentionPeriodInvalid(f"The retention period must be between {MIN_RETENTION_YEARS} and "
                                     f"{MAX_RETENTION_YEARS} years (the usual period is {DEFAULT_RETENTION_YEARS}).")
    return years


def retention_ends(leaving_date: date, years: int) -> date:
    """The first day the records may be deleted: the same date `years` later (29 February → 28 February)."""
    try:
        return leaving_date.replace(year=leaving_date.year + years)
    except ValueError:
        return leaving_date.replace(year=leaving_date.year + years, day=28)


@dataclass(frozen=True)
class PastRetention:
    """A leaver whose retention period is over, and since when."""

    staff: Staff
    since: date

    def describe(self) -> str:
        return f"past retention since {uk(self.since)}"


def past_retention(staff: Staff, years: int, today: date) -> PastRetention | None:
    """The person's PastRetention if their records may now be deleted, else None."""
    if staff.status is not StaffStatus.LEAVER or staff.leaving_date is None:
        return None
    ends = retention_ends(staff.leaving_date, years)
    return PastRetention(staff, ends) if today >= ends else None


def check_deletable(staff: Staff, years: int, today: date) -> PastRetention:
    """The rule deletion obeys: raise NotPastRetention, with the reason, unless the period is over."""
    due = past_retention(staff, years, today)
    if due is not None:
        return due
    who = f"assignment number {staff.assignment_number}"
    if staff.status is not StaffStatus.LEAVER:
        raise NotPastRetention(f"{who} is not a leaver; only leavers' records are deleted after the retention period")
    if staff.leaving_date is None:
        raise NotPastRetention(f"{who} has no leaving date, so the end of the retention period is not known; "
                               "record the leaving date first")
    raise NotPastRetention(f"{who} left on {uk(staff.leaving_date)}; the records must be kept until "
                           f"{uk(retention_ends(staff.leaving_date, years))} ({years} years after leaving)")


def name_forms(staff: Staff) -> list[str]:
    """The ways audit text may have named the person, longest first (so "Siân Evans-Jones" goes before
    "Siân Evans")."""
    forms = {staff.display_name, f"{staff.first_name} {staff.last_name}".strip(),
             f"{staff.preferred_name} {staff.last_name}".strip() if staff.preferred_name else ""} - {""}
    return sorted(forms, key=len, reverse=True)


def without_name(text: str, names: list[str], stand_in: str) -> str:
    """`text` with each whole-word occurrence of the names replaced: "Ann Lee" goes, but "Joann Leeds" (a
    different person whose name merely contains it) stays as written."""
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda _m: stand_in, text)
    return text
