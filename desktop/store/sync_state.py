"""The station's side of sync: keys and pins, what is waiting, bundles written and applied.

The only SQL the sync service needs in a workspace. Rows are read and written at the
table level (desktop/domain/bundle_schema.py says which columns travel), so sync does not depend
on any repository's Python API. Private wellbeing notes are never selected.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from desktop.domain.dates import now_iso
from desktop.store import audit
from desktop.store.changes import current_seq, new_id, next_seq
from desktop.store.driver import Database
from desktop.domain.bundle_schema import LINKS, PARTS, redact_content

ENROLMENT = "sync.enrolment"          # HR's pinned public keys, hub id, station code (JSON)
KEYS = "sync.keys"                    # this workspace's signing key and age identity (JSON)
ACKNOWLEDGED = "sync.acknowledged_seq"
ACKNOWLEDGED_BUNDLE = "sync.acknowledged_bundle"
BUNDLE_SEQ = "sync.bundle_seq"
REFERENCE_VERSION = "sync.reference_version"
EPOCH = "sync.epoch"                  # which sync epoch this database is in: a number that only goes up…
EPOCH_ID = "sync.epoch_id"            # …and a random id; absent = epoch 0, id "" (never restored)
EPOCH_STARTED = "sync.epoch_started"
TRUST_PROFILE = "trust_profile"


def get(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def put(db: Database, key: str, value: str) -> None:
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


def get_json(db: Database, key: str) -> dict | None:
    value = get(db, key)
    return json.loads(value) if value else None


def hub_recipient(db: Database) -> str | None:
    """HR's age public key, pinned when the workspace joined the hub; None if it never did. What only HR may
    read (360 answers, staff members' comments on their conversation) is sealed to it."""
    found = get_json(db, ENROLMENT)
    return str(found["hub_recipient"]) if found and found.get("hub_recipient") else None


def acknowledged_seq(db: Database) -> int:
    return int(get(db, ACKNOWLEDGED) or 0)


def last_bundle_seq(db: Database) -> int:
    return int(get(db, BUNDLE_SEQ) or 0)


def change_seq(db: Database) -> int:
    return current_seq(db)


# --- sync epochs -------------------------------------------------------------------------------
# A restore rewinds the change counter, so after it the same change numbers mean different edits.
# Each restore therefore starts a new epoch: a number above every epoch this workspace has been in,
# and a random id. Bundles declare their epoch; the hub orders records by (epoch, change_seq) and
# the first bundle of a new epoch carries every record (nothing is acknowledged in it yet).
# `db` may be a Database or a raw DB-API connection (backups.restore writes a staged copy).

def epoch(db) -> tuple[str, int]:
    """(epoch id, epoch number); ("", 0) for a workspace that was never restored."""
    return get(db, EPOCH_ID) or "", int(get(db, EPOCH) or 0)


# Said wherever a restore is offered or has happened (the restore dialog and question, the CLI, the Sync page).
RESTORE_RESENDS = ("After a restore, the next bundle sends everything to HR again, not only what changed: a "
                   "restore starts a new sync epoch, and HR brings its copy up to date from that bundle.")


def resending_after_restore(db) -> bool:
    """A restored workspace whose new epoch HR has not yet acknowledged: its next bundle carries every record."""
    return epoch(db)[1] > 0 and not acknowledged_seq(db)


def begin_epoch(db, number: int) -> str:
    """Start epoch `number` with a fresh id: nothing acknowledged, bundles numbered from 1 again.
    Call inside the caller's transaction."""
    new = str(uuid.uuid4())
    for key, value in ((EPOCH, str(number)), (EPOCH_ID, new), (EPOCH_STARTED, now_iso()),
                       (ACKNOWLEDGED, "0"), (ACKNOWLEDGED_BUNDLE, "0"), (BUNDLE_SEQ, "0")):
        put(db, key, value)
    return new


def waiting(db: Database) -> dict[str, int]:
    """How many records of each kind HR has not yet acknowledged (what the next bundle carries)."""
    since = acknowledged_seq(db)
    return {p.name: db.execute(f"SELECT count(*) FROM {p.name} WHERE change_seq > ?", [since]).fetchone()[0]
            for p in PARTS}


@dataclass
class Outgoing:
    """Everything a station bundle carries, read in one go so the sealing can run off-thread."""

    from_seq: int
    to_seq: int
    parts: dict[str, list[tuple]]
    links: list[tuple]
    evidence: dict[str, bytes]
    audit_summary: dict[str, int]
    sealed: list[tuple[str, str]] = field(default_factory=list)   # 360 responses sealed to HR's key
    counted: int | None = None   # the number of records, once the rows themselves have been let go

    @property
    def records(self) -> int:
        if self.counted is not None:
            return self.counted
        return sum(len(rows) for rows in self.parts.values())


def read_outgoing(db: Database, since: int | None = None) -> Outgoing:
    """Rows changed since HR's last acknowledgement: everything not acknowledged, not just since
    the last export, so a lost USB stick loses nothing. `since=0`: every shareable record."""
    since, upto = acknowledged_seq(db) if since is None else since, current_seq(db)
    parts: dict[str, list[tuple]] = {}
    for part in PARTS:
        columns = ", ".join(part.names)
        rows = db.execute(f"SELECT {columns} FROM {part.name} WHERE change_seq > ? AND change_seq <= ? "
                          "ORDER BY change_seq", [since, upto]).fetchall()
        if part.name == "conversations":
            at = part.names.index("content")
            rows = [(*r[:at], json.dumps(redact_content(json.loads(r[at] or "{}")), ensure_ascii=False,
                                         sort_keys=True), *r[at + 1:]) for r in rows]
        parts[part.name] = rows
    links = db.execute(f"SELECT {', '.join(LINKS.names)} FROM cpd_development_links WHERE cpd_entry_id IN "
                       "(SELECT id FROM cpd_entries WHERE change_seq > ? AND change_seq <= ?)",
                       [since, upto]).fetchall()
    evidence = dict(db.execute("SELECT id, content FROM cpd_evidence WHERE change_seq > ? AND change_seq <= ?",
                               [since, upto]).fetchall())
    summary = dict(db.execute("SELECT action, count(*) FROM audit_log WHERE change_seq > ? AND change_seq <= ? "
                              "GROUP BY action", [since, upto]).fetchall())
    # Every bundle until HR's results come back, whatever was acknowledged (domain/bundle_schema.SEALED).
    from desktop.store.leadership_repo import LeadershipRepository   # not at the top: it imports conversations
    sealed = LeadershipRepository(db, "").sealed_for_hr()
    return Outgoing(since + 1, upto, parts, links, evidence, summary, sealed)


def changed_since(db: Database, seq: int) -> bool:
    """Any shareable record changed after change `seq` (an audit entry alone does not count)."""
    return any(db.execute(f"SELECT 1 FROM {p.name} WHERE change_seq > ? LIMIT 1", [seq]).fetchone()
               for p in PARTS)


@dataclass(frozen=True)
class BundleRecord:
    bundle_id: str
    direction: str
    sequence: int
    at: str
    file: str
    from_seq: int | None
    to_seq: int | None
    records: int
    bytes: int
    outcome: str
    summary: str
    epoch: int = 0


def record_bundle(db: Database, record: BundleRecord) -> None:
    db.execute("INSERT INTO sync_bundles (bundle_id, direction, sequence, at, file, from_seq, to_seq, records, "
               "bytes, outcome, summary, epoch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [record.bundle_id, record.direction, record.sequence, record.at, record.file, record.from_seq,
                record.to_seq, record.records, record.bytes, record.outcome, record.summary, record.epoch])


