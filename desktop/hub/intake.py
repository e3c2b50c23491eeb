"""Applying one verified station bundle to the hub: check each record, keep both sides of a
conflict, quarantine what is invalid, and write the rest in the caller's transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyrage
from pyrage import x25519

from desktop.domain.bundle_schema import ENUMS, LINKS, PARTS, SEALED, Part
from desktop.domain.leadership import RoundResults, hr_summary, merged_results, response_from_bytes, results_to_json
from desktop.hub.store import HubStore, PinnedWorkspace
from desktop.sync.format import BundleRejected, Opened, sha256, unb64


@dataclass
class Applied:
    records: int = 0
    quarantined: int = 0
    conflicts: int = 0
    withdrawn: int = 0          # records HR held that the station no longer has after a restore
    replaced: int = 0           # HR's versions that a restore rewound, kept aside
    by_part: dict[str, int] = field(default_factory=dict)


def decode_parts(opened: Opened) -> dict[str, tuple[list[str], list]]:
    """Every part, its columns checked against schema 1 and its row count against the manifest."""
    counts = opened.manifest.get("counts")
    if not isinstance(counts, dict):
        raise BundleRejected("the manifest has no record counts")
    decoded: dict[str, tuple[list[str], list]] = {}
    for part in (*PARTS, LINKS):
        columns, rows = opened.part(part.name)
        if rows:
            missing = [n for n in part.names if n not in columns and n not in part.optional]
            if missing:
                raise BundleRejected(f"part {part.name} lacks {', '.join(missing)} (schema mismatch)")
        if counts.get(part.name, 0) != len(rows):
            raise BundleRejected(f"part {part.name} holds {len(rows)} records but the manifest says "
                                 f"{counts.get(part.name)}")
        decoded[part.name] = (columns, rows)
    return decoded


class _Parents:
    """Is a parent record known for this workspace: in this bundle, or received before?"""

    def __init__(self, store: HubStore, workspace_id: str):
        self.store = store
        self.workspace_id = workspace_id
        self.accepted: dict[str, set[str]] = {p.name: set() for p in PARTS}
        self.accepted["staff"] = store.ids_of("staff", workspace_id)
        self.looked_up: dict[tuple[str, str], bool] = {}

    def known(self, part: str, record_id: str) -> bool:
        if record_id in self.accepted[part]:
            return True
        key = (part, record_id)
        if key not in self.looked_up:
            self.looked_up[key] = self.store.has_record(part, record_id, self.workspace_id)
        return self.looked_up[key]


def _check_rows(part: Part, columns: list[str], rows: list, parents: _Parents,
                quarantine: list) -> list[list]:
    names = list(part.names)
    width = len(columns)
    order = None if columns == names else [columns.index(n) if n in columns else None for n in names]
    allowed = part.allowed()
    enums = [(names.index(col), values) for (p, col), values in ENUMS.items() if p == part.name]
    checks = [(names.index(col), parent) for col, parent in part.parents]
    good: list[list] = []
    for row in rows:
        if type(row) is not list or len(row) != width:
            quarantine.append((part.name, None, "malformed record (not a row of the part's columns)", row))
            continue
        if order is not None:   # an optional column an older station does not send arrives as null
            row = [row[i] if i is not None else None for i in order]
        reason = None
        if not all(map(isinstance, row, allowed)):
            bad = next(n for n, v, a in zip(names, row, allowed) if not isinstance(v, a))
            reason = f"{bad} is missing or of the wrong type"
        elif not row[0]:
            reason = "no record id"
        else:
            for index, values in enums:
                if row[index] not in values:
                    reason = f"{names[index]} {row[index]!r} is not an accepted value"
                    break
            for index, parent in checks:
                if row[index] is not None and not parents.known(parent, row[index]):
                    reason = f"refers to {parent} record {row[index]} that HR has not received"
                    break
        if reason is not None:
            quarantine.append((part.name, row[0] if isinstance(row[0], str) else None, reason,
                               dict(zip(names, row))))
            continue
        good.append(row)
    return good


def incoming_stamps(decoded: dict[str, tuple[list[str], list]]) -> dict[str, dict[str, tuple]]:
    """part -> {record id: (change_seq, updated_at)} of every well-formed row in the bundle."""
    found: dict[str, dict[str, tuple]] = {}
    for part in PARTS:
        columns, rows = decoded[part.name]
        if not part.stamped or not rows or not {"id", "change_seq", "updated_at"} <= set(columns):
            continue
        at_id, at_seq, at_updated = (columns.index(c) for c in ("id", "change_seq", "updated_at"))
        found[part.name] = {row[at_id]: (row[at_seq], row[at_updated]) for row in rows
                            if type(row) is list and len(row) == len(columns) and isinstance(row[at_id], str)}
    return found


def apply_bundle(store: HubStore, workspace: PinnedWorkspace, bundle_id: str, opened: Opened,
                 decoded: dict[str, tuple[list[str], list]], epoch: int = 0, complete_new_epoch: bool = False
                 ) -> Applied:
    """Write a verified bundle's records. Call inside one transaction with the bundle's own record.

    Records are stamped with the bundle's epoch. `complete_new_epoch`: the bundle opens a newer epoch
    and carries every record of the workspace, so what HR holds from before is set aside where it differs."""
    ws, station = workspace.id, workspace.station
    result = Applied()
    if complete_new_epoch:
        result.withdrawn, result.replaced = store.set_aside_older_epochs(bundle_id, workspace, epoch,
                                                                         incoming_stamps(decoded))
    quarantine: list = []
    parents = _Parents(store, ws)
    for part in PARTS:
        columns, rows = decoded[part.name]
        if not rows:
            continue
        good = _check_rows(part, columns, rows, parents, quarantine)
        extra: tuple[str, ...] = ()
        if part.name == "cpd_evidence":
            kept = []
            at_sha, at_size = part.names.index("sha256"), part.names.index("size")
            for row in good:
                content = opened.entries.get(f"evidence/{row[0]}")
                if content is None:
                    quarantine.append((part.name, row[0], "the evidence file is missing from the bundle",
                                       dict(zip(part.names, row))))
                elif sha256(content) != row[at_sha] or len(content) != row[at_size]:
                    quarantine.append((part.name, row[0], "the evidence file does not match its SHA-256",
                                       dict(zip(part.names, row))))
                else:
                    kept.append(row + [content])
            good, extra = kept, ("content",)
        if part.name == "staff":
            result.conflicts += _staff_conflicts(store, workspace, bundle_id, good)
        written = store.upsert(part, [row + [ws, station, epoch] for row in good], extra)
        if written < len(good):
            result.conflicts += _record_conflicts(store, workspace, bundle_id, part, good)
        if part.name == "tombstones":
            store.apply_tombstones(ws, good)
        parents.accepted[part.name].update(row[0] for row in good)
        result.records += len(good)
        result.by_part[part.name] = len(good)
    columns, rows = decoded[LINKS.name]
    entries = parents.accepted["cpd_entries"]
    links = []
    for row in rows:
        if (type(row) is list and len(row) == len(columns) and
                isinstance(link := dict(zip(columns, row)).get("cpd_entry_id"), str) and link in entries and
                isinstance(item := dict(zip(columns, row)).get("development_item_id"), str)
                and parents.known("development_items", item)):
            links.append([link, item])
        else:
            quarantine.append((LINKS.name, None, "links a CPD entry or development item HR has not received", row))
    store.replace_links(ws, sorted(entries), links)
    result.records += len(links)
    if quarantine:
        store.quarantine(bundle_id, workspace, quarantine)
    result.quarantined = len(quarantine)
    return result


def _staff_conflicts(store: HubStore, workspace: PinnedWorkspace, bundle_id: str, rows: list[list]) -> int:
    """The same person (assignment number) recorded by another workspace, e.g. a staff member who moved."""
    at = PARTS[0].names.index("assignment_number")
    held = store.staff_by_assignment(row[at] for row in rows)
    found = 0
    for row in rows:
        for held_id, held_ws, held_station in held.get(row[at], ()):
            if held_ws != workspace.id:
                found += store.add_conflict("staff", row[at], (held_id, held_station),
                                            (row[0], workspace.station, workspace.id), bundle_id)
    return found


def _record_conflicts(store: HubStore, workspace: PinnedWorkspace, bundle_id: str, part: Part,
                      rows: list[list]) -> int:
    """Rows the upsert left alone because another workspace holds the same record id."""
    owners = store.owners(part.name, [row[0] for row in rows])
    found = 0
    for row in rows:
        owner = owners.get(row[0])
        if owner is not None and owner[0] != workspace.id:
            record = {n: v for n, v in zip(part.names, row)}
            found += store.add_conflict(part.name, row[0], (row[0], owner[1]),
                                        (row[0], workspace.station, workspace.id), bundle_id, record)
    return found


@dataclass
class Merged:
    rounds: int = 0
    unreadable: int = 0


def merge_sealed_responses(store: HubStore, workspace: PinnedWorkspace, opened: Opened,
                           identity: x25519.Identity) -> Merged:
    """Open the 360 responses the station sealed to HR's key, merge each round's with the station's own rule
    (domain/leadership.merged_results) and keep only the merged results, to return in the station's reference
    bundle. The responses themselves are never written anywhere. A round already merged (the station sends its
    responses in every bundle until the results come back) is left as it is. Call inside the import's
    transaction, after apply_bundle (the round's own row comes in the same bundle)."""
    columns, rows = opened.part(SEALED.name)
    expected = opened.manifest.get("counts", {}).get(SEALED.name, 0) if isinstance(
        opened.manifest.get("counts"), dict) else 0
    if expected != len(rows):
        raise BundleRejected(f"part {SEALED.name} holds {len(rows)} records but the manifest says {expected}")
    if rows and (columns[:2] != list(SEALED.names)
                 or not all(type(r) is list and len(r) == 2 and all(isinstance(v, str) for v in r) for r in rows)):
        raise BundleRejected(f"part {SEALED.name} is not rows of round_id and sealed text")
    by_round: dict[str, list[str]] = {}
    for round_id, sealed in rows:
        by_round.setdefault(round_id, []).append(sealed)
    done = Merged()
    for round_id, sealed in by_round.items():
        if store.has_feedback_results(round_id):
            continue
        held = store.feedback_round(round_id, workspace.id)
        if held is None or held["closed_on"] is None or held["withdrawn_on"] is not None:
            store.quarantine(opened.manifest["bundle_id"], workspace, [
                (SEALED.name, round_id, "360 responses for a round HR does not hold as closed",
                 {"round_id": round_id, "responses": len(sealed)})])
            continue
        responses, unreadable = [], 0
        for text in sealed:
            try:
                responses.append(response_from_bytes(pyrage.decrypt(unb64(text), [identity])))
            except Exception:   # not sealed to HR's key (a tampered round file), or damaged: counted, not read
                unreadable += 1
        results = merged_results(responses)
        if unreadable:
            results = RoundResults(results.groups, results.comments, results.counts, results.notes + (
                f"HR could not open {unreadable} response{'s' if unreadable != 1 else ''} (not sealed to HR's "
                "key, which means the round's file was changed), so they are not counted.",))
        summary = hr_summary(results)
        store.put_feedback_results(round_id, workspace.id, workspace.station, held["staff_id"], len(responses),
                                   unreadable, results_to_json(results), json.dumps(summary) if summary else None)
        done.rounds += 1
        done.unreadable += unreadable
    return done
