"""The training catalogue and completion records.

The catalogue starts as the default in resources/training/ and is replaced by HR's reference
bundle (courses are matched by code, so records survive a new catalogue).
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from desktop.domain.dates import from_iso, iso, now_iso, uk
from desktop.domain.staff import Role
from desktop.domain.training import STATE_ORDER, Course, CourseStatus, course_status
from desktop.paths import resource_path
from desktop.store import audit, sync_state
from desktop.store.changes import new_id, next_seq, tombstone
from desktop.store.driver import Database

DEFAULT_CATALOGUE = "ambulance.json"


DEFAULT_VERSION = "training.default_version"   # setting: which default matrix seeded this workspace…
CUSTOM = "custom"                               # …or none: a catalogue from elsewhere is in force


@lru_cache(maxsize=1)
def _default_data() -> dict:
    return json.loads(resource_path("training", DEFAULT_CATALOGUE).read_text(encoding="utf-8"))


def default_version() -> str:
    return str(_default_data()["version"])


def default_catalogue() -> tuple[Course, ...]:
    """The default training matrix: each course is one subject at one level for the roles listed."""
    return tuple(Course(c["code"], c["title"], c.get("renewal_months"), frozenset(Role(r) for r in c["applies_to"]))
                 for c in _default_data()["courses"])


def _roles(stored: str) -> frozenset[Role]:
    """The roles a course applies to. A role this version does not know (from a newer HR catalogue) counts
    as "other", where such staff are filed, rather than stopping the team page from opening."""
    known = Role._value2member_map_
    return frozenset(known.get(r, Role.OTHER) for r in json.loads(stored or "[]"))  # type: ignore[misc]


class TrainingRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    def courses(self) -> list[Course]:
        """The catalogue in force, seeded with the default the first time it is asked for."""
        rows = self.db.execute("SELECT id, code, title, renewal_months, applies_to FROM training_courses "
                               "WHERE mandatory = 1 ORDER BY rowid").fetchall()
        if not rows or self._default_outdated():
            with self.db.atomic():
                self.replace_catalogue(list(default_catalogue()))
                sync_state.put(self.db, DEFAULT_VERSION, default_version())
            return self.courses()
        return [Course(code, title, months, _roles(roles), id_) for id_, code, title, months, roles in rows]

    def _default_outdated(self) -> bool:
        """A workspace still on an older default (HR has never sent its own catalogue) moves to the current
        default matrix, so a call handler stops being asked for level 3 courses after an update."""
        if sync_state.get(self.db, sync_state.REFERENCE_VERSION) is not None:
            return False
        return sync_state.get(self.db, DEFAULT_VERSION) not in (default_version(), CUSTOM)

    def replace_catalogue(self, courses: list[Course], source: str | None = None) -> None:
        """Upsert by code; courses no longer listed stop being mandatory but keep their records.
        A catalogue from elsewhere (`source`, such as HR's bundle) is audited; seeding the default is not."""
        now = now_iso()
        with self.db.atomic():
            self.db.execute("UPDATE training_courses SET mandatory = 0")
            for course in courses:
                self.db.execute(
                    "INSERT INTO training_courses (id, code, title, renewal_months, mandatory, applies_to, "
                    "created_at, updated_at, change_seq) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?) "
                    "ON CONFLICT (code) DO UPDATE SET title = excluded.title, mandatory = 1, "
                    "renewal_months = excluded.renewal_months, applies_to = excluded.applies_to, "
                    "updated_at = excluded.updated_at, change_seq = excluded.change_seq",
                    [new_id(), course.code, course.title, course.renewal_months,
                     json.dumps(sorted(r.value for r in course.applies_to)), now, now, next_seq(self.db)])
            if source:
                sync_state.put(self.db, DEFAULT_VERSION, CUSTOM)
                audit.record(self.db, self.actor, "import", "training_courses", None,
                             f"Training catalogue set from {source} ({len(courses)} courses)")

    def latest(self, only: list[str] | None = None) -> dict[str, dict[str, str]]:
        """staff id → course id → latest completion (ISO, as stored: a team's worth is compared, not parsed),
        for the whole team (or the ids in `only`) in one query."""
        where, params = ("", []) if only is None else (f"WHERE staff_id IN ({', '.join('?' * len(only))})", only)
        result: dict[str, dict[str, str]] = {}
        for staff, course, day in self.db.execute(
                f"SELECT staff_id, course_id, max(completed_on) FROM training_records {where} "
                "GROUP BY staff_id, course_id", params).fetchall():
            result.setdefault(staff, {})[course] = day
        return result

    def status_for(self, staff_id: str, role: Role, today: date) -> list[CourseStatus]:
        """Every course that applies to the person, worst first."""
        latest = {course: date.fromisoformat(day) for course, day in self.db.execute(
            "SELECT course_id, max(completed_on) FROM training_records WHERE staff_id = ? GROUP BY course_id",
            [staff_id]).fetchall()}
        statuses = [course_status(c, latest.get(c.id or ""), today) for c in self.courses() if c.applies(role)]
        return sorted(statuses, key=lambda s: (STATE_ORDER.index(s.state), s.expires_on or date.max))

    def history(self, staff_id: str, course_id: str) -> list[tuple[str, date, date | None]]:
        """(record id, completed on, expires on) for one person and course, newest first."""
        rows = self.db.execute("SELECT id, completed_on, expires_on FROM training_records WHERE staff_id = ? "
                               "AND course_id = ? ORDER BY completed_on DESC", [staff_id, course_id]).fetchall()
        return [(id_, date.fromisoformat(done), from_iso(expires)) for id_, done, expires in rows]

    def record(self, staff_id: str, course: Course, completed_on: date, today: date) -> str:
        """A completion; its expiry follows the course's renewal period."""
        if completed_on > today:
            raise ValueError("The completion date is in the future; record training once it is done.")
        now = now_iso()
        record_id = new_id()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO training_records (id, staff_id, course_id, completed_on, expires_on, created_at, "
                "updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [record_id, staff_id, course.id, iso(completed_on), iso(course.expiry(completed_on)), now, now,
                 next_seq(self.db)])
            audit.record(self.db, self.actor, "create", "training_record", record_id,
                         f"Recorded {course.code} completed {uk(completed_on)}")
        return record_id

    def insert_many(self, records: list[tuple[str, Course, date]], summary: str) -> None:
        """Bulk completions (staff id, course, completed on) in the caller's transaction; one audit entry."""
        now = now_iso()
        first = next_seq(self.db, len(records))
        self.db.conn.executemany(
            "INSERT INTO training_records (id, staff_id, course_id, completed_on, expires_on, created_at, "
            "updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(new_id(), staff, course.id, iso(done), iso(course.expiry(done)), now, now, first + i)
             for i, (staff, course, done) in enumerate(records)])
        audit.record(self.db, self.actor, "import", "training_record", None, summary)

    def remove(self, record_id: str) -> None:
        """Undo a completion recorded by mistake."""
        with self.db.atomic():
            audit.record(self.db, self.actor, "delete", "training_record", record_id, "Removed a training record")
            self.db.execute("DELETE FROM training_records WHERE id = ?", [record_id])
            tombstone(self.db, record_id, "training_records")

    # --- completions from an ESR/OLM learning export ---------------------------------------------------
    def held(self) -> dict[tuple[str, str], tuple[str, date, date | None]]:
        """(staff id, course id) → (record id, completed on, expires on) of each person's latest completion
        per course: what an import compares with, so a later completion already held is never lowered."""
        found: dict[tuple[str, str], tuple[str, date, date | None]] = {}
        for id_, staff, course, done, expires in self.db.execute(
                "SELECT id, staff_id, course_id, completed_on, expires_on FROM training_records "
                "ORDER BY completed_on, rowid").fetchall():
            found[(staff, course)] = (id_, date.fromisoformat(done), from_iso(expires))
        return found

    def course_names(self) -> dict[str, str | None]:
        """Folded course name from a learning export → catalogue course code (None: ignore that course)."""
        return dict(self.db.execute("SELECT name_key, course_code FROM training_course_names").fetchall())

    def remember_course_names(self, names: dict[str, tuple[str, str | None]]) -> None:
        """Keep {folded name: (name as the file spelt it, course code or None to ignore)} for next time."""
        now = now_iso()
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO training_course_names (name_key, name, course_code, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, course_code = excluded.course_code, "
                "updated_at = excluded.updated_at",
                [(key, name, code, now) for key, (name, code) in names.items()])

    def import_completions(self, adds: list[tuple[str, Course, date, date | None]],
                           expiry_changes: list[tuple[str, date | None]], summary: str,
                           names: dict[str, tuple[str, str | None]] | None = None) -> None:
        """One transaction: new completions (staff id, course, completed on, expiry from the file or None to
        follow the course's renewal), expiry corrections (record id, expires on) on completions already held,
        the course names chosen, and one audit entry. All of it, or none."""
        now = now_iso()
        with self.db.atomic():
            if names:
                self.remember_course_names(names)
            first = next_seq(self.db, len(adds) + len(expiry_changes))
            self.db.conn.executemany(
                "INSERT INTO training_records (id, staff_id, course_id, completed_on, expires_on, created_at, "
                "updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(new_id(), staff, course.id, iso(done), iso(expires or course.expiry(done)), now, now, first + i)
                 for i, (staff, course, done, expires) in enumerate(adds)])
            self.db.conn.executemany(
                "UPDATE training_records SET expires_on = ?, updated_at = ?, change_seq = ? WHERE id = ?",
                [(iso(expires), now, first + len(adds) + i, record_id)
                 for i, (record_id, expires) in enumerate(expiry_changes)])
            audit.record(self.db, self.actor, "import", "training_record", None, summary)