def note_export(db: Database, actor: str, record: BundleRecord) -> None:
    """The bundle reached the disk: number it, list it in the outbox, audit it."""
    with db.atomic():
        put(db, BUNDLE_SEQ, str(record.sequence))
        record_bundle(db, record)
        audit.record(db, actor, "export", "bundle", record.bundle_id,
                     f"Sync bundle {record.sequence} written: {record.records} records ({record.file})")


def history(db: Database) -> list[BundleRecord]:
    """Newest first in the order the bundles were written or applied (row order), not by their `at`
    stamp: a PC whose clock was set back must not list a new bundle below older ones."""
    rows = db.execute("SELECT bundle_id, direction, sequence, at, file, from_seq, to_seq, records, bytes, outcome, "
                      "summary, epoch FROM sync_bundles ORDER BY rowid DESC").fetchall()
    return [BundleRecord(*r) for r in rows]


def last_acknowledged_at(db: Database) -> str | None:
    """When HR's latest reference bundle was applied here: the date of the last acknowledgement, taken
    from the last one applied (row order), whatever the PC's clock said then."""
    if not acknowledged_seq(db):
        return None
    row = db.execute("SELECT at FROM sync_bundles WHERE direction = 'in' AND outcome != 'rejected' "
                     "ORDER BY rowid DESC LIMIT 1").fetchone()
    return row[0] if row else None


