"""What a printed form's QR code says, and reading it back (from a scan, or typed by a barcode scanner).

The code is short so that it can be large and heavily error-corrected on paper: upper-case letters, digits,
':' and '-' fit QR's alphanumeric mode, so a record ID with its prefix is 41 characters, version 4 at level
H (a third of the code can be lost to a photocopier's blur or a coffee ring). Forms printed before this
carry the older, longer text; it is still read. A record's code is read by domain.record_code (which also reads
what a barcode scanner types into the search); this adds the slips whose codes are not records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from desktop.domain import record_code

RECORD_PREFIX = "EADR:"
FEEDBACK_PREFIX = "EADR360:"
VIEW_PREFIX = "EADRVIEW:"
PREPARATION_PREFIX = "EADRPREP:"
_OLD_FEEDBACK = re.compile(r"^EADR-STATION-360:(\S+)$")
_OLD_VIEW = re.compile(r"^EADR-STATION-VERDICT:(\S+)$")
_OLD_PREPARATION = re.compile(r"^EADR-STATION-PREP:([^:\s]+)(?::.*)?$")


class CodeKind(Enum):
    RECORD = "record"          # a conversation form: the code is the record ID
    FEEDBACK_360 = "360"      # a 360 feedback invitation: the code is the rater's one-time code
    VIEW = "view"             # a staff member's slip to give their view of a conversation later
    PREPARATION = "preparation"   # a staff member's own preparation form: theirs to type in, not a record


@dataclass(frozen=True)
class FormCode:
    kind: CodeKind
    value: str   # a record ID in its canonical (lower-case) form, or a 360 code as printed


def record_payload(record_id: str) -> str:
    """What a conversation form's QR code carries."""
    return RECORD_PREFIX + record_id.upper()


def feedback_payload(code: str) -> str:
    """What a 360 invitation slip's QR code carries (the one-time code without its dashes)."""
    return FEEDBACK_PREFIX + code.replace("-", "").upper()


def preparation_payload(record_id: str) -> str:
    """What a staff member's preparation form carries: its preparation's record ID."""
    return PREPARATION_PREFIX + record_id.upper()


def view_payload(code: str) -> str:
    """What the slip for giving one's view of a conversation later carries."""
    return VIEW_PREFIX + code.replace("-", "").upper()


def read_code(text: str) -> FormCode | None:
    """The form a code's text names, in the new or the old format; None for anything else.
    Whitespace around it (a scanner's Enter) and letter case do not matter."""
    text = text.strip()
    upper = text.upper()
    for prefix, old, kind in ((FEEDBACK_PREFIX, _OLD_FEEDBACK, CodeKind.FEEDBACK_360),
                              (VIEW_PREFIX, _OLD_VIEW, CodeKind.VIEW),
                              (PREPARATION_PREFIX, _OLD_PREPARATION, CodeKind.PREPARATION)):
        if upper.startswith(prefix):
            value = text[len(prefix):].strip()
            return FormCode(kind, value.upper()) if value else None
        if m := old.match(text):
            return FormCode(kind, m.group(1).upper())
    if not upper.startswith(("EADR:", "EADR-STATION:")):
        return None   # a form's code always has its prefix; a bare ID is the search's business, not a scan's
    found = record_code.read_code(text)
    return FormCode(CodeKind.RECORD, found.id) if found is not None and found.whole else None
