"""CPD entries, their evidence files (kept in the encrypted database) and HCPC profile drafts."""

from __future__ import annotations

import hashlib
import json
import mimetypes
from collections import defaultdict
from datetime import date

from desktop.domain.cpd import ActivityType, CpdEntry, Evidence, check_evidence_size, hours_text, natural_key
from desktop.domain.dates import from_iso, iso, now_iso
from desktop.domain.hcpc import CpdProfile
from desktop.store import audit
from desktop.store.changes import new_id, next_seq, tombstone
from desktop.store.driver import Database

_COLUMNS = ("id", "staff_id", "start_date", "end_date", "title", "activity_type", "hours", "provider",
            "description", "reflection_what", "reflection_so_what", "reflection_now_what",
            "service_user_benefit", "evidence_note", "quick_capture", "created_at", "updated_at")
_EVIDENCE_COLUMNS = "id, cpd_entry_id, file_name, media_type, size, sha256"
# Matches the partial index cpd_entries_waiting (db/004): no reflection written yet.
_WAITING = "reflection_what = '' AND reflection_so_what = '' AND reflection_now_what = ''"


def _entry(row: tuple, evidence: tuple[Evidence, ...] = (), links: tuple[str, ...] = ()) -> CpdEntry:
    r = dict(zip(_COLUMNS, row))
    return CpdEntry(
        id=r["id"], staff_id=r["staff_id"], start_date=date.fromisoformat(r["start_date"]),
        end_date=from_iso(r["end_date"]), title=r["title"], activity_type=ActivityType(r["activity_type"]),
        hours=r["hours"], provider=r["provider"], description=r["description"],
        reflection_what=r["reflection_what"], reflection_so_what=r["reflection_so_what"],
        reflection_now_what=r["reflection_now_what"], service_user_benefit=r["service_user_benefit"],
        evidence_note=r["evidence_note"], quick_capture=bool(r["quick_capture"]), evidence=evidence,
        development_links=links, created_at=r["created_at"], updated_at=r["updated_at"])


def _values(entry: CpdEntry) -> list[object]:
    """Column values after id, in `_COLUMNS` order, up to quick_capture."""
    return [entry.staff_id, iso(entry.start_date), iso(entry.end_date), entry.title, entry.activity_type.value,
            entry.hours, entry.provider, entry.description, entry.reflection_what, entry.reflection_so_what,
            entry.reflection_now_what, entry.service_user_benefit, entry.evidence_note, int(entry.quick_capture)]


_INSERT = (f"INSERT INTO cpd_entries ({', '.join(_COLUMNS)}, change_seq) "
           f"VALUES ({', '.join('?' * (len(_COLUMNS) + 1))})")


