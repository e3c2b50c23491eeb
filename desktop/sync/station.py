"""The station's side of sync: joining a hub, writing station bundles, applying HR's reference bundles.

Database reads and writes stay on the caller's thread (prepare_export, finish_export);
seal_export is pure work that the GUI runs on a worker thread with progress and Cancel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import orjson

from desktop import __version__
from desktop.domain import clock
from desktop.domain.bundle_schema import LINKS, PARTS, RESULTS, SEALED
from desktop.domain.leadership import results_from_json
from desktop.domain.dates import now_iso
from desktop.domain.trust import TrustProfile
from desktop.security.recovery import add_recovery_slot
from desktop.store.files import discard
from desktop.store import sync_state
from desktop.store.info import KEY_FILE
from desktop.store.sync_state import BundleRecord, Outgoing
from desktop.store.workspace import Workspace
from desktop.sync.format import (
    FORMAT, FORMAT_VERSION, SCHEMA_VERSION, SUFFIX, BundleRejected, Contents, Progress, SigningKeys, encode_part,
    new_bundle_id, open_bundle, seal, write_atomically,
)
from desktop.sync.format import Cancelled as Cancelled  # re-exported for the GUI
from desktop.domain.errors import EadrError

ENROLMENT_FORMAT = "eadr-station-enrolment"
_ENROLMENT_FIELDS = ("hub_id", "trust", "station", "station_name", "enrolment_id", "token", "hub_recipient",
                     "hub_signing_key", "recovery_recipient")


class SyncError(EadrError):
    """Something the person can put right (not enrolled, a bad enrolment file); the message says what."""


def read_enrolment(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SyncError(f"{path}: no such enrolment file", where=str(path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise SyncError(f"{path}: not an enrolment file (it is not readable JSON)", where=str(path)) from None
    if not isinstance(data, dict) or data.get("format") != ENROLMENT_FORMAT:
        raise SyncError(f"{path}: not an EADR Station enrolment file", where=str(path))
    if data.get("version") != 1:
        raise SyncError(f"{path}: enrolment file version {data.get('version')} is not supported; update EADR Station",
                        where=str(path))
    missing = [f for f in _ENROLMENT_FIELDS if not isinstance(data.get(f), str) or not data[f]]
    if missing:
        raise SyncError(f"{path}: the enrolment file lacks {', '.join(missing)}", where=str(path))
    return {f: data[f] for f in _ENROLMENT_FIELDS}


def enrolment(workspace: Workspace) -> dict | None:
    return sync_state.get_json(workspace.db, sync_state.ENROLMENT)


def _keys(workspace: Workspace) -> SigningKeys:
    data = sync_state.get_json(workspace.db, sync_state.KEYS)
    if data is None:
        raise SyncError(f"{workspace.folder}: this workspace has not joined an HR hub; "
                        "ask HR for an enrolment file and run `eadr-station enrol`")
    return SigningKeys.from_dict(data)


def enrol(workspace: Workspace, path: Path, database_key: bytes) -> dict:
    """Pin HR's keys, make this workspace's own signing key, and add HR's recovery slot to key.json."""
    found = read_enrolment(path)
    current = enrolment(workspace)
    if current is not None and current["hub_id"] != found["hub_id"]:
        raise SyncError(f"{path}: this workspace already belongs to {current['trust']}'s hub; "
                        "it cannot join another", where=str(path))
    keys = sync_state.get_json(workspace.db, sync_state.KEYS) or SigningKeys.generate().to_dict()
    sync_state.save_enrolment(workspace.db, workspace.manager_name, found, keys, workspace.info.workspace_id)
    add_recovery_slot(workspace.folder / KEY_FILE, database_key, workspace.info.workspace_id,
                      found["recovery_recipient"])
    return found


# --- station bundles ------------------------------------------------------------------------

@dataclass
class PreparedExport:
    manifest: dict
    outgoing: Outgoing
    signer_keys: SigningKeys
    recipient: str
    file_name: str

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    @property
    def steps(self) -> int:
        return len(PARTS) + 1 + len(self.outgoing.evidence) + 2


def prepare_export(workspace: Workspace) -> PreparedExport:
    """Read everything HR has not acknowledged (on the database's thread)."""
    hub = enrolment(workspace)
    keys = _keys(workspace)
    if hub is None:
        raise SyncError(f"{workspace.folder}: this workspace has not joined an HR hub")
    db = workspace.db
    outgoing = sync_state.read_outgoing(db)
    sequence = sync_state.last_bundle_seq(db) + 1
    epoch_id, epoch = sync_state.epoch(db)
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "schema_version": SCHEMA_VERSION, "kind": "station",
        "bundle_id": new_bundle_id(), "created_at": now_iso(), "app_version": __version__,
        "sender": {"kind": "workspace", "id": workspace.info.workspace_id, "station": hub["station"],
                   "station_name": workspace.info.station_name, "signing_key": keys.verify_key,
                   "age_recipient": keys.recipient},
        "recipient": {"hub_id": hub["hub_id"]},
        "sequence": sequence,
        "epoch": {"id": epoch_id, "number": epoch},
        "change_seq": {"from": outgoing.from_seq, "to": outgoing.to_seq},
        "acknowledged": {"change_seq": sync_state.acknowledged_seq(db)},
        "enrolment": {"id": hub["enrolment_id"], "token": hub["token"]},
        "counts": {name: len(rows) for name, rows in outgoing.parts.items()} | {LINKS.name: len(outgoing.links)}
        | ({SEALED.name: len(outgoing.sealed)} if outgoing.sealed else {}),
        "audit_summary": outgoing.audit_summary,
    }
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    restored = f"e{epoch}-" if epoch else ""     # bundles are numbered from 1 again after a restore
    name = f"{hub['station']}-{restored}{sequence:06d}-{stamp}-{workspace.info.workspace_id[:8]}{SUFFIX}"
    return PreparedExport(manifest, outgoing, keys, hub["hub_recipient"], name)


