"""The staff member's preparation as the workspace keeps it, the workspace's preparation key pair, and codes.

The private half of the key pair lives here, in the encrypted database; the kiosk that runs while the
workspace is locked only ever holds the public half (docs/preparation.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import from_iso, iso, now_iso
from desktop.domain.preparation import Preparation
from desktop.store import audit
from desktop.store.changes import new_id
from desktop.store.driver import Database

PRIVATE_KEY_SETTING = "preparation_private_key"


@dataclass(frozen=True)
class StoredPreparation:
    id: str
    staff_id: str
    conversation_id: str | None
    preparation: Preparation
    finished: bool
    updated_at: str


_COLUMNS = "id, staff_id, conversation_id, content, finished, updated_at"


def _row(r: tuple) -> StoredPreparation:
    return StoredPreparation(r[0], r[1], r[2], Preparation.from_json(r[3]), bool(r[4]), r[5])


class PreparationRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    # --- the key pair's private half ---------------------------------------------------
    def private_key(self) -> str | None:
        """The workspace's age identity for preparations (AGE-SECRET-KEY-…), or None before the first."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [PRIVATE_KEY_SETTING]).fetchone()
        return row[0] if row else None

    def set_private_key(self, identity: str) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [PRIVATE_KEY_SETTING, identity])

    # --- preparations ---------------------------------------------------------------------
    def knows(self, staff_id: str) -> bool:
        """Whether the person is still in the workspace (a preparation may arrive after they were deleted)."""
        return self.db.execute("SELECT 1 FROM staff WHERE id = ?", [staff_id]).fetchone() is not None

    def current(self, staff_id: str) -> StoredPreparation | None:
        """The one for their next EADR: not attached yet, or attached to an EADR not yet signed off (they may
        add to it until then); the latest first."""
        row = self.db.execute(f"SELECT {_COLUMNS} FROM preparations WHERE staff_id = ? AND (conversation_id IS NULL "
                              "OR conversation_id IN (SELECT id FROM conversations WHERE status != 'signed_off')) "
                              "ORDER BY updated_at DESC, rowid DESC LIMIT 1", [staff_id]).fetchone()
        return _row(row) if row else None

    def for_conversation(self, conversation_id: str) -> StoredPreparation | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM preparations WHERE conversation_id = ? "
                              "ORDER BY updated_at DESC LIMIT 1", [conversation_id]).fetchone()
        return _row(row) if row else None

    def all_for(self, staff_id: str) -> list[StoredPreparation]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM preparations WHERE staff_id = ? ORDER BY created_at",
                               [staff_id]).fetchall()
        return [_row(r) for r in rows]

    def ensure(self, staff_id: str) -> StoredPreparation:
        """Their current preparation, made empty if there is none: a printed form needs its record ID."""
        current = self.current(staff_id)
        if current is not None:
            return current
        now = now_iso()
        with self.db.atomic():
            self.db.execute("INSERT INTO preparations (id, staff_id, content, finished, updated_at, created_at) "
                            "VALUES (?, ?, ?, 0, ?, ?)", [new_id(), staff_id, Preparation().to_json(), now, now])
        stored = self.current(staff_id)
        assert stored is not None
        return stored

    def keep(self, staff_id: str, preparation: Preparation, finished: bool, how: str) -> StoredPreparation:
        """Their latest words replace the current preparation (they are the only author); audited without them."""
        now = now_iso()
        with self.db.atomic():
            existing = self.current(staff_id)
            if existing is None:
                ident = new_id()
                self.db.execute("INSERT INTO preparations (id, staff_id, content, finished, updated_at, created_at) "
                                "VALUES (?, ?, ?, ?, ?, ?)",
                                [ident, staff_id, preparation.to_json(), int(finished), now, now])
            else:
                ident = existing.id
                self.db.execute("UPDATE preparations SET content = ?, finished = ?, updated_at = ? WHERE id = ?",
                                [preparation.to_json(), int(finished or existing.finished), now, ident])
            audit.record(self.db, self.actor, "update", "staff", staff_id,
                         f"Preparation for the EADR {'finished' if finished else 'saved'} by the staff member ({how})")
        stored = self.current(staff_id)
        assert stored is not None
        return stored

    def attach(self, staff_id: str, conversation_id: str) -> StoredPreparation | None:
        """The EADR is open: its preparation goes with it (and is deleted with it, at retention)."""
        if self.for_conversation(conversation_id) is not None:
            return self.for_conversation(conversation_id)
        current = self.current(staff_id)
        if current is None or current.conversation_id is not None:
            return None
        with self.db.atomic():
            self.db.execute("UPDATE preparations SET conversation_id = ? WHERE id = ?", [conversation_id, current.id])
        return self.for_conversation(conversation_id)

    # --- codes --------------------------------------------------------------------------------
    def add_code(self, box: str, staff_id: str, issued_on: date, expires_on: date) -> list[str]:
        """Record a new code's box; returns the boxes of the person's earlier codes, which it replaces."""
        with self.db.atomic():
            old = [r[0] for r in self.db.execute("SELECT box FROM preparation_codes WHERE staff_id = ?",
                                                 [staff_id]).fetchall()]
            self.db.execute("DELETE FROM preparation_codes WHERE staff_id = ?", [staff_id])
            self.db.execute("INSERT INTO preparation_codes (box, staff_id, issued_on, expires_on) VALUES (?, ?, ?, ?)",
                            [box, staff_id, iso(issued_on), iso(expires_on)])
            audit.record(self.db, self.actor, "create", "staff", staff_id,
                         "One-time code printed for the staff member to prepare for their EADR")
        return old

    def codes(self) -> dict[str, tuple[str, date]]:
        """box -> (staff id, expires on)."""
        return {r[0]: (r[1], from_iso(r[2])) for r in  # type: ignore[misc]
                self.db.execute("SELECT box, staff_id, expires_on FROM preparation_codes").fetchall()}

    def drop_code(self, box: str) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM preparation_codes WHERE box = ?", [box])
