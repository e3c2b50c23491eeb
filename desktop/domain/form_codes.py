"""What a printed form's QR code says, and reading it back (from a scan, or typed by a barcode scanner).

The code is short so that it can be large and heavily error-corrected on paper: upper-case letters, digits,
':' and '-' fit QR's alphanumeric mode, so a record ID with its prefix is 41 characters, version 4 at level
H (a third of the code can be lost to a photocopier's blur or a coffee ring). Forms printed before this
carry the older, longer text; it is still read.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import Enum

RECORD_PREFIX = "EADR:"
FEEDBACK_PREFIX = "EADR360:"
_OLD_RECORD = re.compile(r"^EADR-STATION:([0-9a-fA-F-]{36})(?::.*)?$")
_OLD_FEEDBACK = re.compile(r"^EADR-STATION-360:(\S+)$")


class CodeKind(Enum):
    RECORD = "record"          # a conversation form: the code is the record ID
    FEEDBACK_360 = "360"      # a 360 feedback invitation: the code is the rater's one-time code


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


def _record_id(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def read_code(text: str) -> FormCode | None:
    """The form a code's text names, in the new or the old format; None for anything else.
    Whitespace around it (a scanner's Enter) and letter case do not matter."""
    text = text.strip()
    upper = text.upper()
    if upper.startswith(RECORD_PREFIX):
        found = _record_id(text[len(RECORD_PREFIX):])
        return FormCode(CodeKind.RECORD, found) if found else None
    if upper.startswith(FEEDBACK_PREFIX):
        value = text[len(FEEDBACK_PREFIX):].strip()
        return FormCode(CodeKind.FEEDBACK_360, value.upper()) if value else None
    if m := _OLD_FEEDBACK.match(text):
        return FormCode(CodeKind.FEEDBACK_360, m.group(1).upper())
    if m := _OLD_RECORD.match(text):
        found = _record_id(m.group(1))
        return FormCode(CodeKind.RECORD, found) if found else None
    return None