def outbox(db: Database) -> list[BundleRecord]:
    """Bundles written in this epoch whose records HR has not yet acknowledged (a restore starts a new
    epoch and resends everything, so bundles written before it are no longer waited for)."""
    ack, (_, number) = acknowledged_seq(db), epoch(db)
    return [b for b in history(db) if b.direction == "out" and b.epoch == number and (b.to_seq or 0) > ack]


def seen_bundle(db: Database, bundle_id: str) -> bool:
    return db.execute("SELECT 1 FROM sync_bundles WHERE bundle_id = ?", [bundle_id]).fetchone() is not None


def save_enrolment(db: Database, actor: str, enrolment: dict, keys: dict, workspace_id: str) -> None:
    with db.atomic():
        put(db, ENROLMENT, json.dumps(enrolment, sort_keys=True))
        if get(db, KEYS) is None:
            put(db, KEYS, json.dumps(keys))
        audit.record(db, actor, "enrol", "workspace", workspace_id,
                     f"Joined {enrolment['trust']}'s HR hub as station {enrolment['station']}")


# --- applying a reference bundle -------------------------------------------------------------

@dataclass
class ReferenceChanges:
    staff_added: int = 0
    courses_added: int = 0
    courses_updated: int = 0
    courses_retired: int = 0
    profile_replaced: bool = False
    previous_eadrs: int = 0
    hr_reviews: int = 0
    acknowledged_seq: int | None = None
    colleagues_staff: int = 0                                     # other managers' people at this station
    not_added: list[str] = field(default_factory=list)            # new at the station, whose team HR does not say
    new_epoch: int | None = None

    def summary(self) -> str:
        parts = [f"{self.staff_added} staff added from HR's roster",
                 f"training catalogue: {self.courses_added} added, {self.courses_updated} updated, "
                 f"{self.courses_retired} no longer mandatory"]
        if self.profile_replaced:
            parts.append("trust profile updated")
        if self.hr_reviews:
            parts.append(f"HR reviewed {self.hr_reviews} record{'s' if self.hr_reviews != 1 else ''} "
                         "(see Home and each record)")
        if self.previous_eadrs:
            parts.append(f"{self.previous_eadrs} earlier EADR summaries for staff who moved here")
        if self.colleagues_staff:
            parts.append(f"{self.colleagues_staff} people in other managers' workspaces at this station left to them")
        if self.not_added:
            shown = ", ".join(self.not_added[:10]) + (f" and {len(self.not_added) - 10} more"
                                                       if len(self.not_added) > 10 else "")
            parts.append(f"{len(self.not_added)} new at the station but not added, as HR's roster does not say "
                         f"whose team they join (add them on the Team page if they are yours): {shown}")
        if self.acknowledged_seq is not None:
            parts.append(f"HR has everything up to change {self.acknowledged_seq}")
        if self.new_epoch is not None:
            parts.append(f"HR holds another copy of this workspace's records; sync epoch {self.new_epoch} started, "
                         "so the next bundle carries every record again")
        return "; ".join(parts)


