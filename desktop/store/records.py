"""Finding a conversation from the record ID on its paper form (a QR scan or the ID typed by hand)."""

from __future__ import annotations

from desktop.domain.conversation import Kind
from desktop.domain.record_code import MIN_PREFIX, Found, Lookup, RecordCode
from desktop.domain.staff import StaffStatus
from desktop.store.driver import Database
from desktop.store.staff_repo import StaffRepository


class RecordLookup:
    def __init__(self, db: Database, staff: StaffRepository):
        self.db = db
        self.staff = staff

    def find(self, code: RecordCode) -> Lookup:
        """The record `code` names, whose it is, and whether it can be opened; a deleted record is told
        apart from one this workspace never held, from the tombstones and the audit log."""
        if len(code.id.replace("-", "")) < MIN_PREFIX:
            return Lookup(Found.UNKNOWN, code)
        prefix = code.id
        like = prefix.replace("%", "").replace("_", "") + "%"
        rows = self.db.execute("SELECT id, staff_id, kind FROM conversations WHERE id >= ? AND id < ? LIMIT 5",
                               [prefix, prefix + "\x7f"]).fetchall()
        if len(rows) > 1:
            return Lookup(Found.AMBIGUOUS, code, matches=len(rows))
        if rows:
            conversation_id, staff_id, kind = rows[0]
            person = self.staff.get(staff_id)
            noun = Kind(kind).noun
            if person is None:
                return Lookup(Found.ERASED, code, conversation_id, noun=noun)
            found = Found.OPEN if person.status is StaffStatus.ACTIVE else Found.LEAVER
            return Lookup(found, code, conversation_id, person, noun)
        discarded = self.db.execute("SELECT entity_id, at FROM audit_log WHERE action = 'discard' "
                                    "AND entity = 'conversation' AND entity_id LIKE ? LIMIT 1", [like]).fetchone()
        noted = self.db.execute("SELECT staff_id, assignment_number FROM audit_log WHERE entity_id LIKE ? "
                                "AND staff_id IS NOT NULL LIMIT 1", [like]).fetchone()
        person = self.staff.get(noted[0]) if noted else None
        if discarded:
            return Lookup(Found.DISCARDED, code, discarded[0], person, when=discarded[1])
        if noted and person is None:
            return Lookup(Found.ERASED, code, assignment_number=noted[1] or "")
        return Lookup(Found.UNKNOWN, code)
