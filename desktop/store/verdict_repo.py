"""Staff verdicts as the workspace keeps them: running counts, HR-sealed comments, and per conversation
only whether a verdict was given. No row holds one person's answers (docs/staff-verdict.md)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date

from desktop.domain.dates import from_iso, iso, now_iso
from desktop.domain.verdict import Counts, from_rows
from desktop.store import audit
from desktop.store.changes import new_id, next_seq
from desktop.store.driver import Database

BOX_KEY = "verdict.box_key"
LAST_BATCH = "verdict.last_batch"


@dataclass(frozen=True)
class Invitation:
    conversation_id: str
    issued_on: date
    given_on: date | None
    code_open: bool


class VerdictRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    # --- the box key (seals the answers waiting at the lock screen) ---------------------
    def box_key(self) -> bytes | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [BOX_KEY]).fetchone()
        return base64.b64decode(row[0]) if row else None

    def set_box_key(self, key: bytes) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                            "value = excluded.value", [BOX_KEY, base64.b64encode(key).decode()])

    # --- invitations --------------------------------------------------------------------
    def invitation(self, conversation_id: str) -> Invitation | None:
        row = self.db.execute("SELECT conversation_id, issued_on, given_on, lookup FROM verdict_invitations "
                              "WHERE conversation_id = ?", [conversation_id]).fetchone()
        return Invitation(row[0], from_iso(row[1]), from_iso(row[2]), row[3] is not None) if row else None

    def given_for(self, conversation_ids: list[str]) -> dict[str, date]:
        """conversation id -> the day a verdict was given, for those that have one."""
        if not conversation_ids:
            return {}
        marks = ", ".join("?" * len(conversation_ids))
        rows = self.db.execute(f"SELECT conversation_id, given_on FROM verdict_invitations WHERE given_on IS NOT "
                               f"NULL AND conversation_id IN ({marks})", conversation_ids).fetchall()
        return {r[0]: from_iso(r[1]) for r in rows}

    def issue(self, conversation_id: str, staff_id: str, lookup: str, today: date, handover: bool) -> None:
        """A new one-time code for the conversation (any earlier unused one stops working)."""
        with self.db.atomic():
            self.db.execute("INSERT INTO verdict_invitations (conversation_id, lookup, issued_on) VALUES (?, ?, ?) "
                            "ON CONFLICT (conversation_id) DO UPDATE SET lookup = excluded.lookup, "
                            "issued_on = excluded.issued_on", [conversation_id, lookup, iso(today)])
            audit.record(self.db, self.actor, "update", "staff", staff_id,
                         "Handed the PC over for their view of the conversation" if handover
                         else "Made a one-time code (for a printed slip) for their view of the conversation")

    def lookups(self) -> dict[str, str]:
        """Open code lookup -> conversation id."""
        return dict(self.db.execute("SELECT lookup, conversation_id FROM verdict_invitations "
                                    "WHERE lookup IS NOT NULL").fetchall())

    def mark_given(self, lookups: list[str], today: date) -> int:
        if not lookups:
            return 0
        marks = ", ".join("?" * len(lookups))
        with self.db.atomic():
            rows = self.db.execute(f"SELECT c.id, c.staff_id FROM verdict_invitations v JOIN conversations c ON "
                                   f"c.id = v.conversation_id WHERE v.lookup IN ({marks})", lookups).fetchall()
            self.db.execute(f"UPDATE verdict_invitations SET lookup = NULL, given_on = ? WHERE lookup IN ({marks})",
                            [iso(today), *lookups])
            for _cid, staff_id in rows:
                audit.record(self.db, self.actor, "update", "staff", staff_id,
                             "Gave their view of the conversation (answers counted without their name)")
        return len(rows)

    def given_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM verdict_invitations WHERE given_on IS NOT NULL").fetchone()[0]

    # --- counts and comments ------------------------------------------------------------
    def batch_counted(self, batch: str) -> bool:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [LAST_BATCH]).fetchone()
        return row is not None and row[0] == batch

    def add(self, counts: Counts, sealed_comments: list[tuple[str, str]], verdicts: int, batch: str = "") -> None:
        """Add a batch of verdicts' counts and HR-sealed comments, in one transaction that also notes the
        batch, so the same waiting tally is never counted twice."""
        now = now_iso()
        with self.db.atomic():
            if batch:
                self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                                "value = excluded.value", [LAST_BATCH, batch])
            for quarter, questions in counts.items():
                for question, answers in questions.items():
                    for answer, n in answers.items():
                        seq = next_seq(self.db)
                        self.db.execute(
                            "INSERT INTO verdict_counts (id, quarter, question, answer, count, created_at, updated_at, "
                            "change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (quarter, question, answer) "
                            "DO UPDATE SET count = count + excluded.count, updated_at = excluded.updated_at, "
                            "change_seq = excluded.change_seq", [new_id(), quarter, question, answer, n, now, now, seq])
            for quarter, sealed in sealed_comments:
                self.db.execute("INSERT INTO verdict_comments (id, quarter, sealed, created_at, updated_at, change_seq) "
                                "VALUES (?, ?, ?, ?, ?, ?)", [new_id(), quarter, sealed, now, now, next_seq(self.db)])
            audit.record(self.db, self.actor, "update", "workspace", "verdicts",
                         f"Counted {verdicts} staff verdict{'s' if verdicts != 1 else ''} on their conversations")

    def counts(self) -> Counts:
        return from_rows(self.db.execute("SELECT quarter, question, answer, count FROM verdict_counts").fetchall())