def roster_for(roster: list[dict], workspace_id: str, colleagues: set[str], known: set[str],
               known_ids: set[str]) -> tuple[list[tuple[str, dict]], int, list[str]]:
    """Which of HR's roster rows this workspace adds: ([(id to give, row)], colleagues' people, not added).

    A workspace's reference roster is its own people: rows HR received from this workspace (matched
    by assignment number, added back under their own id if the workspace lacks them, e.g. after a
    restore, unless it deleted that record itself). Rows from another workspace at this station are
    that manager's team: left alone. A person new to the station (from another station, or from a
    hub that does not say) is added only when this is the station's one workspace; otherwise listed
    for the managers to add by hand."""
    chosen: list[tuple[str, dict]] = []
    colleague_rows: set[str] = set()
    not_added: list[str] = []
    for p in roster:
        number, owner = p["assignment_number"], p.get("workspace_id")
        if owner == workspace_id:
            record_id = p.get("id")
            if number not in known and not (isinstance(record_id, str) and record_id in known_ids):
                chosen.append((record_id if isinstance(record_id, str) and record_id else new_id(), p))
                known.add(number)
        elif owner in colleagues:
            colleague_rows.add(number)
        elif number not in known and number not in colleague_rows:
            if colleagues:
                not_added.append(f"{number} {p['first_name']} {p['last_name']}")
            else:
                chosen.append((new_id(), p))
            known.add(number)
    colleague_rows -= {p["assignment_number"] for _, p in chosen}
    return chosen, len(colleague_rows), not_added


def apply_reference(db: Database, actor: str, bundle: BundleRecord, roster: list[dict], catalogue: list[dict],
                    profile_json: str | None, previous: list[dict], ack_seq: int | None,
                    ack_bundle: int | None, ack_epoch: tuple[str, int] = ("", 0), workspace_id: str = "",
                    colleagues: set[str] | frozenset[str] = frozenset(),
                    reviews: list[dict] | None = None) -> ReferenceChanges:
    """Everything in one transaction: roster additions, catalogue by code, trust profile, acknowledgements.

    An acknowledgement counts only for the sync epoch this workspace is in (a restore starts a new one).
    If HR holds a different epoch at or above this one (the workspace restored twice from one point, or
    a copy of its folder synced too), this workspace starts an epoch above HR's and sends everything."""
    changes = ReferenceChanges()
    now = now_iso()
    with db.atomic():
        known = {r[0] for r in db.execute("SELECT assignment_number FROM staff")}
        # A record deleted here (retention) is never brought back by an older roster.
        known_ids = {r[0] for r in db.execute("SELECT id FROM staff UNION SELECT id FROM tombstones "
                                              "WHERE entity = 'staff'")}
        new_staff, changes.colleagues_staff, changes.not_added = roster_for(
            roster, workspace_id, set(colleagues), known, known_ids)
        if new_staff:
            seq = next_seq(db, len(new_staff))
            for offset, (record_id, p) in enumerate(new_staff):
                db.execute("INSERT INTO staff (id, assignment_number, first_name, last_name, preferred_name, "
                           "job_title, role, band, hcpc_number, email, start_date, status, created_at, updated_at, "
                           "change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
                           [record_id, p["assignment_number"], p["first_name"], p["last_name"],
                            p.get("preferred_name", ""), p.get("job_title", ""), p.get("role", "other"),
                            p.get("band"), p.get("hcpc_number", ""), p.get("email", ""), p.get("start_date"),
                            now, now, seq + offset])
            changes.staff_added = len(new_staff)
        if catalogue:
            existing = {r[0]: r[1:] for r in db.execute(
                "SELECT code, title, renewal_months, applies_to, mandatory FROM training_courses")}
            for course in catalogue:
                wanted = (course["title"], course.get("renewal_months"),
                          json.dumps(course.get("applies_to", [])), 1)
                if course["code"] not in existing:
                    db.execute("INSERT INTO training_courses (id, code, title, renewal_months, applies_to, "
                               "mandatory, created_at, updated_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               [new_id(), course["code"], *wanted, now, now, next_seq(db)])
                    changes.courses_added += 1
                elif tuple(existing[course["code"]]) != wanted:
                    db.execute("UPDATE training_courses SET title = ?, renewal_months = ?, applies_to = ?, "
                               "mandatory = ?, updated_at = ?, change_seq = ? WHERE code = ?",
                               [*wanted, now, next_seq(db), course["code"]])
                    changes.courses_updated += 1
            codes = {c["code"] for c in catalogue}
            for code, (_, _, _, mandatory) in existing.items():
                if code not in codes and mandatory:
                    db.execute("UPDATE training_courses SET mandatory = 0, updated_at = ?, change_seq = ? "
                               "WHERE code = ?", [now, next_seq(db), code])
                    changes.courses_retired += 1
        if profile_json is not None and profile_json != get(db, TRUST_PROFILE):
            put(db, TRUST_PROFILE, profile_json)
            changes.profile_replaced = True
        for item in previous:
            cur = db.execute("INSERT OR IGNORE INTO previous_eadrs (id, assignment_number, station, signed_on, manager, "
                             "quality_score, summary, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [item["id"], item["assignment_number"], item["station"], item.get("signed_on"),
                              item.get("manager", ""), item.get("quality_score"), item.get("summary", ""), now])
            changes.previous_eadrs += cur.rowcount
        changes.hr_reviews = _store_reviews(db, reviews or [], now)
        mine = epoch(db)
        if ack_epoch == mine:
            if ack_seq is not None and ack_seq > acknowledged_seq(db):
                put(db, ACKNOWLEDGED, str(min(ack_seq, current_seq(db))))
                put(db, ACKNOWLEDGED_BUNDLE, str(ack_bundle or 0))
                changes.acknowledged_seq = ack_seq
        elif ack_epoch[1] >= mine[1] and (ack_seq or ack_bundle):
            changes.new_epoch = ack_epoch[1] + 1
            begin_epoch(db, changes.new_epoch)
        put(db, REFERENCE_VERSION, str(bundle.sequence))
        record_bundle(db, BundleRecord(**{**bundle.__dict__, "summary": changes.summary()}))
        audit.record(db, actor, "import", "bundle", bundle.bundle_id,
                     f"HR reference bundle version {bundle.sequence} applied: {changes.summary()}")
    return changes


