"""The HR hub: created and unlocked like a workspace, it enrols stations, takes in their
bundles, and writes reference bundles back. Reports are in reports.py."""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import orjson

from desktop.domain import dip
from desktop.domain.conversation import Kind
from desktop.domain.dates import now_iso
from desktop.domain.trust import TrustProfile
from desktop.hub.intake import apply_bundle, decode_parts, merge_sealed_responses
from desktop.hub import reports
from desktop.hub.reports import Table
from desktop.hub.store import DB_FILE, HubStore, PinnedWorkspace, open_hub_database
from desktop.paths import resource_path
from desktop.security.keyfile import (
    DEFAULT_PARAMS, Argon2Params, new_database_key, open_key_file, read_key_file, wrap_key, write_key_file,
)
from desktop.security.recovery import open_identity, reset_passphrase, seal_identity, unwrap_recovery
from desktop.store import audit
from desktop.store.files import (
    FREE_SPACE, discard, disk_full, is_absent_or_empty, is_disk_full, staged_folder,
)
from desktop.store.info import KEY_FILE, read_info
from desktop.store.instance_lock import HUB_LOCK_FILE, InstanceLock, WorkspaceInUse, default_wait
from desktop.store.workspace import Workspace
from desktop.sync.format import (
    FORMAT, MAX_BUNDLE_BYTES, SCHEMA_VERSION, SUFFIX, BundleRejected, Contents, SigningKeys,
    encode_part, manifest_epoch, new_bundle_id, open_bundle, seal, sha256, write_atomically,
)
from desktop.sync.station import ENROLMENT_FORMAT
from pyrage import x25519
from pyrage.passphrase import encrypt as passphrase_encrypt
from desktop.domain.errors import EadrError

HUB_FILE = "hub.json"
HUB_FORMAT = "eadr-station-hub"
RECOVERY_FILE = "recovery-key.json"
HR = "HR hub"
WATCHED_FOLDERS = "watch.folders"
REFERENCE_FORMAT_VERSION = 1
IDENTITY_WARNING = ("Keep this file and its passphrase apart, both offline (a safe, or the trust's key store): "
                    "never on the shared folder or USB stick that carries bundles. Whoever holds both can read "
                    "every station bundle.")
log = logging.getLogger(__name__)


class HubError(EadrError):
    """The hub folder or a request cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class HubInfo:
    hub_id: str
    trust: str


@dataclass(frozen=True)
class ImportResult:
    file: str
    outcome: str                 # applied / duplicate / rejected
    reason: str | None = None
    station: str = ""
    records: int = 0
    quarantined: int = 0
    conflicts: int = 0
    gap: str = ""
    restored_epoch: int | None = None   # the station restored a backup: this bundle opens that epoch
    withdrawn: int = 0
    replaced: int = 0
    feedback_merged: int = 0     # 360 rounds whose sealed responses HR merged into results for the station
    feedback_unreadable: int = 0

    def line(self) -> str:
        if self.outcome == "rejected":
            return f"{self.file}: rejected: {self.reason}"
        if self.outcome == "duplicate":
            return f"{self.file}: duplicate (already imported; nothing changed)"
        notes = [f"{self.records} records from {self.station}"]
        if self.quarantined:
            notes.append(f"{self.quarantined} quarantined")
        if self.conflicts:
            notes.append(f"{self.conflicts} conflicts for HR to resolve")
        if self.gap:
            notes.append(f"gap: bundle {self.gap} never arrived (its records are in this one)")
        if self.restored_epoch is not None:
            notes.append(f"the station restored a backup (epoch {self.restored_epoch}): its records replace "
                         f"HR's; {self.withdrawn} it no longer holds withdrawn and {self.replaced} earlier "
                         "versions kept aside in quarantine")
        if self.feedback_merged:
            notes.append(f"360 feedback merged for {self.feedback_merged} round"
                         f"{'s' if self.feedback_merged != 1 else ''} (results go back in the station's next "
                         "reference bundle)")
        if self.feedback_unreadable:
            notes.append(f"{self.feedback_unreadable} 360 responses not sealed to HR's key were not counted")
        return f"{self.file}: applied ({'; '.join(notes)})"

    def to_json(self) -> dict:
        return {"file": self.file, "outcome": self.outcome, "reason": self.reason, "station": self.station or None,
                "records": self.records, "quarantined": self.quarantined, "conflicts": self.conflicts,
                "gap": self.gap or None} | ({"feedback_merged": self.feedback_merged,
                                             "feedback_unreadable": self.feedback_unreadable}
                                            if self.feedback_merged else {}) | ({} if self.restored_epoch is None else {
                    "restored_epoch": self.restored_epoch, "withdrawn": self.withdrawn, "replaced": self.replaced})


def keep_refused(part: str, keep: str) -> str | None:
    """Why a conflict over `part` cannot be resolved by keeping the `keep` version, or None if it can: the
    other station's copy of an evidence file is not kept with the conflict, so only the held one can be."""
    if keep == "other" and part == "cpd_evidence":
        return ("The other station's copy of an evidence file is not kept with the conflict; keep the version "
                "held, and ask the station to send the file again if it is the right one.")
    return None


