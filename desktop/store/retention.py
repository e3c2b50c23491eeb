"""Retention of leavers' records: the period setting, the review list, and audited deletion.

Deleting a person removes every row that refers to them, found by following the schema's foreign
keys from `staff` (conversations, their objectives and development items, CPD entries with their
evidence and links, training records, CPD profiles, and whatever later migrations add), all in one
transaction with a tombstone per deleted record so sync can pass the deletion on. The audit entry
names the assignment number only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.domain.dates import uk
from desktop.domain.retention import (
    DEFAULT_RETENTION_YEARS, PastRetention, check_deletable, check_years, name_forms, past_retention,
    without_name,
)
from desktop.domain.staff import Staff
from desktop.store import audit
from desktop.store.changes import tombstone
from desktop.store.driver import Database
from desktop.store.staff_repo import StaffRepository
from desktop.domain.errors import EadrError

RETENTION_SETTING = "retention_years"


class RetentionError(EadrError):
    """The deletion cannot be done safely; nothing was deleted."""


@dataclass(frozen=True)
class Deleted:
    assignment_number: str
    counts: dict[str, int] = field(default_factory=dict)   # table -> rows deleted

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_years(db: Database) -> int:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [RETENTION_SETTING]).fetchone()
    try:
        return check_years(int(row[0])) if row else DEFAULT_RETENTION_YEARS
    except ValueError:
        return DEFAULT_RETENTION_YEARS


def set_retention_years(db: Database, actor: str, years: int) -> None:
    check_years(years)
    if years == retention_years(db):
        return
    with db.atomic():
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [RETENTION_SETTING, str(years)])
        audit.record(db, actor, "settings", "workspace", None,
                     f"Leavers' records are now kept for {years} years after leaving")


def past_retention_list(db: Database, today: date, years: int | None = None) -> list[PastRetention]:
    """Leavers whose retention period is over, longest over first."""
    years = retention_years(db) if years is None else years
    ids = [r[0] for r in db.execute("SELECT id FROM staff WHERE status = 'leaver' AND leaving_date IS NOT NULL "
                                    "ORDER BY leaving_date").fetchall()]
    repo = StaffRepository(db, actor="")
    found = [past_retention(person, years, today) for person in (repo.get(i) for i in ids) if person]
    return [due for due in found if due is not None]


def _references(db: Database) -> dict[str, list[tuple[str, str, str]]]:
    """parent table -> [(child table, child column, parent column)] from every foreign key in the schema."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%'").fetchall()]
    refs: dict[str, list[tuple[str, str, str]]] = {}
    for table in tables:
        for row in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            refs.setdefault(row[2], []).append((table, row[3], row[4] or "id"))
    return refs


def records_of(db: Database, staff_id: str) -> dict[str, list[int]]:
    """Every row that belongs to the person: table -> rowids, following foreign keys from their staff row."""
    refs = _references(db)
    found: dict[str, set[int]] = {"staff": {r[0] for r in db.execute("SELECT rowid FROM staff WHERE id = ?",
                                                                   [staff_id]).fetchall()}}
    queue = ["staff"]
    while queue:
        parent = queue.pop()
        parent_rows = sorted(found[parent])
        marks = ", ".join("?" * len(parent_rows))
        for child, column, parent_column in refs.get(parent, []):
            rows = {r[0] for r in db.execute(
                f"SELECT rowid FROM [{child}] WHERE [{column}] IN "
                f"(SELECT [{parent_column}] FROM [{parent}] WHERE rowid IN ({marks}))", parent_rows).fetchall()}
            new = rows - found.get(child, set())
            if new:
                found.setdefault(child, set()).update(new)
                queue.append(child)
    return {table: sorted(rows) for table, rows in found.items() if rows}


def _columns(db: Database, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info([{table}])").fetchall()]


def _redact_audit(db: Database, person: Staff) -> int:
    """Earlier audit entries about the person keep who did what and when, but say their assignment number
    instead of their name. Which entries are theirs is decided by record, never by name text: those with
    their staff id, and older ones without a staff id that name them together with their assignment number,
    "Name (number)". A colleague with the same name, or a name containing theirs, keeps every word."""
    stand_in = f"assignment number {person.assignment_number}"
    names = name_forms(person)
    tagged = [f"{name} ({person.assignment_number})" for name in names]
    changed = 0
    rows = db.execute("SELECT id, summary FROM audit_log WHERE staff_id = ?", [person.id]).fetchall()
    for entry_id, summary in rows:
        text = without_name(summary or "", tagged + names, stand_in)
        if text != summary:
            changed += 1
        db.execute("UPDATE audit_log SET summary = ?, assignment_number = coalesce(assignment_number, ?) "
                   "WHERE id = ?", [text, person.assignment_number, entry_id])
    for entry_id, summary in db.execute(
            "SELECT id, summary FROM audit_log WHERE staff_id IS NULL AND instr(summary, ?) > 0",
            [f"({person.assignment_number})"]).fetchall():
        text = without_name(summary, tagged, stand_in)
        if text != summary:
            changed += 1
            db.execute("UPDATE audit_log SET summary = ? WHERE id = ?", [text, entry_id])
    return changed


def delete_person(db: Database, actor: str, staff: Staff, today: date, years: int | None = None) -> Deleted:
    """Delete everything held about a leaver past retention, in one transaction, with tombstones and an audit
    entry naming only the assignment number. NotPastRetention (domain rule) or RetentionError: nothing deleted."""
    with db.atomic():
        years = retention_years(db) if years is None else years
        current = StaffRepository(db, actor).get(staff.id or "")
        if current is None:
            raise RetentionError(f"assignment number {staff.assignment_number} is no longer in the workspace")
        due = check_deletable(current, years, today)
        rows = records_of(db, current.id or "")
        for table, rowids in rows.items():
            if table != "staff" and "staff_id" in _columns(db, table):
                owners = {r[0] for r in db.execute(
                    f"SELECT DISTINCT staff_id FROM [{table}] WHERE rowid IN ({', '.join('?' * len(rowids))})",
                    rowids).fetchall()}
                if owners != {current.id}:
                    raise RetentionError(f"records of other staff in {table} refer to assignment number "
                                         f"{current.assignment_number}'s records; nothing was deleted")
        # Children and parents go in one statement each; the keys are checked once, at commit.
        db.execute("PRAGMA defer_foreign_keys = ON")
        counts: dict[str, int] = {}
        for table, rowids in rows.items():
            marks = ", ".join("?" * len(rowids))
            if "id" in _columns(db, table):
                for (record_id,) in db.execute(f"SELECT id FROM [{table}] WHERE rowid IN ({marks})",
                                               rowids).fetchall():
                    tombstone(db, record_id, table)
            db.execute(f"DELETE FROM [{table}] WHERE rowid IN ({marks})", rowids)
            counts[table] = len(rowids)
        details = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in sorted(counts.items()))
        redacted = _redact_audit(db, current)
        audit.record(db, actor, "delete", "staff", current.id,
                     f"Deleted after the retention period: assignment number {current.assignment_number} "
                     f"(left {uk(current.leaving_date)}; kept {years} years, until {uk(due.since)}): {details}"
                     + (f"; {redacted} earlier audit entries now say the assignment number instead of the name"
                        if redacted else ""))
    return Deleted(current.assignment_number, counts)