_REVIEW = ("conversation_id", "staff_id", "period", "score", "station_score", "checks", "comment", "reviewer",
           "reviewed_at")


def _store_reviews(db: Database, reviews: list[dict], now: str) -> int:
    """HR's reviews of this workspace's own records, new or changed; returns how many."""
    count = 0
    for r in reviews:
        if db.execute("SELECT 1 FROM conversations WHERE id = ?", [r["conversation_id"]]).fetchone() is None:
            continue
        held = db.execute("SELECT reviewed_at FROM hr_reviews WHERE conversation_id = ?",
                          [r["conversation_id"]]).fetchone()
        if held is not None and held[0] >= r["reviewed_at"]:
            continue
        db.execute(f"INSERT OR REPLACE INTO hr_reviews ({', '.join(_REVIEW)}, received_at) VALUES "
                   f"({', '.join('?' * (len(_REVIEW) + 1))})", [*(r.get(n) for n in _REVIEW), now])
        count += 1
    return count


def hr_review(db: Database, conversation_id: str) -> dict | None:
    """HR's dip-sample review of a record, if HR has reviewed it."""
    row = db.execute(f"SELECT {', '.join(_REVIEW)}, received_at FROM hr_reviews WHERE conversation_id = ?",
                     [conversation_id]).fetchone()
    return dict(zip((*_REVIEW, "received_at"), row)) if row else None


def hr_reviews_since(db: Database, since: str) -> list[dict]:
    """Reviews received since `since` (ISO), newest first."""
    rows = db.execute(f"SELECT {', '.join(_REVIEW)}, received_at FROM hr_reviews WHERE received_at >= ? "
                      "ORDER BY received_at DESC, conversation_id", [since]).fetchall()
    return [dict(zip((*_REVIEW, "received_at"), r)) for r in rows]


def note_refused(db: Database, actor: str, bundle: BundleRecord) -> None:
    with db.atomic():
        audit.record(db, actor, "import", "bundle", bundle.bundle_id,
                     f"HR reference bundle {bundle.file} refused: {bundle.summary}")


def previous_eadrs(db: Database, assignment_number: str) -> list[dict]:
    rows = db.execute("SELECT station, signed_on, manager, quality_score, summary FROM previous_eadrs "
                      "WHERE assignment_number = ? ORDER BY signed_on DESC", [assignment_number]).fetchall()
    return [dict(zip(("station", "signed_on", "manager", "quality_score", "summary"), r)) for r in rows]


def part_names() -> list[str]:
    return [p.name for p in PARTS]