def seal_export(prepared: PreparedExport, folder: Path, progress: Progress | None = None) -> Path:
    """Encode, sign, encrypt and write atomically (any thread). Raises Cancelled if asked to stop."""
    step, total = 0, prepared.steps

    def tick() -> None:
        nonlocal step
        step += 1
        if progress is not None and not progress(step, total):
            raise Cancelled()

    entries: dict[str, bytes] = {}
    for part in PARTS:
        entries[f"parts/{part.name}.json"] = encode_part(part.names, prepared.outgoing.parts[part.name])
        tick()
    entries[f"parts/{LINKS.name}.json"] = encode_part(LINKS.names, prepared.outgoing.links)
    if prepared.outgoing.sealed:
        entries[f"parts/{SEALED.name}.json"] = encode_part(SEALED.names, prepared.outgoing.sealed)
    tick()
    for record_id, content in prepared.outgoing.evidence.items():
        entries[f"evidence/{record_id}"] = bytes(content)
        tick()
    # seal() reports its last two steps (signed and archived, encrypted) as n-1 and n of its own n.
    data = seal(Contents(prepared.manifest, entries), prepared.signer_keys.signing, [prepared.recipient],
                lambda done, n: progress(step + 2 - (n - done), total) if progress else True)
    return write_atomically(data, Path(folder) / prepared.file_name)


RELEASE_CHUNK = 5_000


def without_rows(prepared: PreparedExport) -> PreparedExport:
    """`prepared` once sealed, without the rows it carried: all `finish_export` needs, light to hand to the GUI
    thread. The rows are let go of here, a few thousand at a time: freeing a trust-sized export's rows in one
    go holds the GIL (and so the GUI thread) for half a second."""
    outgoing = replace(prepared.outgoing, parts={}, links=[], evidence={}, counted=prepared.outgoing.records)
    for rows in (*prepared.outgoing.parts.values(), prepared.outgoing.links):
        while isinstance(rows, list) and rows:
            del rows[-RELEASE_CHUNK:]
    prepared.outgoing.evidence.clear()
    return replace(prepared, outgoing=outgoing)


def finish_export(workspace: Workspace, prepared: PreparedExport, path: Path) -> BundleRecord:
    record = BundleRecord(prepared.manifest["bundle_id"], "out", prepared.sequence, now_iso(), str(path),
                          prepared.outgoing.from_seq, prepared.outgoing.to_seq, prepared.outgoing.records,
                          path.stat().st_size, "written", "", int(prepared.manifest.get("epoch", {}).get("number", 0)))
    try:
        sync_state.note_export(workspace.db, workspace.manager_name, record)
    except BaseException:
        # Not recorded (a full disk under the workspace, say): a bundle nobody waits for must not reach HR.
        discard(path)
        raise
    return record


def export_bundle(workspace: Workspace, folder: Path, progress: Progress | None = None) -> Path:
    prepared = prepare_export(workspace)
    path = seal_export(prepared, folder, progress)
    finish_export(workspace, prepared, path)
    return path


# --- reference bundles from HR ---------------------------------------------------------------

@dataclass(frozen=True)
class ImportOutcome:
    file: str
    outcome: str            # applied / duplicate / rejected
    reason: str | None = None
    detail: str = ""

    def line(self) -> str:
        if self.outcome == "rejected":
            return f"{self.file}: rejected: {self.reason}"
        return f"{self.file}: {self.outcome}" + (f" ({self.detail})" if self.detail else "")


def _rows(opened, name: str, required: tuple[str, ...]) -> list[dict]:
    columns, rows = opened.part(name)
    missing = [c for c in required if c not in columns]
    if rows and missing:
        raise BundleRejected(f"part {name} lacks {', '.join(missing)}")
    out = []
    for row in rows:
        if not isinstance(row, list) or len(row) != len(columns):
            raise BundleRejected(f"part {name} has a malformed row")
        out.append(dict(zip(columns, row)))
    for item in out:
        if not all(isinstance(item[c], str) and item[c] for c in required):
            raise BundleRejected(f"part {name} has a row without {', '.join(required)}")
    return out


