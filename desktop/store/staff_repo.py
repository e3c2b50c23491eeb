"""Staff records: the only code that reads or writes the staff table."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from desktop.domain.dates import from_iso, iso, now_iso, uk
from desktop.domain.staff import FIELD_LABELS, Role, Staff, StaffStatus, StaffValidationError
from desktop.store import audit
from desktop.store.changes import new_id, next_seq
from desktop.store.driver import Database

_COLUMNS = (
    "id", "assignment_number", "first_name", "last_name", "preferred_name", "job_title",
    "role", "band", "hcpc_number", "email", "start_date", "status", "leaving_date",
    "created_at", "updated_at", "change_seq", "prior_appraisal", "next_appraisal",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM staff"
_EDITABLE = tuple(c for c in _COLUMNS if c not in ("id", "created_at", "updated_at", "change_seq"))


class DuplicateAssignment(StaffValidationError):
    def __init__(self, number: str, holder: str):
        super().__init__({"assignment_number": f"{number} already belongs to {holder}"})


def _from_row(row: tuple) -> Staff:
    (id_, number, first, last, preferred, title, role, band, hcpc, email,
     start, status, leaving, created, updated, seq, prior, next_) = row
    return Staff(
        id=id_, assignment_number=number, first_name=first, last_name=last,
        preferred_name=preferred, job_title=title, role=Role(role), band=band,
        hcpc_number=hcpc, email=email, start_date=from_iso(start),
        status=StaffStatus(status), leaving_date=from_iso(leaving),
        created_at=created, updated_at=updated, change_seq=seq,
        prior_appraisal=from_iso(prior), next_appraisal=from_iso(next_),
    )


def to_row(staff: Staff) -> dict[str, object]:
    """Column values for the fields a user can edit."""
    return {
        "assignment_number": staff.assignment_number,
        "first_name": staff.first_name,
        "last_name": staff.last_name,
        "preferred_name": staff.preferred_name,
        "job_title": staff.job_title,
        "role": staff.role.value,
        "band": staff.band,
        "hcpc_number": staff.hcpc_number,
        "email": staff.email,
        "start_date": iso(staff.start_date),
        "status": staff.status.value,
        "leaving_date": iso(staff.leaving_date),
        "prior_appraisal": iso(staff.prior_appraisal),
        "next_appraisal": iso(staff.next_appraisal),
    }


def changed_fields(before: Staff, after: Staff) -> list[str]:
    old, new = to_row(before), to_row(after)
    return [name for name in _EDITABLE if old[name] != new[name]]


class StaffRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    def all(self) -> list[Staff]:
        rows = self.db.execute(f"{_SELECT} ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE")
        return [_from_row(r) for r in rows.fetchall()]

    def count(self, status: StaffStatus | None = None) -> int:
        if status is None:
            return self.db.execute("SELECT count(*) FROM staff").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM staff WHERE status = ?", [status.value]).fetchone()[0]

    def get(self, staff_id: str) -> Staff | None:
        row = self.db.execute(f"{_SELECT} WHERE id = ?", [staff_id]).fetchone()
        return _from_row(row) if row else None

    def by_assignment(self, number: str) -> Staff | None:
        row = self.db.execute(f"{_SELECT} WHERE assignment_number = ?", [number.strip()]).fetchone()
        return _from_row(row) if row else None

    def by_assignments(self) -> dict[str, Staff]:
        return {s.assignment_number: s for s in self.all()}

    def _check_unique(self, staff: Staff) -> None:
        holder = self.by_assignment(staff.assignment_number)
        if holder and holder.id != staff.id:
            raise DuplicateAssignment(staff.assignment_number, holder.display_name)

    def add(self, staff: Staff) -> Staff:
        """Validate and insert one person; returns the stored record."""
        with self.db.atomic():
            stored = self.insert_many([staff], summary_prefix="Added")[0]
        return stored

    def insert_many(self, people: Iterable[Staff], summary_prefix: str = "Added") -> list[Staff]:
        """Insert validated people in the caller's transaction, one audit entry each."""
        stored: list[Staff] = []
        for person in people:
            tidy = person.validated()
            self._check_unique(tidy)
            now = now_iso()
            record = tidy.with_changes(id=tidy.id or new_id(), created_at=now, updated_at=now,
                                       change_seq=next_seq(self.db))
            row = to_row(record) | {"id": record.id, "created_at": now, "updated_at": now,
                                    "change_seq": record.change_seq}
            names = ", ".join(row)
            self.db.execute(f"INSERT INTO staff ({names}) VALUES ({', '.join('?' * len(row))})",
                            list(row.values()))
            audit.record(self.db, self.actor, "create", "staff", record.id,
                         f"{summary_prefix} {record.display_name} ({record.assignment_number})")
            stored.append(record)
        return stored

    def update(self, staff: Staff) -> Staff:
        """Save edits to an existing person; a no-op if nothing changed."""
        with self.db.atomic():
            return self.update_many([staff])[0]

    def update_many(self, people: Iterable[Staff], summary_prefix: str = "Changed") -> list[Staff]:
        stored: list[Staff] = []
        for person in people:
            if not person.id:
                raise ValueError("update needs a stored record")
            current = self.get(person.id)
            if current is None:
                raise StaffValidationError({"id": "this person is no longer in the workspace"})
            tidy = person.validated()
            self._check_unique(tidy)
            fields = changed_fields(current, tidy)
            if not fields:
                stored.append(current)
                continue
            record = tidy.with_changes(updated_at=now_iso(), change_seq=next_seq(self.db),
                                       created_at=current.created_at)
            row = to_row(record)
            assignments = ", ".join(f"{k} = ?" for k in row)
            self.db.execute(
                f"UPDATE staff SET {assignments}, updated_at = ?, change_seq = ? WHERE id = ?",
                [*row.values(), record.updated_at, record.change_seq, record.id],
            )
            labels = ", ".join(FIELD_LABELS[f].lower() for f in fields)
            audit.record(self.db, self.actor, "update", "staff", record.id,
                         f"{summary_prefix} {labels} for {record.display_name} ({record.assignment_number})")
            stored.append(record)
        return stored

    def mark_leaver(self, staff_id: str, leaving_date: date) -> Staff:
        """Keep the record, marked as a leaver from `leaving_date`; nothing is deleted."""
        current = self.get(staff_id)
        if current is None:
            raise StaffValidationError({"id": "this person is no longer in the workspace"})
        leaver = current.with_changes(status=StaffStatus.LEAVER, leaving_date=leaving_date)
        with self.db.atomic():
            stored = self.update_many([leaver], summary_prefix="Marked as leaver on "
                                      f"{uk(leaving_date)}:")[0]
        return stored

    def reinstate(self, staff_id: str) -> Staff:
        current = self.get(staff_id)
        if current is None:
            raise StaffValidationError({"id": "this person is no longer in the workspace"})
        with self.db.atomic():
            return self.update_many([current.with_changes(status=StaffStatus.ACTIVE, leaving_date=None)],
                                    summary_prefix="Reinstated;")[0]
