"""The audit log: who did what, when, and whom it was about. Entries hold no health detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.domain.dates import now_iso
from desktop.store.changes import new_id, next_seq
from desktop.store.driver import Database

# How an entry's record leads to the person it is about (entity -> SQL taking the entity id).
_SUBJECT = {
    "staff": "SELECT id FROM staff WHERE id = ?",
    "conversation": "SELECT staff_id FROM conversations WHERE id = ?",
    "document": "SELECT staff_id FROM conversations WHERE id = ?",   # a printed record names its conversation
    "cpd_entry": "SELECT staff_id FROM cpd_entries WHERE id = ?",
    "cpd_evidence": "SELECT e.staff_id FROM cpd_evidence v JOIN cpd_entries e ON e.id = v.cpd_entry_id "
                    "WHERE v.id = ?",
    "training_record": "SELECT staff_id FROM training_records WHERE id = ?",
    "paper_copy": "SELECT staff_id FROM paper_copies WHERE id = ?",
}


@dataclass(frozen=True)
class AuditEntry:
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str | None
    summary: str
    person: str = ""   # whom it is about: their name now, or their assignment number once deleted


def _subject(db: Database, entity: str, entity_id: str | None) -> str | None:
    """The staff id an entry is about, found from its record while the record still exists."""
    sql = _SUBJECT.get(entity)
    if sql is None or not entity_id:
        return None
    row = db.execute(sql, [entity_id]).fetchone()
    return row[0] if row else (entity_id if entity == "staff" else None)


def record(db: Database, actor: str, action: str, entity: str,
           entity_id: str | None, summary: str, staff_id: str | None = None) -> None:
    """Append one entry. Call inside the write's `db.atomic()` block (before deleting the record, so the
    person it was about can still be found; or pass `staff_id`)."""
    staff_id = staff_id or _subject(db, entity, entity_id)
    number = None
    if staff_id:
        row = db.execute("SELECT assignment_number FROM staff WHERE id = ?", [staff_id]).fetchone()
        number = row[0] if row else None
    db.execute(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, summary, change_seq, staff_id,"
        " assignment_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [new_id(), now_iso(), actor, action, entity, entity_id, summary, next_seq(db), staff_id, number],
    )


def entries(db: Database, limit: int | None = None) -> list[AuditEntry]:
    """Newest first, each naming its person as they are now: the name while their records are kept, the
    assignment number once retention has deleted them."""
    sql = ("SELECT a.at, a.actor, a.action, a.entity, a.entity_id, a.summary, a.staff_id, a.assignment_number,"
           " s.preferred_name, s.first_name, s.last_name"
           " FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id ORDER BY a.rowid DESC")
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = db.execute(sql).fetchall()
    numbers = {r[6]: r[7] for r in rows if r[6] and r[7]}   # the deletion entry itself is made after the row goes
    found: list[AuditEntry] = []
    for at, actor, action, entity, entity_id, summary, staff_id, number, preferred, first, last in rows:
        if last is not None or first is not None:
            person = f"{preferred or first or ''} {last or ''}".strip()
        elif staff_id:
            number = number or numbers.get(staff_id)
            person = f"Assignment number {number}" if number else "A deleted record"
        else:
            person = ""
        found.append(AuditEntry(at, actor, action, entity, entity_id, summary, person))
    return found


def last_seen(db: Database) -> datetime | None:
    """The latest time this workspace has seen: its newest audit timestamp (every unlock and every change to
    a record is audited), read back from the text, whatever order the entries were made in. Compared with the clock to
    notice a PC whose date has gone back."""
    # ISO text sorts by time to within a UTC offset; the few latest by text include the latest in time.
    latest = None
    for (at,) in db.execute("SELECT at FROM audit_log ORDER BY at DESC LIMIT 20").fetchall():
        try:
            moment = datetime.fromisoformat(at)
        except (TypeError, ValueError):
            continue
        moment = moment if moment.tzinfo is not None else moment.astimezone()
        latest = moment if latest is None or moment > latest else latest
    return latest