def read_hub_info(folder: Path) -> HubInfo:
    path = Path(folder) / HUB_FILE
    if not Path(folder).is_dir():
        raise HubError(f"{folder} does not exist; create a hub with `eadr-station hub init`", where=str(folder))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != HUB_FORMAT:
            raise ValueError("unknown format")
        return HubInfo(str(data["hub_id"]), str(data["trust"]))
    except FileNotFoundError:
        raise HubError(f"{folder} is not an EADR Station hub (no {HUB_FILE})", where=str(folder)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise HubError(f"{path} is damaged ({exc.__class__.__name__})", where=str(path)) from None


OLD_DEFAULT_CATALOGUES = frozenset({"ambulance-default-2026.1"})


def _default_json(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


class Hub:
    def __init__(self, folder: Path, info: HubInfo, store: HubStore, keys: SigningKeys,
                 lock: InstanceLock | None = None):
        self.folder = folder
        self.info = info
        self.store = store
        self.keys = keys
        self._lock = lock
        self._closed = False
        self._key = b""

    # --- creating and opening -------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path, passphrase: str, trust: str | None = None,
               params: Argon2Params = DEFAULT_PARAMS) -> Hub:
        """A new hub: its store, encryption and signing keys, and a recovery key in a file of its own."""
        folder = Path(folder).absolute()
        if not is_absent_or_empty(folder):
            raise HubError(f"{folder} already exists and is not empty; choose an empty folder", where=str(folder))
        with staged_folder(folder) as staging:
            profile_json = _default_json("trust", "eeast.json")
            info = HubInfo(str(uuid.uuid4()), trust or TrustProfile.from_dict(json.loads(profile_json)).trust)
            (staging / HUB_FILE).write_text(json.dumps({"format": HUB_FORMAT, "version": 1, "hub_id": info.hub_id,
                                                        "trust": info.trust, "created_at": now_iso()}, indent=2),
                                            encoding="utf-8")
            key = new_database_key()
            write_key_file(staging / KEY_FILE, wrap_key(key, passphrase, info.hub_id, params))
            recovery = x25519.Identity.generate()
            write_key_file(staging / RECOVERY_FILE, seal_identity(recovery, passphrase, info.hub_id, params))
            keys = SigningKeys.generate()
            db = open_hub_database(staging / DB_FILE, key)
            try:
                store = HubStore(db)
                with db.atomic():
                    store.put_setting("keys", json.dumps(keys.to_dict()))
                    store.put_setting("recovery_recipient", str(recovery.to_public()))
                    store.put_setting("trust_profile", json.dumps(json.loads(profile_json), ensure_ascii=False))
                    store.put_setting("training_catalogue", _default_json("training", "ambulance.json"))
                    store.audit(HR, "create", f"Hub created for {info.trust}")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                db.close()
        return cls.open(folder, passphrase)

    @classmethod
    def open(cls, folder: Path, passphrase: str, exclusive: bool = True, wait: float | None = None) -> Hub:
        """Raises WrongPassphrase and changes nothing if the passphrase is wrong.
        `exclusive`: hold the hub's lock until closed, so imports and other writes run one after another
        (waiting `wait` seconds, default a few, then HubError saying who holds it); reports only read."""
        folder = Path(folder)
        info = read_hub_info(folder)
        lock = None
        if exclusive:
            try:
                lock = InstanceLock(folder, HUB_LOCK_FILE, "hub").acquire(default_wait() if wait is None else wait)
            except WorkspaceInUse as exc:
                raise HubError(f"{folder}: {exc}", where=str(folder)) from None
            except OSError as exc:
                if is_disk_full(exc):
                    raise HubError(str(disk_full(folder, "cannot be opened"))) from None
                raise HubError(f"{folder} cannot be written ({exc.strerror}); nothing was changed",
                               where=str(folder)) from None
        try:
            key = open_key_file(folder / KEY_FILE, passphrase, info.hub_id, "hub")
            db = open_hub_database(folder / DB_FILE, key)
            store = HubStore(db)
            keys = SigningKeys.from_dict(json.loads(store.setting("keys") or "{}"))
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        hub = cls(folder, info, store, keys, lock)
        hub._key = key
        return hub

    def another_connection(self) -> Hub:
        """The same hub on a connection of its own, for work on another thread (a connection is used
        on one thread at a time); close it there when done. It shares this hub's lock, so it holds none."""
        other = Hub(self.folder, self.info, HubStore(open_hub_database(self.folder / DB_FILE, self._key)), self.keys)
        other._key = self._key
        return other

    def close(self) -> None:
        """Checkpoint and close; closing twice (the window, then its owner) is harmless."""
        if self._closed:
            return
        self._closed = True
        try:
            self.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.store.db.close()
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Hub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- configuration ---------------------------------------------------------------------
    def trust_profile_json(self) -> str:
        return self.store.setting("trust_profile") or _default_json("trust", "eeast.json")

    def trust_profile(self) -> TrustProfile:
        return TrustProfile.from_dict(json.loads(self.trust_profile_json()))

    def catalogue(self) -> list[dict]:
        """The training matrix sent to stations. A hub created before the matrix by role still holds the old
        default (every course for everyone); it sends the current default instead, until HR configures its own."""
        stored = json.loads(self.store.setting("training_catalogue") or "{}")
        if stored.get("version") in OLD_DEFAULT_CATALOGUES:
            stored = json.loads(_default_json("training", "ambulance.json"))
        return list(stored.get("courses", []))

    def configure(self, trust_profile: Path | None = None, catalogue: Path | None = None) -> list[str]:
        """Replace the trust profile or the training catalogue sent to stations; checked first."""
        changed = []
        with self.store.db.atomic():
            if trust_profile is not None:
                text = _read_json_file(trust_profile)
                try:
                    TrustProfile.from_dict(json.loads(text))
                except ValueError as exc:
                    raise HubError(f"{trust_profile}: {exc}", where=str(trust_profile)) from None
                self.store.put_setting("trust_profile", text)
                changed.append(f"trust profile from {trust_profile.name}")
            if catalogue is not None:
                text = _read_json_file(catalogue)
                courses = json.loads(text).get("courses") if isinstance(json.loads(text), dict) else None
                if not isinstance(courses, list) or not all(
                        isinstance(c, dict) and isinstance(c.get("code"), str) and isinstance(c.get("title"), str)
                        for c in courses):
                    raise HubError(f"{catalogue}: not a training catalogue (version and courses with code and title)",
                                   where=str(catalogue))
                self.store.put_setting("training_catalogue", text)
                changed.append(f"training catalogue from {catalogue.name} ({len(courses)} courses)")
            if changed:
                self.store.audit(HR, "configure", "; ".join(changed))
        return changed

    # --- enrolment -------------------------------------------------------------------------
    def enrolment_file(self, station: str, out: Path, station_name: str = "") -> Path:
        """A one-time enrolment for a station's workspace: HR's public keys and a secret token."""
        station = station.strip().upper()
        if not station or not station.replace("-", "").isalnum() or len(station) > 20:
            raise HubError(f"{station!r} is not a station code (letters and digits, up to 20)")
        token = secrets.token_urlsafe(32)
        enrolment_id = str(uuid.uuid4())
        content = {"format": ENROLMENT_FORMAT, "version": 1, "hub_id": self.info.hub_id, "trust": self.info.trust,
                   "station": station, "station_name": station_name or station, "enrolment_id": enrolment_id,
                   "token": token, "hub_recipient": self.keys.recipient, "hub_signing_key": self.keys.verify_key,
                   "recovery_recipient": self.store.setting("recovery_recipient"), "created_at": now_iso()}
        with self.store.db.atomic():
            self.store.add_enrolment(enrolment_id, station, station_name or station, sha256(token.encode()))
            write_atomically(json.dumps(content, indent=2).encode("utf-8"), Path(out))
            self.store.audit(HR, "enrol", f"Enrolment file for station {station} written ({Path(out).name})")
        return Path(out)

    # --- standard tools ----------------------------------------------------------------------
    def export_identity(self, out: Path, passphrase: str) -> Path:
        """HR's age identity (the key that opens station bundles) as age's own passphrase-encrypted
        identity file, so HR IT can run `age -d -i FILE bundle` with the standard tool. Refuses to
        overwrite a file: an identity written over another would lose it."""
        if len(passphrase) < 8:
            raise HubError("the identity file's passphrase must be at least 8 characters")
        out = Path(out)
        if out.exists():
            raise HubError(f"{out} already exists; choose a new file name (an identity is never overwritten)",
                           where=str(out))
        text = (f"# {self.info.trust} HR hub {self.info.hub_id}: age identity for station bundles\n"
                f"# created: {now_iso()}\n# public key: {self.keys.recipient}\n{self.keys.identity}\n")
        write_atomically(passphrase_encrypt(text.encode("ascii"), passphrase), out)
        with self.store.db.atomic():
            self.store.audit(HR, "identity", f"HR's age identity exported, passphrase-protected ({out.name})")
        return out

    def signing_keys(self) -> list[dict]:
        """Each workspace's pinned Ed25519 key (base64 of the 32 raw bytes, as manifests carry it), with
        when it was pinned (its first bundle) and when its last bundle arrived."""
        return self.store.pinned_keys()

    # --- dip-sample review ------------------------------------------------------------------
    def dip_sample(self, station: str, period: str, percent: int = dip.DEFAULT_PERCENT,
                   minimum: int = dip.DEFAULT_MINIMUM) -> list[dict]:
        """The station's sampled EADRs signed in the period, each with HR's review if there is one."""
        station = station.strip().upper()
        try:
            when = dip.Period.parse(period)
        except ValueError as exc:
            raise HubError(str(exc)) from None
        if percent < 1 or percent > 100 or minimum < 1:
            raise HubError("the sample size is a percentage from 1 to 100 and a minimum of at least 1 record")
        if station not in {code for code, _ in self.store.stations()}:
            raise HubError(f"no station {station} is enrolled with this hub")
        signed = {r["id"]: r for r in self.store.signed_eadrs_at(station, when.start.isoformat(),
                                                                  when.end.isoformat())}
        reviews = {r["conversation_id"]: r for r in self.store.reviews(station)}
        chosen = dip.draw(list(signed), station, when, percent, minimum)
        rows = [signed[cid] | {"station": station, "period": str(when), "hr_score": reviews.get(cid, {}).get("score"),
                               "hr_comment": reviews.get(cid, {}).get("comment"),
                               "reviewed_at": reviews.get(cid, {}).get("reviewed_at")} for cid in chosen]
        return sorted(rows, key=lambda r: (r["signed_on"], r["staff_name"]))

    def dip_record(self, conversation_id: str) -> dict:
        """A sampled record's shareable parts, with the checklist HR scores it against."""
        record = self.store.shared_record(conversation_id)
        if record is None:
            raise HubError(f"no record {conversation_id} at the hub; draw a sample with `hub dip sample`")
        kind = Kind(record["kind"])
        record["checklist"] = dip.checklist_labels(kind)
        record["review"] = next((r for r in self.store.reviews(record["station"])
                                 if r["conversation_id"] == conversation_id), None)
        return record

    def review_record(self, conversation_id: str, met: list[bool], comment: str, period: str | None = None,
                      reviewer: str = HR) -> dict:
        """HR's score of a signed record against the quality checklist (one tick per item, in order),
        with a comment for the manager; it goes back in the station's next reference bundle."""
        record = self.dip_record(conversation_id)
        if record["status"] != "signed_off":
            raise HubError(f"record {conversation_id} is not signed off; HR reviews signed records only")
        labels = record["checklist"]
        if len(met) != len(labels):
            raise HubError(f"the checklist has {len(labels)} items ({'; '.join(labels)}); "
                           f"{len(met)} were scored")
        signed = record["manager_signed_on"] or record["staff_signed_on"]
        when = str(dip.Period.parse(period)) if period else str(dip.Period.of(date.fromisoformat(signed[:10])))
        review = {"conversation_id": conversation_id, "station": record["station"],
                  "workspace_id": record["workspace_id"], "period": when, "station_score": record["quality_score"],
                  "score": dip.score(met), "checks": json.dumps([[label, bool(m)] for label, m in zip(labels, met)]),
                  "comment": comment.strip(), "reviewer": reviewer, "reviewed_at": now_iso()}
        with self.store.db.atomic():
            self.store.put_review(review)
            self.store.audit(reviewer, "dip review", f"{record['station']} record {conversation_id} "
                             f"({record['staff_name']}): HR scored {review['score']}%, station "
                             f"{record['quality_score'] if record['quality_score'] is not None else '—'}%")
        return review

    # --- watched folders (desktop/hub/watch.py) -----------------------------------------------
    def watched_folders(self) -> list[Path]:
        """The folders the hub window watches for station bundles, as last chosen."""
        return [Path(p) for p in json.loads(self.store.setting(WATCHED_FOLDERS) or "[]")]

    def set_watched_folders(self, folders: list[Path]) -> None:
        with self.store.db.atomic():
            self.store.put_setting(WATCHED_FOLDERS, json.dumps([str(f) for f in folders]))

    # --- station bundles in ----------------------------------------------------------------
    def import_files(self, paths: list[Path], max_bytes: int = MAX_BUNDLE_BYTES) -> list[ImportResult]:
        """Every file's outcome, in order, even when one of them fails unexpectedly: that file's transaction
        is rolled back and reported as rejected, and the others are still imported."""
        results = []
        for p in paths:
            try:
                results.append(self.import_file(Path(p), max_bytes))
            except Exception as exc:   # one bad file must not hide the outcome of the others
                if is_disk_full(exc):
                    reason = f"disk full: the hub could not store it. {FREE_SPACE} and import it again"
                else:
                    log.exception("Importing %s failed", p)
                    reason = (f"unexpected error ({exc.__class__.__name__}: {str(exc)[:200]}); nothing from this "
                              "file was stored; the details are in the log")
                results.append(ImportResult(str(p), "rejected", f"{reason}"))
        return results

    def import_file(self, path: Path, max_bytes: int = MAX_BUNDLE_BYTES) -> ImportResult:
        """Verify, decrypt, check every hash and the schema, then apply in one transaction."""
        name = str(path)
        new_workspace: dict[str, object] = {}

        def sender_key(manifest: dict) -> str:
            recipient = manifest.get("recipient")
            if not isinstance(recipient, dict) or recipient.get("hub_id") != self.info.hub_id:
                raise BundleRejected("addressed to another HR hub")
            sender = manifest["sender"]
            pinned = self.store.workspace(sender["id"])
            if pinned is not None:
                return pinned.signing_key
            enrolment = manifest.get("enrolment")
            record = self.store.enrolment(enrolment.get("id")) if isinstance(enrolment, dict) and \
                isinstance(enrolment.get("id"), str) else None
            token = enrolment.get("token") if isinstance(enrolment, dict) else None
            if record is None or not isinstance(token, str) or \
                    not hmac.compare_digest(record["token_sha256"], sha256(token.encode())):
                raise BundleRejected(f"unknown sender: workspace {sender['id']} is not enrolled with this hub")
            if record["used_by"] not in (None, sender["id"]):
                raise BundleRejected("unknown sender: its enrolment file was already used by another workspace")
            if not isinstance(sender.get("age_recipient"), str) or not sender["age_recipient"].startswith("age1"):
                raise BundleRejected("the sender gave no key for HR's replies")
            new_workspace.update(enrolment=record, pinned=PinnedWorkspace(
                sender["id"], record["station"], str(record["station_name"] or sender.get("station_name") or ""),
                sender["signing_key"], sender["age_recipient"], 0, 0))
            return sender["signing_key"]

        try:
            try:
                size = path.stat().st_size
                if size > max_bytes:
                    raise BundleRejected(f"oversized: {size:,} bytes is more than the {max_bytes:,} allowed")
                data = path.read_bytes()
            except OSError as exc:
                raise BundleRejected(f"cannot be read ({exc.strerror or exc})") from None
            opened = open_bundle(data, [self.keys.identity], "station", sender_key, max_bytes)
            manifest = opened.manifest
            if self.store.bundle_seen(manifest["bundle_id"]):
                return ImportResult(name, "duplicate")
            workspace = self.store.workspace(manifest["sender"]["id"]) or new_workspace["pinned"]
            assert isinstance(workspace, PinnedWorkspace)
            sequence = manifest["sequence"]
            epoch_id, epoch = manifest_epoch(manifest)
            if epoch < workspace.epoch:
                raise BundleRejected(f"written before {workspace.station} restored a backup: epoch {epoch} is "
                                     f"older than epoch {workspace.epoch}, already imported, which carries "
                                     "everything the station still holds")
            if epoch == workspace.epoch and epoch_id != workspace.epoch_id:
                raise BundleRejected(f"{workspace.station} claims epoch {epoch}, but HR holds a different epoch "
                                     f"{epoch} from that workspace (restored twice from one point); the station "
                                     "starts a newer epoch when it applies HR's next reference bundle")
            new_epoch = epoch > workspace.epoch
            last_sequence = 0 if new_epoch else workspace.last_sequence
            if sequence <= last_sequence:
                raise BundleRejected(f"replayed: bundle {sequence} from {workspace.station} is older than bundle "
                                     f"{workspace.last_sequence}, already imported")
            change = manifest.get("change_seq")
            if not isinstance(change, dict) or not all(isinstance(change.get(k), int) for k in ("from", "to")):
                raise BundleRejected("the manifest's change range is missing")
            acknowledged = manifest.get("acknowledged")
            complete = isinstance(acknowledged, dict) and acknowledged.get("change_seq") == 0 and change["from"] == 1
            gap = ""
            if sequence > last_sequence + 1:
                first, last = last_sequence + 1, sequence - 1
                gap = str(first) if first == last else f"{first}-{last}"
            decoded = decode_parts(opened)
            summary = manifest.get("audit_summary") if isinstance(manifest.get("audit_summary"), dict) else {}
            with self.store.db.atomic():
                if "pinned" in new_workspace:
                    self.store.pin(workspace, new_workspace["enrolment"]["id"])
                applied = apply_bundle(self.store, workspace, manifest["bundle_id"], opened, decoded, epoch,
                                       new_epoch and complete)
                merged = merge_sealed_responses(self.store, workspace, opened, self.keys.identity)
                self.store.drop_returned_results(workspace.id)
                self.store.note_bundle(manifest["bundle_id"], workspace, sequence, path.name, change["from"],
                                       change["to"], applied.records, applied.quarantined, applied.conflicts, gap,
                                       summary, (epoch_id, epoch))
                result = ImportResult(name, "applied", None, workspace.station, applied.records, applied.quarantined,
                                      applied.conflicts, gap, epoch if new_epoch and workspace.last_sequence else None,
                                      applied.withdrawn, applied.replaced, merged.rounds, merged.unreadable)
                self.store.audit(HR, "import", result.line())
            return result
        except BundleRejected as exc:
            return ImportResult(name, "rejected", str(exc))

    # --- reference bundles out -------------------------------------------------------------
    def reference_bundle(self, station: str, folder: Path) -> Path:
        """Roster, catalogue, trust profile, earlier EADRs of staff who moved here, acknowledgements;
        encrypted to every workspace enrolled for the station, with a version that only goes up."""
        station = station.strip().upper()
        workspaces = self.store.workspaces(station)
        if not workspaces:
            raise HubError(f"no workspace at station {station} has sent a bundle yet; a reference bundle "
                           "needs its key, which arrives with its first bundle")
        courses = self.catalogue()
        written: list[Path] = []
        try:
            return self._reference_bundle(station, folder, workspaces, courses, written)
        except BaseException:
            # The version was not recorded (a full disk under the hub, say): a file stations would take for
            # that version must not be left behind.
            for path in written:
                discard(path)
            raise

    def _reference_bundle(self, station: str, folder: Path, workspaces: list, courses: list,
                          written: list[Path]) -> Path:
        with self.store.db.atomic():
            version = self.store.next_reference_version(station)
            entries = {
                "parts/roster.json": encode_part(*self.store.roster(station)),
                "parts/training_catalogue.json": encode_part(
                    ["code", "title", "renewal_months", "applies_to"],
                    [[c["code"], c["title"], c.get("renewal_months"), json.dumps(c.get("applies_to", []))]
                     for c in courses]),
                "parts/trust_profile.json": encode_part(["json"], [[self.trust_profile_json()]]),
                "parts/previous_eadrs.json": encode_part(*self.store.previous_eadrs(station)),
                "parts/acknowledgements.json": encode_part(*self.store.acknowledgements(station)),
                # Added after format 1: stations of an older version ignore a part they do not read.
                "parts/hr_reviews.json": encode_part(*self.store.reviews_for_reference(station)),
                "parts/feedback_results.json": encode_part(*self.store.feedback_results_for_reference(station)),
            }
            manifest = {
                # Format 2 changed only the station manifest (its epoch); a reference bundle's envelope is as in
                # format 1 (its new roster and acknowledgement columns are optional), so stations not yet
                # updated still read it.
                "format": FORMAT, "format_version": REFERENCE_FORMAT_VERSION, "schema_version": SCHEMA_VERSION,
                "kind": "reference", "bundle_id": new_bundle_id(), "created_at": now_iso(), "sequence": version,
                "sender": {"kind": "hub", "id": self.info.hub_id, "trust": self.info.trust,
                           "signing_key": self.keys.verify_key, "age_recipient": self.keys.recipient},
                "recipient": {"station": station, "workspace_ids": [w.id for w in workspaces]},
            }
            data = seal(Contents(manifest, entries), self.keys.signing, [w.age_recipient for w in workspaces])
            path = write_atomically(data, Path(folder) / f"{station}-reference-{version:06d}{SUFFIX}")
            written.append(path)
            self.store.audit(HR, "reference", f"Reference bundle version {version} for {station} written "
                             f"({path.name})")
        return path

    # --- recovery ----------------------------------------------------------------------------
    def recover_workspace(self, workspace_folder: Path, recovery_passphrase: str, new_passphrase: str,
                          recovery_key: Path | None = None, params: Argon2Params = DEFAULT_PARAMS) -> str:
        """Reopen a workspace with HR's recovery key and give it a new passphrase, audited on both sides."""
        identity = open_identity(recovery_key or self.folder / RECOVERY_FILE, recovery_passphrase)
        folder = Path(workspace_folder)
        info = read_info(folder)
        key_file = folder / KEY_FILE
        key = unwrap_recovery(read_key_file(key_file), identity, info.workspace_id)
        workspace = Workspace.open(folder, key)     # proves the key opens the database before anything changes
        try:
            reset_passphrase(key_file, key, info.workspace_id, new_passphrase, params)
            with workspace.db.atomic():
                audit.record(workspace.db, "HR (recovery key)", "recover", "workspace", info.workspace_id,
                             "HR reopened the workspace with the recovery key and set a new passphrase")
        finally:
            workspace.close()
        with self.store.db.atomic():
            self.store.audit(HR, "recover", f"Workspace {info.workspace_id} ({info.station_name}) reopened with "
                             "the recovery key; new passphrase set")
        return info.workspace_id

    # --- what the hub window asks (the hub's one front door: the UI never reaches self.store) -----
    def report(self, name: str, as_of: date, **options) -> Table:
        """One of reports.REPORTS as a table (options: seed, per_station, year, include_leavers)."""
        return reports.build(self, name, as_of, **options)

    def stations(self) -> list[tuple[str, str]]:
        """(code, name) of every station with an enrolled workspace."""
        return self.store.stations()

    def workspaces(self) -> list[PinnedWorkspace]:
        return self.store.workspaces()

    def bundles(self) -> list[dict]:
        """Bundles received, newest first."""
        return self.store.bundles()

    def conflicts(self) -> list[dict]:
        """Open conflicts: the same record from two stations, for HR to resolve."""
        return self.store.conflicts()

    def quarantined(self) -> list[dict]:
        return self.store.quarantined()

    def resolve_conflict(self, conflict_id: int, keep: str) -> dict:
        """Keep the 'held' or the 'other' version of an open conflict (audited); returns the conflict.
        The other station's copy of an evidence file is not kept with a conflict, so only the held one
        can be kept; HubError says so (and what to do) and nothing changes."""
        conflict = self.store.conflict(conflict_id)
        if conflict is None or conflict["resolved_at"]:
            raise HubError(f"There is no open conflict {conflict_id}; it may have been resolved already.")
        refused = keep_refused(conflict["part"], keep)
        if refused:
            raise HubError(refused)
        self.store.resolve_conflict(conflict, keep, HR)
        return conflict

    def verdict_comments(self, station: str | None = None) -> list[tuple[str, str, str]]:
        """(station, quarter, comment) of staff verdict comments, opened with HR's own key; only HR can.
        A comment that will not open (another hub's key) is said to be unreadable, never skipped silently."""
        import base64

        import pyrage

        from desktop.hub.store_reports import verdict_comments
        out = []
        for st, quarter, sealed in verdict_comments(self.store.db):
            if station and st != station:
                continue
            try:
                text = pyrage.decrypt(base64.b64decode(sealed), [self.keys.identity]).decode("utf-8")
            except (ValueError, pyrage.DecryptError):
                text = "(this comment could not be opened with this hub's key)"
            out.append((st, quarter, text))
        return out

    def summary(self) -> dict:
        return {"hub_id": self.info.hub_id, "trust": self.info.trust, "stations": len(self.store.stations()),
                "workspaces": len(self.store.workspaces()), "records": self.store.counts(),
                "open_conflicts": len(self.store.conflicts()), "quarantined": len(self.store.quarantined())}


def _read_json_file(path: Path) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
        orjson.loads(text)
    except FileNotFoundError:
        raise HubError(f"{path}: no such file", where=str(path)) from None
    except (OSError, UnicodeDecodeError, orjson.JSONDecodeError):
        raise HubError(f"{path}: not readable JSON", where=str(path)) from None
    return text



