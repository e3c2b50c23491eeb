"""Scanned paper forms kept with their conversations, encrypted in the workspace with their SHA-256."""

from __future__ import annotations

import hashlib
from datetime import datetime

from desktop.domain.dates import now_iso
from desktop.domain.paper import PaperCopy
from desktop.store import audit
from desktop.store.changes import new_id, next_seq
from desktop.store.driver import Database

_COLUMNS = "id, conversation_id, file_name, source_pages, pages, size, sha256, matched_by_hand, created_at"


def _copy(row: tuple) -> PaperCopy:
    id_, conversation_id, file_name, source_pages, pages, size, sha, by_hand, created = row
    return PaperCopy(id_, conversation_id, file_name, source_pages, pages, size, sha, bool(by_hand),
                     datetime.fromisoformat(created))


class PaperRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    def keep(self, conversation_id: str, file_name: str, pdf: bytes, pages: int, source_pages: str = "",
             matched_by_hand: bool = False, fingerprint: str = "") -> PaperCopy:
        """Keep one form's scanned pages with its record (the record's own fields are not touched, so a
        signed record can receive its signed paper copy). The same pages of the same scan, opened again, are
        not kept twice: the copy already kept is returned. KeyError if the record is not here."""
        row = self.db.execute("SELECT staff_id FROM conversations WHERE id = ?", [conversation_id]).fetchone()
        if row is None:
            raise KeyError(conversation_id)
        if fingerprint:
            same = self.db.execute("SELECT id FROM paper_copies WHERE conversation_id = ? AND fingerprint = ?",
                                   [conversation_id, fingerprint]).fetchone()
            if same is not None:
                return self.get(same[0])  # type: ignore[return-value]
        sha = hashlib.sha256(pdf).hexdigest()
        now = now_iso()
        copy_id = new_id()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO paper_copies (id, conversation_id, staff_id, file_name, source_pages, pages, size, "
                "sha256, content, matched_by_hand, fingerprint, created_at, updated_at, change_seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [copy_id, conversation_id, row[0], file_name, source_pages, pages, len(pdf), sha, pdf,
                 int(matched_by_hand), fingerprint, now, now, next_seq(self.db)])
            audit.record(self.db, self.actor, "create", "paper_copy", copy_id,
                         f"Kept a scanned paper form ({pages} page{'s' if pages != 1 else ''} from {file_name}, "
                         f"SHA-256 {sha[:12]}…){' matched by hand' if matched_by_hand else ''}")
        return self.get(copy_id)  # type: ignore[return-value]

    def get(self, copy_id: str) -> PaperCopy | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM paper_copies WHERE id = ?", [copy_id]).fetchone()
        return _copy(row) if row else None

    def for_conversation(self, conversation_id: str) -> list[PaperCopy]:
        """Newest first: the latest scan is the one "signed on paper" points to."""
        return [_copy(r) for r in self.db.execute(
            f"SELECT {_COLUMNS} FROM paper_copies WHERE conversation_id = ? ORDER BY created_at DESC, rowid DESC",
            [conversation_id])]

    def content(self, copy_id: str) -> bytes:
        """The PDF, checked against the SHA-256 recorded when it was kept."""
        row = self.db.execute("SELECT content, sha256 FROM paper_copies WHERE id = ?", [copy_id]).fetchone()
        if row is None:
            raise KeyError(copy_id)
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != row[1]:
            raise ValueError(f"the scanned paper copy {copy_id} no longer matches its SHA-256")
        return data
