"""The hub's own encrypted store: all of the hub's SQL lives in this module and store_reports.py.

A hub folder holds hub.json (what it is), key.json (the database key wrapped by HR's
passphrase, exactly as a workspace's), hub.db (SQLCipher) and recovery-key.json.
Migrations come from db/hub/, separate from the workspace's.
"""

from __future__ import annotations

import json
from base64 import b64encode
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson

from desktop.domain.bundle_schema import BY_NAME, LINKS, Part
from desktop.domain.dates import now_iso
from desktop.paths import migrations_dir
from desktop.store.database import open_database
from desktop.store.driver import Database
from desktop.store.migrations import migrate

DB_FILE = "hub.db"
_IN_CHUNK = 500


def hub_migrations() -> Path:
    return migrations_dir() / "hub"


def open_hub_database(path: Path, key: bytes) -> Database:
    db = open_database(path, key)
    migrate(db, folder=hub_migrations())
    return db


@dataclass(frozen=True)
class PinnedWorkspace:
    id: str
    station: str
    station_name: str
    signing_key: str
    age_recipient: str
    last_sequence: int          # within the epoch the workspace is in
    last_change_seq: int
    epoch: int = 0
    epoch_id: str = ""


class HubStore:
    def __init__(self, db: Database):
        self.db = db

    # --- settings and audit -------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def put_setting(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    def audit(self, actor: str, action: str, summary: str) -> None:
        self.db.execute("INSERT INTO audit_log (at, actor, action, summary) VALUES (?, ?, ?, ?)",
                        [now_iso(), actor, action, summary])

    def audit_entries(self, limit: int = 500) -> list[tuple[str, str, str, str]]:
        return self.db.execute("SELECT at, actor, action, summary FROM audit_log ORDER BY id DESC LIMIT ?",
                               [limit]).fetchall()

    # --- enrolment ----------------------------------------------------------------------------
    def add_enrolment(self, enrolment_id: str, station: str, station_name: str, token_sha256: str) -> None:
        self.db.execute("INSERT INTO enrolments (id, station, station_name, token_sha256, created_at) "
                        "VALUES (?, ?, ?, ?, ?)", [enrolment_id, station, station_name, token_sha256, now_iso()])

    def enrolment(self, enrolment_id: str) -> dict | None:
        row = self.db.execute("SELECT id, station, station_name, token_sha256, used_by FROM enrolments WHERE id = ?",
                              [enrolment_id]).fetchone()
        return dict(zip(("id", "station", "station_name", "token_sha256", "used_by"), row)) if row else None

    def workspace(self, workspace_id: str) -> PinnedWorkspace | None:
        row = self.db.execute("SELECT id, station, station_name, signing_key, age_recipient, last_sequence, "
                              "last_change_seq, epoch, epoch_id FROM workspaces WHERE id = ?",
                              [workspace_id]).fetchone()
        return PinnedWorkspace(*row) if row else None

    def workspaces(self, station: str | None = None) -> list[PinnedWorkspace]:
        sql = ("SELECT id, station, station_name, signing_key, age_recipient, last_sequence, last_change_seq, epoch, "
               "epoch_id FROM workspaces")
        rows = self.db.execute(sql + (" WHERE station = ?" if station else "") + " ORDER BY station, enrolled_at",
                               [station] if station else []).fetchall()
        return [PinnedWorkspace(*r) for r in rows]

    def pin(self, workspace: PinnedWorkspace, enrolment_id: str) -> None:
        now = now_iso()
        self.db.execute("UPDATE enrolments SET used_by = ?, used_at = ? WHERE id = ?", [workspace.id, now, enrolment_id])
        self.db.execute("INSERT INTO workspaces (id, station, station_name, signing_key, age_recipient, enrolment_id, "
                        "enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [workspace.id, workspace.station, workspace.station_name, workspace.signing_key,
                         workspace.age_recipient, enrolment_id, now])

    def pinned_keys(self) -> list[dict]:
        cols = ("station", "station_name", "workspace_id", "signing_key", "age_recipient", "first_seen", "last_seen")
        rows = self.db.execute("SELECT station, station_name, id, signing_key, age_recipient, enrolled_at, "
                               "last_bundle_at FROM workspaces ORDER BY station, enrolled_at").fetchall()
        return [dict(zip(cols, r)) for r in rows]

    def stations(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT station, max(station_name) FROM enrolments GROUP BY station "
                               "ORDER BY station").fetchall()

    # --- bundles ------------------------------------------------------------------------------
    def bundle_seen(self, bundle_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM bundles WHERE bundle_id = ?", [bundle_id]).fetchone() is not None

    def bundle_file_station(self, file_name: str) -> str | None:
        """The station of an imported bundle of this file name (the watcher stopped before filing it away)."""
        row = self.db.execute("SELECT station FROM bundles WHERE file_name = ?", [file_name]).fetchone()
        return row[0] if row else None

    def note_bundle(self, bundle_id: str, workspace: PinnedWorkspace, sequence: int, file_name: str,
                    from_seq: int, to_seq: int, records: int, quarantined: int, conflicts: int, gap: str,
                    audit_summary: dict[str, int], epoch: tuple[str, int] = ("", 0)) -> None:
        """Record the bundle and move the workspace on: within its epoch, or into a newer one."""
        now = now_iso()
        self.db.execute("INSERT INTO bundles (bundle_id, workspace_id, station, sequence, received_at, file_name, "
                        "from_seq, to_seq, records, quarantined, conflicts, gap, epoch) VALUES (?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?, ?)", [bundle_id, workspace.id, workspace.station, sequence, now, file_name,
                                              from_seq, to_seq, records, quarantined, conflicts, gap, epoch[1]])
        self.db.execute("UPDATE workspaces SET last_sequence = ?, last_change_seq = CASE WHEN epoch = ? THEN "
                        "max(last_change_seq, ?) ELSE ? END, epoch = ?, epoch_id = ?, last_bundle_at = ? WHERE id = ?",
                        [sequence, epoch[1], to_seq, to_seq, epoch[1], epoch[0], now, workspace.id])
        self.db.conn.executemany("INSERT INTO audit_summaries (bundle_id, action, count) VALUES (?, ?, ?)",
                            [(bundle_id, str(a), int(n)) for a, n in audit_summary.items()
                             if isinstance(n, int) and not isinstance(n, bool)])

    def bundles(self, limit: int = 1000) -> list[dict]:
        cols = ("received_at", "station", "sequence", "file_name", "records", "quarantined", "conflicts", "gap")
        rows = self.db.execute(f"SELECT {', '.join(cols)} FROM bundles ORDER BY received_at DESC, rowid DESC "
                               "LIMIT ?", [limit]).fetchall()
        return [dict(zip(cols, r)) for r in rows]

    # --- records ------------------------------------------------------------------------------
    def ids_of(self, part: str, workspace_id: str) -> set[str]:
        return {r[0] for r in self.db.execute(f"SELECT id FROM {part} WHERE workspace_id = ?", [workspace_id])}

    def has_record(self, part: str, record_id: str, workspace_id: str) -> bool:
        return self.db.execute(f"SELECT 1 FROM {part} WHERE id = ? AND workspace_id = ?",
                               [record_id, workspace_id]).fetchone() is not None

    def upsert(self, part: Part, rows: list[list], extra: tuple[str, ...] = ()) -> int:
        """Insert or update rows (each already holding workspace_id, station and epoch at the end).

        A row already held for another workspace is left alone (the caller flags the conflict);
        returns how many rows were written, so the caller knows whether to look for one."""
        names = (*part.names, *extra, "workspace_id", "station", "epoch")
        updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != "id")
        guard = f"{part.name}.workspace_id = excluded.workspace_id"
        if part.stamped:
            # A restore rewinds change numbers: a later epoch wins whatever its numbers say.
            guard += f" AND (excluded.epoch, excluded.change_seq) >= ({part.name}.epoch, {part.name}.change_seq)"
        sql = (f"INSERT INTO {part.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
               f"ON CONFLICT (id) DO UPDATE SET {updates} WHERE {guard}")
        cursor = self.db.conn.executemany(sql, rows)
        return cursor.rowcount

    def owners(self, part: str, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """id -> (workspace_id, station) for those of `ids` the hub holds."""
        found: dict[str, tuple[str, str]] = {}
        ids = list(ids)
        for start in range(0, len(ids), _IN_CHUNK):
            chunk = ids[start:start + _IN_CHUNK]
            for record_id, workspace_id, station in self.db.execute(
                    f"SELECT id, workspace_id, station FROM {part} WHERE id IN ({', '.join('?' * len(chunk))})",
                    chunk):
                found[record_id] = (workspace_id, station)
        return found

    def staff_by_assignment(self, numbers: Iterable[str]) -> dict[str, list[tuple[str, str, str]]]:
        """assignment number -> [(id, workspace_id, station)] for current (not superseded) staff."""
        found: dict[str, list[tuple[str, str, str]]] = {}
        numbers = list(numbers)
        for start in range(0, len(numbers), _IN_CHUNK):
            chunk = numbers[start:start + _IN_CHUNK]
            for number, record_id, workspace_id, station in self.db.execute(
                    "SELECT assignment_number, id, workspace_id, station FROM staff WHERE superseded = 0 AND "
                    f"assignment_number IN ({', '.join('?' * len(chunk))})", chunk):
                found.setdefault(number, []).append((record_id, workspace_id, station))
        return found

    def add_conflict(self, part: str, key: str, held: tuple[str, str], other: tuple[str, str, str],
                     bundle_id: str, record: dict | None = None) -> int:
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO conflicts (part, record_key, held_id, held_station, other_id, other_station, "
            "other_workspace, other_record, bundle_id, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [part, key, held[0], held[1], other[0], other[1], other[2],
             orjson.dumps(record).decode() if record is not None else None, bundle_id, now_iso()])
        return cursor.rowcount

    def quarantine(self, bundle_id: str, workspace: PinnedWorkspace, items: list[tuple[str, str | None, str, object]]):
        now = now_iso()
        self.db.conn.executemany(
            "INSERT INTO quarantine (bundle_id, workspace_id, station, part, record_id, reason, record, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(bundle_id, workspace.id, workspace.station, part, record_id, reason,
              orjson.dumps(record, default=str).decode(), now) for part, record_id, reason, record in items])

    def set_aside_older_epochs(self, bundle_id: str, workspace: PinnedWorkspace, epoch: int,
                               incoming: dict[str, dict[str, tuple]]) -> tuple[int, int]:
        """The first complete bundle of a newer epoch (the station restored a backup) is the truth about
        the workspace's records. What HR holds from earlier epochs is kept aside, in quarantine with the
        reason, where it differs: a record the station no longer has is withdrawn (out of HR's figures),
        and a version the restore rewound is copied there before the station's version replaces it.
        `incoming` is part -> {record id: (change_seq, updated_at)} of every record in the bundle.
        Returns (withdrawn, replaced)."""
        withdrawn, replaced, items = 0, 0, []
        for part in BY_NAME.values():
            if not part.stamped:
                continue
            names = [*part.names, *(["content"] if part.name == "cpd_evidence" else [])]
            at_seq, at_updated = names.index("change_seq"), names.index("updated_at")
            gone: list[str] = []
            for row in self.db.execute(f"SELECT {', '.join(names)} FROM {part.name} WHERE workspace_id = ? "
                                       "AND epoch < ?", [workspace.id, epoch]).fetchall():
                record = dict(zip(names, row))
                if part.name == "cpd_evidence":
                    record["content"] = b64encode(record["content"] or b"").decode("ascii")
                now = incoming.get(part.name, {}).get(row[0])
                if now is None:
                    gone.append(row[0])
                    items.append((part.name, row[0], f"withdrawn: station {workspace.station} restored a backup "
                                  f"(epoch {epoch}) that does not hold this record; kept here, not in HR's "
                                  "figures", record))
                elif now != (row[at_seq], row[at_updated]):
                    replaced += 1
                    items.append((part.name, row[0], f"replaced: station {workspace.station} restored a backup "
                                  f"(epoch {epoch}) holding an earlier version; this was HR's copy before it",
                                  record))
            for start in range(0, len(gone), _IN_CHUNK):
                chunk = gone[start:start + _IN_CHUNK]
                marks = ", ".join("?" * len(chunk))
                self.db.execute(f"DELETE FROM {part.name} WHERE workspace_id = ? AND id IN ({marks})",
                                [workspace.id, *chunk])
                if part.name == "cpd_entries":
                    self.db.execute(f"DELETE FROM {LINKS.name} WHERE workspace_id = ? AND cpd_entry_id IN "
                                    f"({marks})", [workspace.id, *chunk])
            withdrawn += len(gone)
        if items:
            self.quarantine(bundle_id, workspace, items)
        return withdrawn, replaced

    def replace_links(self, workspace_id: str, entry_ids: list[str], links: list[list]) -> None:
        if entry_ids:
            self.db.execute("DELETE FROM cpd_development_links WHERE cpd_entry_id IN (SELECT value FROM json_each(?)) "
                            "AND workspace_id = ?", [json.dumps(entry_ids), workspace_id])
        if links:
            self.db.conn.executemany(f"INSERT OR REPLACE INTO {LINKS.name} (cpd_entry_id, development_item_id, "
                                "workspace_id) VALUES (?, ?, ?)", [(*link, workspace_id) for link in links])

    def apply_tombstones(self, workspace_id: str, rows: list[list]) -> None:
        for record_id, entity, *_ in rows:
            if entity in BY_NAME and entity != "tombstones":
                self.db.execute(f"DELETE FROM {entity} WHERE id = ? AND workspace_id = ?", [record_id, workspace_id])

    def conflicts(self, include_resolved: bool = False) -> list[dict]:
        cols = ("id", "part", "record_key", "held_id", "held_station", "other_id", "other_station", "detected_at",
                "resolved_at", "resolution")
        sql = f"SELECT {', '.join(cols)} FROM conflicts"
        rows = self.db.execute(sql + ("" if include_resolved else " WHERE resolved_at IS NULL") + " ORDER BY id")
        return [dict(zip(cols, r)) for r in rows.fetchall()]

    def conflict(self, conflict_id: int) -> dict | None:
        cols = ("id", "part", "record_key", "held_id", "held_station", "other_id", "other_station", "other_workspace",
                "other_record", "resolved_at")
        row = self.db.execute(f"SELECT {', '.join(cols)} FROM conflicts WHERE id = ?", [conflict_id]).fetchone()
        return dict(zip(cols, row)) if row else None

    def resolve_conflict(self, conflict: dict, keep: str, actor: str) -> None:
        """Keep the 'held' or the 'other' version as current; the other stays, marked superseded."""
        with self.db.atomic():
            if conflict["part"] == "staff":
                loser = conflict["other_id"] if keep == "held" else conflict["held_id"]
                winner = conflict["held_id"] if keep == "held" else conflict["other_id"]
                self.db.execute("UPDATE staff SET superseded = 1 WHERE id = ?", [loser])
                self.db.execute("UPDATE staff SET superseded = 0 WHERE id = ?", [winner])
            elif keep == "other" and conflict["other_record"]:
                part = BY_NAME[conflict["part"]]
                record = orjson.loads(conflict["other_record"])
                names = (*part.names, "workspace_id", "station")
                self.db.execute(f"INSERT OR REPLACE INTO {part.name} ({', '.join(names)}) VALUES "
                                f"({', '.join('?' * len(names))})",
                                [*(record.get(n) for n in part.names), conflict["other_workspace"],
                                 conflict["other_station"]])
            station = conflict["held_station"] if keep == "held" else conflict["other_station"]
            self.db.execute("UPDATE conflicts SET resolved_at = ?, resolution = ? WHERE id = ?",
                            [now_iso(), f"kept the version from {station}", conflict["id"]])
            self.audit(actor, "resolve", f"Conflict {conflict['id']} ({conflict['part']} {conflict['record_key']}): "
                       f"kept the version from {station}")

    def quarantined(self) -> list[dict]:
        cols = ("at", "station", "part", "record_id", "reason")
        rows = self.db.execute(f"SELECT {', '.join(cols)} FROM quarantine ORDER BY id DESC").fetchall()
        return [dict(zip(cols, r)) for r in rows]

    def counts(self) -> dict[str, int]:
        return {name: self.db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in BY_NAME}

    # --- reference bundles --------------------------------------------------------------------
    def next_reference_version(self, station: str) -> int:
        row = self.db.execute("INSERT INTO reference_versions (station, version) VALUES (?, 1) ON CONFLICT (station) "
                              "DO UPDATE SET version = version + 1 RETURNING version", [station]).fetchone()
        return int(row[0])

    def roster(self, station: str) -> tuple[list[str], list[tuple]]:
        """The station's current staff, each with the workspace whose records they came from, so each
        manager's workspace takes only its own people (docs/bundle-format.md, "Several workspaces")."""
        columns = ["assignment_number", "first_name", "last_name", "preferred_name", "job_title", "role", "band",
                   "hcpc_number", "email", "start_date", "id", "workspace_id"]
        rows = self.db.execute(f"SELECT {', '.join(columns)} FROM staff WHERE station = ? AND status = 'active' "
                               "AND superseded = 0 GROUP BY assignment_number, workspace_id "
                               "ORDER BY last_name, first_name, workspace_id", [station]).fetchall()
        return columns, rows

    def previous_eadrs(self, station: str) -> tuple[list[str], list[tuple]]:
        """Signed EADRs held at other stations for staff now on this station's roster (people who moved)."""
        columns = ["id", "assignment_number", "station", "signed_on", "manager", "quality_score", "summary"]
        rows = self.db.execute(
            "SELECT c.id, s.assignment_number, s.station, coalesce(c.manager_signed_on, c.staff_signed_on), "
            "c.manager_signature, c.quality_score, coalesce(json_extract(c.content, '$.summary'), '') "
            "FROM conversations c JOIN staff s ON s.id = c.staff_id "
            "WHERE c.kind = 'eadr' AND c.status = 'signed_off' AND s.station != ? AND s.assignment_number IN "
            "(SELECT assignment_number FROM staff WHERE station = ? AND status = 'active' AND superseded = 0) "
            "ORDER BY s.assignment_number, 4", [station, station]).fetchall()
        return columns, rows

    def acknowledgements(self, station: str) -> tuple[list[str], list[tuple]]:
        return (["workspace_id", "bundle_sequence", "change_seq", "epoch", "epoch_id"],
                self.db.execute("SELECT id, last_sequence, last_change_seq, epoch, epoch_id FROM workspaces "
                                "WHERE station = ?", [station]).fetchall())

    # --- dip-sample reviews -------------------------------------------------------------------
    _SIGNED = "coalesce(c.manager_signed_on, c.staff_signed_on)"

    def signed_eadrs_at(self, station: str, start: str, end: str) -> list[dict]:
        """Signed EADRs of a station's current records signed from `start` to `end` (ISO dates, inclusive)."""
        cols = ("id", "staff_id", "workspace_id", "assignment_number", "staff_name", "signed_on", "appraiser",
                "quality_score")
        rows = self.db.execute(
            f"SELECT c.id, c.staff_id, c.workspace_id, s.assignment_number, s.first_name || ' ' || s.last_name, "
            f"substr({self._SIGNED}, 1, 10), c.manager_signature, c.quality_score FROM conversations c "
            "JOIN staff s ON s.id = c.staff_id WHERE c.kind = 'eadr' AND c.status = 'signed_off' "
            f"AND s.superseded = 0 AND c.station = ? AND substr({self._SIGNED}, 1, 10) BETWEEN ? AND ? ORDER BY c.id",
            [station, start, end]).fetchall()
        return [dict(zip(cols, r)) for r in rows]

    def shared_record(self, conversation_id: str) -> dict | None:
        """What a bundle carried of one conversation (never private notes: they never leave the station)."""
        cols = ("id", "staff_id", "workspace_id", "station", "kind", "status", "content", "staff_signed_on",
                "staff_signature", "staff_agreed", "staff_comments", "manager_signed_on", "manager_signature",
                "quality_score", "assignment_number", "staff_name", "role", "band")
        row = self.db.execute(
            "SELECT c.id, c.staff_id, c.workspace_id, c.station, c.kind, c.status, c.content, c.staff_signed_on, "
            "c.staff_signature, c.staff_agreed, c.staff_comments, c.manager_signed_on, c.manager_signature, "
            "c.quality_score, s.assignment_number, s.first_name || ' ' || s.last_name, s.role, s.band "
            "FROM conversations c LEFT JOIN staff s ON s.id = c.staff_id WHERE c.id = ?", [conversation_id]).fetchone()
        if row is None:
            return None
        record = dict(zip(cols, row))
        record["objectives"] = [dict(zip(("title", "measure", "target_date", "priority", "outcome", "review"), r))
                                for r in self.db.execute(
            "SELECT title, measure, target_date, priority, outcome, review FROM objectives WHERE conversation_id = ? "
            "ORDER BY review DESC, position", [conversation_id]).fetchall()]
        record["development"] = [dict(zip(("need", "tna_category", "action", "target_date", "status"), r))
                                 for r in self.db.execute(
            "SELECT need, tna_category, action, target_date, status FROM development_items WHERE conversation_id = ? "
            "ORDER BY position", [conversation_id]).fetchall()]
        return record

    _REVIEW = ("conversation_id", "station", "workspace_id", "period", "station_score", "score", "checks", "comment",
               "reviewer", "reviewed_at")

    def put_review(self, review: dict) -> None:
        names = self._REVIEW
        self.db.execute(f"INSERT OR REPLACE INTO dip_reviews ({', '.join(names)}) VALUES "
                        f"({', '.join('?' * len(names))})", [review[n] for n in names])

    def reviews(self, station: str | None = None) -> list[dict]:
        sql = f"SELECT {', '.join(self._REVIEW)} FROM dip_reviews"
        rows = self.db.execute(sql + (" WHERE station = ?" if station else "") + " ORDER BY reviewed_at",
                               [station] if station else []).fetchall()
        return [dict(zip(self._REVIEW, r)) for r in rows]

    def reviews_for_reference(self, station: str) -> tuple[list[str], list[tuple]]:
        """HR's reviews of the station's records, for its reference bundle (part hr_reviews)."""
        columns = ["conversation_id", "staff_id", "workspace_id", "period", "score", "station_score", "checks",
                   "comment", "reviewer", "reviewed_at"]
        rows = self.db.execute(
            "SELECT r.conversation_id, c.staff_id, r.workspace_id, r.period, r.score, r.station_score, r.checks, "
            "r.comment, r.reviewer, r.reviewed_at FROM dip_reviews r JOIN conversations c ON c.id = r.conversation_id "
            "WHERE r.station = ? ORDER BY r.reviewed_at", [station]).fetchall()
        return columns, rows

    def quality_scores(self) -> list[tuple[str, int | None]]:
        """(signed on, the station's checklist score) of every signed EADR held."""
        return self.db.execute(f"SELECT substr({self._SIGNED}, 1, 10), c.quality_score FROM conversations c "
                               "JOIN staff s ON s.id = c.staff_id WHERE c.kind = 'eadr' AND c.status = 'signed_off' "
                               f"AND s.superseded = 0 AND {self._SIGNED} IS NOT NULL").fetchall()

    # --- 360 results (never a response: see db/hub/006_feedback_results.sql) -------------------
    def feedback_round(self, round_id: str, workspace_id: str) -> dict | None:
        """The round as the station reported it: staff id, closed on, withdrawn on, responses (JSON)."""
        row = self.db.execute("SELECT staff_id, closed_on, withdrawn_on, responses FROM feedback_rounds "
                              "WHERE id = ? AND workspace_id = ?", [round_id, workspace_id]).fetchone()
        return dict(zip(("staff_id", "closed_on", "withdrawn_on", "responses"), row)) if row else None

    def has_feedback_results(self, round_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM feedback_results WHERE round_id = ?", [round_id]).fetchone() is not None

    def put_feedback_results(self, round_id: str, workspace_id: str, station: str, staff_id: str, responses: int,
                             unreadable: int, results_json: str, dimension_means: str | None) -> None:
        self.db.execute("INSERT INTO feedback_results (round_id, workspace_id, station, staff_id, responses, "
                        "unreadable, results, dimension_means, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [round_id, workspace_id, station, staff_id, responses, unreadable, results_json,
                         dimension_means, now_iso()])

    def drop_returned_results(self, workspace_id: str) -> int:
        """The station has the merged results (its round says so): HR keeps only the dimension means."""
        return self.db.execute(
            "UPDATE feedback_results SET results = NULL WHERE workspace_id = ? AND results IS NOT NULL AND round_id "
            "IN (SELECT id FROM feedback_rounds WHERE workspace_id = ? AND results_on IS NOT NULL)",
            [workspace_id, workspace_id]).rowcount

    def feedback_results_for_reference(self, station: str) -> tuple[list[str], list[tuple]]:
        """Merged results not yet confirmed by the station, for its reference bundle (part feedback_results)."""
        columns = ["round_id", "workspace_id", "staff_id", "results", "computed_at"]
        rows = self.db.execute("SELECT round_id, workspace_id, staff_id, results, computed_at FROM feedback_results "
                               "WHERE station = ? AND results IS NOT NULL ORDER BY computed_at", [station]).fetchall()
        return columns, rows