class CpdRepository:
    def __init__(self, db: Database, actor: str):
        self.db = db
        self.actor = actor

    # --- reading --------------------------------------------------------------
    def entries(self, staff_id: str) -> list[CpdEntry]:
        """One person's whole log, newest first, with evidence details (not the files) and links."""
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        for id_, entry_id, name, media, size, sha in self.db.execute(
                f"SELECT {_EVIDENCE_COLUMNS} FROM cpd_evidence WHERE cpd_entry_id IN "
                "(SELECT id FROM cpd_entries WHERE staff_id = ?) ORDER BY rowid", [staff_id]).fetchall():
            evidence[entry_id].append(Evidence(id_, name, media, size, sha))
        links: dict[str, list[str]] = defaultdict(list)
        for entry_id, item_id in self.db.execute(
                "SELECT l.cpd_entry_id, l.development_item_id FROM cpd_development_links l "
                "JOIN cpd_entries e ON e.id = l.cpd_entry_id WHERE e.staff_id = ?", [staff_id]).fetchall():
            links[entry_id].append(item_id)
        rows = self.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM cpd_entries WHERE staff_id = ? "
                               "ORDER BY start_date DESC, rowid DESC", [staff_id]).fetchall()
        return [_entry(r, tuple(evidence.get(r[0], ())), tuple(links.get(r[0], ()))) for r in rows]

    def get(self, entry_id: str) -> CpdEntry | None:
        row = self.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM cpd_entries WHERE id = ?", [entry_id]).fetchone()
        if row is None:
            return None
        evidence = tuple(Evidence(r[0], *r[2:]) for r in self.db.execute(
            f"SELECT {_EVIDENCE_COLUMNS} FROM cpd_evidence WHERE cpd_entry_id = ? ORDER BY rowid", [entry_id]))
        links = tuple(r[0] for r in self.db.execute(
            "SELECT development_item_id FROM cpd_development_links WHERE cpd_entry_id = ?", [entry_id]))
        return _entry(row, evidence, links)

    def evidence_content(self, evidence_id: str) -> bytes:
        row = self.db.execute("SELECT content FROM cpd_evidence WHERE id = ?", [evidence_id]).fetchone()
        if row is None:
            raise KeyError(evidence_id)
        return bytes(row[0])

    def waiting_for_reflection(self, staff_id: str | None = None) -> list[CpdEntry]:
        """Entries with no reflection yet, oldest first (the longest waiting at the top)."""
        where = _WAITING
        params: list[object] = []
        if staff_id:
            where += " AND staff_id = ?"
            params.append(staff_id)
        rows = self.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM cpd_entries WHERE {where} "
                               "ORDER BY start_date, rowid", params).fetchall()
        return [_entry(r) for r in rows]

    def hours_by_type(self, since: date, staff_id: str | None = None) -> dict[ActivityType, float]:
        """Hours of CPD started on or after `since`, by activity type (one person or the team)."""
        sql = "SELECT activity_type, sum(hours) FROM cpd_entries WHERE start_date >= ?"
        params: list[object] = [iso(since)]
        if staff_id:
            sql += " AND staff_id = ?"
            params.append(staff_id)
        rows = self.db.execute(sql + " GROUP BY activity_type", params).fetchall()
        return {ActivityType(kind): float(total or 0) for kind, total in rows}

    def team_hours(self, since: date, only: list[str] | None = None) -> dict[str, tuple[float, int]]:
        """staff id → (hours since `since`, entries waiting for reflection), for everyone or the few
        ids in `only`. Two index-only queries, so 7,000 staff with years of CPD stay quick."""
        where, params = ("", []) if only is None else (f"AND staff_id IN ({', '.join('?' * len(only))})", only)
        hours = dict(self.db.execute("SELECT staff_id, sum(hours) FROM cpd_entries INDEXED BY cpd_entries_date_staff "
                                     f"WHERE start_date >= ? {where} "
                                     "GROUP BY staff_id", [iso(since), *params]).fetchall())
        waiting = dict(self.db.execute(
            f"SELECT staff_id, count(*) FROM cpd_entries WHERE {_WAITING} {where} GROUP BY staff_id",
            params).fetchall())
        return {staff: (float(hours.get(staff) or 0), int(waiting.get(staff) or 0)) for staff in hours | waiting}

    # --- writing ------------------------------------------------------------------
    def save(self, entry: CpdEntry, today: date) -> CpdEntry:
        """Insert or update an entry and its development-plan links in one transaction."""
        entry = entry.validated(today)
        now = now_iso()
        with self.db.atomic():
            seq = next_seq(self.db)
            values = _values(entry)
            exists = entry.id is not None and self.db.execute(
                "SELECT 1 FROM cpd_entries WHERE id = ?", [entry.id]).fetchone() is not None
            if exists:
                self.db.execute(
                    "UPDATE cpd_entries SET staff_id = ?, start_date = ?, end_date = ?, title = ?, "
                    "activity_type = ?, hours = ?, provider = ?, description = ?, reflection_what = ?, "
                    "reflection_so_what = ?, reflection_now_what = ?, service_user_benefit = ?, evidence_note = ?, "
                    "quick_capture = ?, updated_at = ?, change_seq = ? WHERE id = ?", values + [now, seq, entry.id])
                action, verb = "update", "Updated"
            else:
                entry = entry.with_changes(id=entry.id or new_id(), created_at=now)
                self.db.execute(_INSERT, [entry.id] + values + [now, now, seq])
                action, verb = "create", "Quick-captured" if entry.quick_capture else "Added"
            self.db.execute("DELETE FROM cpd_development_links WHERE cpd_entry_id = ?", [entry.id])
            self.db.conn.executemany("INSERT INTO cpd_development_links VALUES (?, ?)",
                                [(entry.id, item) for item in dict.fromkeys(entry.development_links)])
            audit.record(self.db, self.actor, action, "cpd_entry", entry.id,
                         f"{verb} a CPD entry ({entry.activity_type.label.lower()}, {hours_text(entry.hours)} h)")
        stored = self.get(entry.id or "")
        assert stored is not None
        return stored

    def insert_many(self, entries: list[CpdEntry], summary: str) -> list[str]:
        """Bulk insert in the caller's transaction (the demo, a portable file): one audit entry in all.
        Entries keep their ids when they have them, so the same file imported twice is recognised."""
        now = now_iso()
        first = next_seq(self.db, len(entries))
        ids = [e.id or new_id() for e in entries]
        self.db.conn.executemany(_INSERT, [[id_] + _values(e) + [e.created_at or now, now, first + i]
                                      for i, (id_, e) in enumerate(zip(ids, entries))])
        audit.record(self.db, self.actor, "import", "cpd_entry", None, summary)
        return ids

    def owners(self, ids: list[str]) -> dict[str, str]:
        """entry id → staff id, for those of `ids` already held."""
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update(self.db.execute(
                f"SELECT id, staff_id FROM cpd_entries WHERE id IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
        return found

    def existing_evidence_ids(self, ids: list[str]) -> set[str]:
        marks = ", ".join("?" * len(ids))
        return {r[0] for r in self.db.execute(f"SELECT id FROM cpd_evidence WHERE id IN ({marks})", ids)}

    def natural_keys(self, staff_id: str) -> set[tuple[str, str, str, float]]:
        """(date, folded title, type, hours) of a person's entries: how a re-typed entry is recognised."""
        return {natural_key(*row) for row in self.db.execute("SELECT start_date, title, activity_type, hours FROM cpd_entries WHERE staff_id = ?",
                                [staff_id]).fetchall()}

    def delete(self, entry_id: str) -> None:
        """Remove an entry and its evidence; tombstones let sync pass the deletion on."""
        with self.db.atomic():
            evidence = [r[0] for r in self.db.execute("SELECT id FROM cpd_evidence WHERE cpd_entry_id = ?",
                                                       [entry_id]).fetchall()]
            audit.record(self.db, self.actor, "delete", "cpd_entry", entry_id, "Deleted a CPD entry")
            self.db.execute("DELETE FROM cpd_evidence WHERE cpd_entry_id = ?", [entry_id])
            self.db.execute("DELETE FROM cpd_development_links WHERE cpd_entry_id = ?", [entry_id])
            self.db.execute("DELETE FROM cpd_entries WHERE id = ?", [entry_id])
            for id_, table in [(e, "cpd_evidence") for e in evidence] + [(entry_id, "cpd_entries")]:
                tombstone(self.db, id_, table)

    def add_evidence(self, entry_id: str, file_name: str, content: bytes, evidence_id: str | None = None) -> Evidence:
        """Keep a file inside the workspace with its SHA-256; refused over the size limit."""
        check_evidence_size(file_name, len(content))
        sha = hashlib.sha256(content).hexdigest()
        media = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        now = now_iso()
        evidence = Evidence(evidence_id or new_id(), file_name, media, len(content), sha)
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO cpd_evidence (id, cpd_entry_id, file_name, media_type, size, sha256, content, "
                "created_at, updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [evidence.id, entry_id, file_name, media, len(content), sha, content, now, now, next_seq(self.db)])
            audit.record(self.db, self.actor, "create", "cpd_evidence", evidence.id,
                         f"Added an evidence file ({evidence.size_text()})")
        return evidence

    def remove_evidence(self, evidence_id: str) -> None:
        with self.db.atomic():
            audit.record(self.db, self.actor, "delete", "cpd_evidence", evidence_id, "Removed an evidence file")
            self.db.execute("DELETE FROM cpd_evidence WHERE id = ?", [evidence_id])
            tombstone(self.db, evidence_id, "cpd_evidence")

    # --- HCPC profile drafts -------------------------------------------------------
    def profile(self, staff_id: str) -> CpdProfile | None:
        row = self.db.execute("SELECT window_start, window_end, summary, statement, selected, gap_notes, updated_at "
                              "FROM cpd_profiles WHERE staff_id = ?", [staff_id]).fetchone()
        if row is None:
            return None
        start, end, summary, statement, selected, notes, updated = row
        return CpdProfile(staff_id, date.fromisoformat(start), date.fromisoformat(end), summary, statement,
                          tuple(json.loads(selected)), dict(json.loads(notes)), updated)

    def save_profile(self, profile: CpdProfile) -> CpdProfile:
        now = now_iso()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO cpd_profiles (id, staff_id, window_start, window_end, summary, statement, selected, "
                "gap_notes, created_at, updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (staff_id) DO UPDATE SET window_start = excluded.window_start, "
                "window_end = excluded.window_end, summary = excluded.summary, statement = excluded.statement, "
                "selected = excluded.selected, gap_notes = excluded.gap_notes, updated_at = excluded.updated_at, "
                "change_seq = excluded.change_seq",
                [new_id(), profile.staff_id, iso(profile.window_start), iso(profile.window_end), profile.summary,
                 profile.statement, json.dumps(list(profile.selected)),
                 json.dumps(profile.gap_notes, ensure_ascii=False, sort_keys=True), now, now, next_seq(self.db)])
        return profile.with_changes(updated_at=now)
