"""A scanned paper form kept with its record: the signed paper copy that "signed on paper" points to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PaperCopy:
    """Its details; the PDF itself stays in the encrypted store until someone opens it."""

    id: str
    conversation_id: str
    file_name: str
    source_pages: str
    pages: int
    size: int
    sha256: str
    matched_by_hand: bool
    created_at: datetime

    def describe(self) -> str:
        """One line for the sign-off section and the scan panel."""
        pages = f"{self.pages} page{'s' if self.pages != 1 else ''}"
        return (f"{pages} scanned {self.created_at:%d/%m/%Y} from {self.file_name}"
                f"{' (matched by hand)' if self.matched_by_hand else ''} · SHA-256 {self.sha256[:12]}…")