def import_reference(workspace: Workspace, path: Path, data: bytes | None = None) -> ImportOutcome:
    """Verify and apply HR's reference bundle; the outcome says applied, duplicate or rejected and why.
    `data`: the file's bytes, when already read on another thread (the sync folder may be a slow network drive)."""
    path = Path(path)
    hub = enrolment(workspace)
    keys = _keys(workspace)
    if hub is None:
        raise SyncError(f"{workspace.folder}: this workspace has not joined an HR hub")
    db = workspace.db

    def hub_key(manifest: dict) -> str:
        if manifest["sender"].get("id") != hub["hub_id"]:
            raise BundleRejected("signed by an unknown sender, not this workspace's HR hub")
        return hub["hub_signing_key"]

    try:
        try:
            data = path.read_bytes() if data is None else data
        except OSError as exc:
            raise BundleRejected(f"cannot be read ({exc.strerror or exc})") from None
        opened = open_bundle(data, [keys.identity], "reference", hub_key)
        manifest = opened.manifest
        if sync_state.seen_bundle(db, manifest["bundle_id"]):
            return ImportOutcome(path.name, "duplicate", None, "already applied; nothing changed")
        version, have = manifest["sequence"], int(sync_state.get(db, sync_state.REFERENCE_VERSION) or 0)
        if version <= have:
            raise BundleRejected(f"replayed or out of date: reference version {version}, and version {have} "
                                 "is already applied")
        roster = _rows(opened, "roster", ("assignment_number", "first_name", "last_name"))
        catalogue = _rows(opened, "training_catalogue", ("code", "title"))
        for course in catalogue:
            months = course.get("renewal_months")
            if months is not None and (not isinstance(months, int) or months <= 0):
                raise BundleRejected(f"course {course['code']} has a bad renewal period")
            course["applies_to"] = json.loads(course.get("applies_to") or "[]") \
                if isinstance(course.get("applies_to"), str) else course.get("applies_to") or []
        profile_rows = _rows(opened, "trust_profile", ("json",))
        profile_json = profile_rows[0]["json"] if profile_rows else None
        if profile_json is not None:
            try:
                TrustProfile.from_dict(orjson.loads(profile_json))
            except (orjson.JSONDecodeError, ValueError, AttributeError) as exc:
                raise BundleRejected(f"the trust profile is not usable ({exc})") from None
        previous = _rows(opened, "previous_eadrs", ("id", "assignment_number", "station"))
        reviews = [r for r in _rows(opened, "hr_reviews", ("conversation_id", "staff_id", "reviewed_at"))
                   if r.get("workspace_id") in (None, workspace.info.workspace_id) and isinstance(r.get("score"), int)]
        acks = [a for a in _rows(opened, "acknowledgements", ("workspace_id",))
                if a["workspace_id"] == workspace.info.workspace_id]
        ack = acks[0] if acks else {}
        ack_seq = ack.get("change_seq") if isinstance(ack.get("change_seq"), int) else None
        ack_bundle = ack.get("bundle_sequence") if isinstance(ack.get("bundle_sequence"), int) else None
        # Format 1 hubs know no epochs: their acknowledgements are of epoch 0.
        ack_epoch = (ack.get("epoch_id") if isinstance(ack.get("epoch_id"), str) else "",
                     ack.get("epoch") if isinstance(ack.get("epoch"), int) else 0)
        results = []
        for row in _rows(opened, RESULTS.name, ("round_id", "workspace_id", "staff_id", "results")):
            if row["workspace_id"] != workspace.info.workspace_id:
                continue
            try:
                results.append((row["round_id"], row["staff_id"], results_from_json(row["results"])))
            except (ValueError, KeyError, TypeError, AttributeError, IndexError):
                raise BundleRejected(f"the 360 results of round {row['round_id']} are not readable") from None
        recipients = manifest.get("recipient", {}).get("workspace_ids") \
            if isinstance(manifest.get("recipient"), dict) else None
        colleagues = {w for w in recipients if isinstance(w, str)} - {workspace.info.workspace_id} \
            if isinstance(recipients, list) else set()
    except BundleRejected as exc:
        record = BundleRecord("", "in", 0, now_iso(), str(path), None, None, 0, 0, "rejected", str(exc))
        sync_state.note_refused(db, workspace.manager_name, record)
        return ImportOutcome(path.name, "rejected", str(exc))
    record = BundleRecord(manifest["bundle_id"], "in", version, now_iso(), str(path), None, None,
                          len(roster) + len(catalogue) + len(previous), len(data), "applied", "")
    changes = sync_state.apply_reference(db, workspace.manager_name, record, roster, catalogue, profile_json,
                                         previous, ack_seq, ack_bundle, ack_epoch,
                                         workspace.info.workspace_id, colleagues, reviews)
    returned = workspace.leadership().import_results(results, clock.today()) if results else 0
    detail = changes.summary() + (f"; 360 feedback results for {returned} round{'s' if returned != 1 else ''} "
                                  "returned by HR" if returned else "")
    return ImportOutcome(path.name, "applied", None, detail)
