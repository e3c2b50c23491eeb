"""Leadership self-assessments, the opt-in tick, and 360 rounds as the workspace keeps them.

A round's row never holds a rater's answers, nor any key that opens them: invitation counts, the key that
opens only the name on the round file while open, and once HR's hub returns them the merged results. Between
close and HR's return, the responses wait in feedback_sealed, sealed to HR's age key (docs/feedback-360.md).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date

from desktop.domain.conversation import Conversation, DevelopmentItem, Kind
from desktop.domain.dates import from_iso, iso, now_iso
from desktop.domain.leadership import (
    LEADERSHIP_TNA_CATEGORY, DimensionAssessment, Level, RoundResults, SelfAssessment, development_need,
    dimension, hr_summary, results_from_json, results_to_json,
)
from desktop.store.conversation_repo import ConversationRepository
from desktop.store import audit
from desktop.store.changes import new_id, next_seq
from desktop.store.driver import Database


@dataclass(frozen=True)
class RoundRow:
    id: str
    staff_id: str
    opened_on: date
    closes_on: date
    closed_on: date | None
    invited: dict[str, int]
    responses: dict[str, int] | None
    results: RoundResults | None
    results_on: date | None = None
    withdrawn_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def awaiting_results(self) -> bool:
        """Closed, its sealed responses on their way to HR, the merged results not yet back."""
        return self.closed_on is not None and self.withdrawn_on is None and self.results is None


__all__ = ["LeadershipRepository", "RoundRow", "add_to_development_plan", "results_from_json", "results_to_json"]
_ROUND_COLUMNS = "id, staff_id, opened_on, closes_on, closed_on, invited, responses, results, results_on, withdrawn_on"


def _round(row: tuple) -> RoundRow:
    return RoundRow(row[0], row[1], from_iso(row[2]), from_iso(row[3]), from_iso(row[4]), json.loads(row[5]),
                    json.loads(row[6]) if row[6] else None, results_from_json(row[7]) if row[7] else None,
                    from_iso(row[8]), from_iso(row[9]))


class LeadershipRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    # --- who leads ------------------------------------------------------------------
    def opted_in(self, staff_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM leadership_optin WHERE staff_id = ?", [staff_id]).fetchone() is not None

    def set_opted_in(self, staff_id: str, on: bool) -> None:
        with self.db.atomic():
            if on:
                self.db.execute("INSERT OR IGNORE INTO leadership_optin (staff_id, since) VALUES (?, ?)",
                                [staff_id, now_iso()])
            else:
                self.db.execute("DELETE FROM leadership_optin WHERE staff_id = ?", [staff_id])
            audit.record(self.db, self.actor, "update", "staff", staff_id,
                         "Marked as leading (leadership self-assessment and 360 offered)" if on
                         else "No longer marked as leading")

    # --- self-assessment -----------------------------------------------------------------
    def self_assessment(self, staff_id: str) -> SelfAssessment | None:
        row = self.db.execute("SELECT id, conversation_id, assessed_on, content FROM leadership_self "
                              "WHERE staff_id = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1",
                              [staff_id]).fetchone()
        if row is None:
            return None
        dims = tuple(DimensionAssessment(d["key"], Level(d["level"]) if d.get("level") else None,
                                         d.get("reflection", ""), bool(d.get("develop")))
                     for d in json.loads(row[3]))
        return SelfAssessment(staff_id, row[2], dims, row[1], row[0])

    def save_self_assessment(self, a: SelfAssessment) -> SelfAssessment:
        """One row per assessment; saving again updates it. Audited without its content."""
        content = json.dumps([{"key": d.key, "level": d.level.value if d.level else None,
                               "reflection": d.reflection, "develop": d.develop} for d in a.dimensions],
                             ensure_ascii=False)
        now = now_iso()
        with self.db.atomic():
            ident = a.id or new_id()
            self.db.execute(
                "INSERT INTO leadership_self (id, staff_id, conversation_id, assessed_on, content, created_at, "
                "updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "conversation_id = excluded.conversation_id, assessed_on = excluded.assessed_on, "
                "content = excluded.content, updated_at = excluded.updated_at, change_seq = excluded.change_seq",
                [ident, a.staff_id, a.conversation_id, a.assessed_on, content, now, now, next_seq(self.db)])
            if a.id is None:
                audit.record(self.db, self.actor, "create", "staff", a.staff_id,
                             "Leadership self-assessment started")
        return SelfAssessment(a.staff_id, a.assessed_on, a.dimensions, a.conversation_id, ident)

    # --- 360 rounds -------------------------------------------------------------------------
    def rounds_for(self, staff_id: str) -> list[RoundRow]:
        rows = self.db.execute(f"SELECT {_ROUND_COLUMNS} FROM feedback_rounds WHERE staff_id = ? "
                               "ORDER BY opened_on DESC, rowid DESC", [staff_id]).fetchall()
        return [_round(r) for r in rows]

    def round(self, round_id: str) -> RoundRow | None:
        row = self.db.execute(f"SELECT {_ROUND_COLUMNS} FROM feedback_rounds WHERE id = ?", [round_id]).fetchone()
        return _round(row) if row else None

    def open_round_for(self, staff_id: str) -> RoundRow | None:
        return next((r for r in self.rounds_for(staff_id) if r.is_open), None)

    def about_key(self, round_id: str) -> bytes | None:
        """The open round's key to the sealed name on its file (for more invitations); it opens nothing else."""
        row = self.db.execute("SELECT about_key FROM feedback_rounds WHERE id = ?", [round_id]).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def insert_round(self, round_id: str, staff_id: str, opened_on: date, closes_on: date,
                     invited: dict[str, int], key: bytes) -> None:
        now = now_iso()
        total = sum(invited.values())
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO feedback_rounds (id, staff_id, opened_on, closes_on, invited, about_key, created_at, "
                "updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [round_id, staff_id, iso(opened_on), iso(closes_on), json.dumps(invited), key, now, now,
                 next_seq(self.db)])
            audit.record(self.db, self.actor, "create", "staff", staff_id,
                         f"Opened a 360 feedback round closing {closes_on:%d/%m/%Y} with {total} invitation"
                         f"{'s' if total != 1 else ''}")

    def add_invited(self, round_id: str, invited: dict[str, int]) -> None:
        current = self.round(round_id)
        assert current is not None
        with self.db.atomic():
            self.db.execute("UPDATE feedback_rounds SET invited = ?, updated_at = ?, change_seq = ? WHERE id = ?",
                            [json.dumps(invited), now_iso(), next_seq(self.db), round_id])
            added = sum(invited.values()) - sum(current.invited.values())
            audit.record(self.db, self.actor, "update", "staff", current.staff_id,
                         f"Printed {added} more 360 invitation{'s' if added != 1 else ''}")

    def store_closed(self, round_id: str, closed_on: date, counts: dict[str, int], sealed: list[str],
                     how: str = "Closed a 360 feedback round") -> None:
        """Closed: the counts per group, and the responses, still sealed to HR's key, put in a shuffled order to
        wait for the next sync bundle. The about key goes (secure_delete overwrites its bytes)."""
        current = self.round(round_id)
        assert current is not None
        order = list(sealed)
        random.SystemRandom().shuffle(order)
        total = sum(counts.values())
        self.db.execute("PRAGMA secure_delete = ON")
        with self.db.atomic():
            self.db.execute(
                "UPDATE feedback_rounds SET closed_on = ?, responses = ?, about_key = NULL, updated_at = ?, "
                "change_seq = ? WHERE id = ?",
                [iso(closed_on), json.dumps(counts), now_iso(), next_seq(self.db), round_id])
            self.db.conn.executemany("INSERT INTO feedback_sealed (round_id, position, sealed) VALUES (?, ?, ?)",
                                [(round_id, n, text) for n, text in enumerate(order)])
            audit.record(self.db, self.actor, "update", "staff", current.staff_id,
                         f"{how}: {total} response{'s' if total != 1 else ''}, sealed for HR to merge")

    def store_withdrawn(self, round_id: str, on: date, counts: dict[str, int], reason: str) -> None:
        """Withdrawn without results: nothing is sent to HR, and nothing of the responses is kept."""
        current = self.round(round_id)
        assert current is not None
        self.db.execute("PRAGMA secure_delete = ON")
        with self.db.atomic():
            self.db.execute(
                "UPDATE feedback_rounds SET closed_on = ?, withdrawn_on = ?, responses = ?, about_key = NULL, "
                "updated_at = ?, change_seq = ? WHERE id = ?",
                [iso(on), iso(on), json.dumps(counts), now_iso(), next_seq(self.db), round_id])
            self.db.execute("DELETE FROM feedback_sealed WHERE round_id = ?", [round_id])
            audit.record(self.db, self.actor, "update", "staff", current.staff_id,
                         f"Withdrew a 360 feedback round ({reason}); its responses were discarded unread")

    def store_results(self, round_id: str, results: RoundResults, received_on: date, source: str) -> None:
        """The merged results (from HR's hub): kept, the sealed responses deleted, and the round's row changed so
        the next bundle tells HR they arrived (HR then drops its copy of the comments)."""
        current = self.round(round_id)
        assert current is not None
        summary = hr_summary(results)
        self.db.execute("PRAGMA secure_delete = ON")
        with self.db.atomic():
            self.db.execute(
                "UPDATE feedback_rounds SET results = ?, dimension_means = ?, results_on = ?, about_key = NULL, "
                "updated_at = ?, change_seq = ? WHERE id = ?",
                [results_to_json(results), json.dumps(summary) if summary else None, iso(received_on), now_iso(),
                 next_seq(self.db), round_id])
            self.db.execute("DELETE FROM feedback_sealed WHERE round_id = ?", [round_id])
            audit.record(self.db, self.actor, "update", "staff", current.staff_id,
                         f"360 feedback results {source}: the report is ready")

    def import_results(self, rows: list[tuple[str, str, RoundResults]], received_on: date) -> int:
        """HR's merged results (round id, staff id, results) for this workspace's closed rounds still waiting;
        anything else (another workspace's round, one already in or withdrawn) is left alone. Returns how many."""
        taken = 0
        for round_id, staff_id, results in rows:
            current = self.round(round_id)
            if current is not None and current.staff_id == staff_id and current.awaiting_results:
                self.store_results(round_id, results, received_on, "returned by HR")
                taken += 1
        return taken

    def sealed_for_hr(self) -> list[tuple[str, str]]:
        """(round id, sealed response) of every closed round still waiting for HR's results: carried in every
        bundle until the results come back, so a lost USB stick loses nothing."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT s.round_id, s.sealed FROM feedback_sealed s JOIN feedback_rounds f ON f.id = s.round_id "
            "WHERE f.results IS NULL AND f.withdrawn_on IS NULL ORDER BY s.round_id, s.position").fetchall()]

    def sealed_count(self, round_id: str) -> int:
        return int(self.db.execute("SELECT count(*) FROM feedback_sealed WHERE round_id = ?",
                                   [round_id]).fetchone()[0])

    def is_current_staff(self, staff_id: str) -> bool:
        """Still in the team (not a leaver, not deleted): only their open round may stay open."""
        row = self.db.execute("SELECT status FROM staff WHERE id = ?", [staff_id]).fetchone()
        return row is not None and row[0] == "active"

    def open_rounds(self) -> list[RoundRow]:
        rows = self.db.execute(f"SELECT {_ROUND_COLUMNS} FROM feedback_rounds WHERE closed_on IS NULL").fetchall()
        return [_round(r) for r in rows]


def add_to_development_plan(conversations: ConversationRepository, staff_id: str, dimension_keys: list[str],
                            source: str) -> tuple[Conversation, int]:
    """Each chosen dimension becomes a development-plan item (leadership TNA category) in the person's open
    conversation, or a new EADR if none is open. An item already there is not added twice."""
    conversation = conversations.open_for(staff_id) or conversations.start(staff_id, Kind.EADR)
    have = {d.need for d in conversation.development}
    new = [DevelopmentItem(need=development_need(dimension(k), source), tna_category=LEADERSHIP_TNA_CATEGORY,
                           action="Agree how, with whom and by when in the feedback conversation")
           for k in dimension_keys if development_need(dimension(k), source) not in have]
    if new:
        conversation = conversations.save(conversation.with_changes(development=conversation.development
                                                                    + tuple(new)))
    return conversation, len(new)
