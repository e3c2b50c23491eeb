"""Reading a record ID back from paper: what a barcode scanner types from a form's QR code, or the ID as the
form prints it, typed by hand.

A blank form carries its conversation's ID three ways: the QR code (today `EADR-STATION:<id>:<form
version>`; a shorter `EADR:<id>` is accepted too), "Record 1a2b3c4d…" beside the code, and the full ID
at the foot of every page. Any of them, pasted, scanned or typed, finds the record. A bare run of hex
digits is only a possible ID (an eight-digit assignment number looks the same), so callers decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.dates import uk
from desktop.domain.labels import LabelledEnum
from desktop.domain.staff import Staff

MIN_PREFIX = 8   # as many characters as the form prints beside its code

_ID = r"[0-9a-f]{8}(?:-?[0-9a-f]{1,4}){0,4}[0-9a-f]*"
_FULL = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Searched for at the end, not matched from the start: a scan into a box that still holds text is appended to it.
_QR = re.compile(rf"(?:^|[^a-z0-9-])eadr(?:-station)?\s*:\s*({_ID})(?::[^:]*)?$")
_PRINTED = re.compile(rf"^(?:record(?:\s+id)?\s*:?\s*)({_ID})\s*(?:…|\.\.\.)?$")
_BARE = re.compile(rf"^({_ID})\s*(?:…|\.\.\.)?$")


@dataclass(frozen=True)
class RecordCode:
    """A record ID, or its first characters, read from what was typed or scanned."""

    id: str             # lower case, as stored (or its start)
    explicit: bool      # it came with its QR prefix or the word "Record", or is a whole ID: surely a record

    @property
    def whole(self) -> bool:
        return bool(_FULL.match(self.id))

    @property
    def short(self) -> str:
        """As the form prints it beside the code."""
        return self.id[:MIN_PREFIX]


def _dashed(found: str) -> str:
    """An ID typed without its dashes, with them put back, so it compares with stored IDs."""
    if "-" in found or len(found) <= 8:
        return found
    return "-".join(filter(None, (found[:8], found[8:12], found[12:16], found[16:20], found[20:])))


def read_code(text: str) -> RecordCode | None:
    """The record ID in `text` (a scan of a form's QR code, or an ID typed by hand), or None."""
    cleaned = " ".join(text.strip().lower().split())
    for pattern, explicit in ((_QR, True), (_PRINTED, True), (_BARE, False)):
        m = pattern.search(cleaned) if pattern is _QR else pattern.match(cleaned)
        if m:
            found = _dashed(m.group(1))
            return RecordCode(found, explicit or bool(_FULL.match(found)))
    return None


class Found(LabelledEnum):
    OPEN = "open", "Found"
    LEAVER = "leaver", "Belongs to a leaver"
    ERASED = "erased", "Deleted under retention"
    DISCARDED = "discarded", "Discarded"
    AMBIGUOUS = "ambiguous", "More than one record"
    UNKNOWN = "unknown", "Not found"


@dataclass(frozen=True)
class Lookup:
    """What a record ID leads to, and what to say when it cannot be opened."""

    found: Found
    code: RecordCode
    conversation_id: str = ""
    staff: Staff | None = None
    noun: str = "EADR"
    assignment_number: str = ""
    when: str = ""          # ISO date the record was discarded or the person's records deleted
    matches: int = 0

    @property
    def opens(self) -> bool:
        return self.found is Found.OPEN

    def message(self) -> str:
        short = self.code.short
        who = self.staff.display_name if self.staff else ""
        if self.found is Found.OPEN:
            return f"Record {short} is {who}'s {self.noun}."
        if self.found is Found.LEAVER:
            left = f" on {uk(self.staff.leaving_date)}" if self.staff and self.staff.leaving_date else ""
            return (f"Record {short} is {who}'s {self.noun}, but {who} left the station{left}, so it is not "
                    "opened from a form. To see their earlier records, choose Show → Leavers on the Team page.")
        if self.found is Found.ERASED:
            number = f" (assignment number {self.assignment_number})" if self.assignment_number else ""
            return (f"Record {short} belonged to someone{number} whose records were deleted under the retention "
                    "policy; there is nothing to type it into. Dispose of the paper form as confidential waste.")
        if self.found is Found.DISCARDED:
            whom = f" with {who}" if who else ""
            return (f"Record {short} was a planned {self.noun}{whom} that was discarded. Start a new one from the "
                    "Team page and type the form into that.")
        if self.found is Found.AMBIGUOUS:
            return (f"{self.matches} records begin {self.code.id}; type more of the record ID printed at the foot "
                    "of the form's pages.")
        return (f"No record with the ID {self.code.id} in this workspace. Check the ID printed at the foot of the "
                "form's pages, or scan its code again; a form printed from another workspace opens only there.")
