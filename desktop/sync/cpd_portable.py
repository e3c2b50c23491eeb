"""The portable CPD file: one zip a staff member can take to another employer.

Layout: `cpd.json` (format, version, the person's name and HCPC number, every entry with its
reflection and the details of its evidence) and `evidence/<evidence id>/<file name>` for each
file. Entries keep their IDs, so importing the same file again adds nothing; an entry typed in
by hand elsewhere is also recognised by its date, title, type and hours.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.domain import clock
from desktop.domain.cpd import MAX_EVIDENCE_BYTES, ActivityType, CpdEntry
from desktop.domain.dates import DateFormatError, now_iso, parse_date
from desktop.domain.staff import Staff, fold
from desktop.store import audit
from desktop.store.changes import new_id
from desktop.store.cpd_repo import CpdRepository
from desktop.store.files import write_atomic
from desktop.domain.errors import EadrError

FORMAT = "eadr-station-cpd"
VERSION = 1
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024   # a career's evidence, well within this
MAX_ENTRIES = 20_000
MAX_JSON_BYTES = 200 * 1024 * 1024         # cpd.json: 20 000 long reflections fit many times over
MAX_EXPANDED_BYTES = 4 * 1024 * 1024 * 1024
CHUNK = 1024 * 1024
# Formats that are zips themselves and are ordinary evidence (Word, Excel, PowerPoint, OpenDocument, ePub).
ZIP_DOCUMENTS = (".docx", ".xlsx", ".pptx", ".docm", ".xlsm", ".odt", ".ods", ".odp", ".epub")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


class PortableFileError(EadrError, ValueError):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass(frozen=True)
class FileOwner:
    """Whose log a portable file is, as written in it."""

    first_name: str
    last_name: str
    hcpc_number: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or "an unnamed person"

    def described(self) -> str:
        return f"{self.name} (HCPC {self.hcpc_number})" if self.hcpc_number else self.name


class OwnerMismatch(PortableFileError):
    """The file is someone else's log: refused unless the manager confirms it is the same person."""

    def __init__(self, path: Path, owner: FileOwner, person: Staff):
        self.owner, self.person = owner, person
        target = f"{person.first_name} {person.last_name}" + (f" (HCPC {person.hcpc_number})" if person.hcpc_number
                                                              else "")
        super().__init__(f"{path.name}: this CPD file is {owner.described()}'s log, not {target}'s; nothing was "
                         "imported. Import it into the right person, or correct their name or HCPC number first",
                         where=path.name, hint="import it into the right person, or correct their name or HCPC "
                         "number first")


def _hcpc(text: str) -> str:
    return text.strip().upper().replace(" ", "")


def different_person(owner: FileOwner, person: Staff) -> bool:
    """Names are compared ignoring case and accents; an HCPC number counts only when both have one."""
    same_name = (fold(owner.first_name.strip()), fold(owner.last_name.strip())) == (
        fold(person.first_name.strip()), fold(person.last_name.strip()))
    both = _hcpc(owner.hcpc_number) and _hcpc(person.hcpc_number)
    return not same_name or bool(both and _hcpc(owner.hcpc_number) != _hcpc(person.hcpc_number))


def _open(path: Path) -> zipfile.ZipFile:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PortableFileError(f"{path}: too large to be a CPD file", where=str(path))
        return zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise PortableFileError(f"{path}: not a zip file, or it was cut short; copy it again",
                                where=str(path)) from None


def _owner(document: dict) -> FileOwner:
    raw = document.get("person") if isinstance(document.get("person"), dict) else {}
    return FileOwner(str(raw.get("first_name") or ""), str(raw.get("last_name") or ""),
                     str(raw.get("hcpc_number") or ""))


def file_owner(path: Path) -> FileOwner:
    """Whose log the file says it is, to check before importing; raises PortableFileError."""
    with _open(path) as archive:
        return _owner(_read_document(path, archive))


@dataclass
class ImportOutcome:
    added: int = 0
    duplicates: int = 0
    evidence_files: int = 0
    refused: list[dict[str, object]] = field(default_factory=list)   # {"entry": n, "title": ..., "reason": ...}

    def as_dict(self) -> dict[str, object]:
        return {"added": self.added, "duplicates": self.duplicates, "evidence_files": self.evidence_files,
                "refused": self.refused}


def _evidence_path(evidence_id: str, file_name: str) -> str:
    return f"evidence/{evidence_id}/{Path(file_name).name or 'file'}"


def export_portable(repo: CpdRepository, person: Staff, out: Path) -> Path:
    """Write the person's whole CPD log and evidence as one zip, atomically."""
    entries = list(reversed(repo.entries(person.id or "")))
    document = {
        "format": FORMAT, "version": VERSION, "exported_at": now_iso(),
        "person": {"first_name": person.first_name, "last_name": person.last_name,
                   "hcpc_number": person.hcpc_number},
        "entries": [{
            "id": e.id, "start_date": e.start_date.isoformat(), "end_date": e.end_date and e.end_date.isoformat(),
            "title": e.title, "activity_type": e.activity_type.value, "hours": e.hours, "provider": e.provider,
            "description": e.description,
            "reflection": {"what": e.reflection_what, "so_what": e.reflection_so_what,
                           "now_what": e.reflection_now_what},
            "service_user_benefit": e.service_user_benefit, "evidence_note": e.evidence_note,
            "evidence": [{"id": ev.id, "file_name": ev.file_name, "media_type": ev.media_type, "size": ev.size,
                          "sha256": ev.sha256, "path": _evidence_path(ev.id, ev.file_name)} for ev in e.evidence],
        } for e in entries],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cpd.json", json.dumps(document, ensure_ascii=False, indent=1))
        for entry in entries:
            for ev in entry.evidence:
                archive.writestr(_evidence_path(ev.id, ev.file_name), repo.evidence_content(ev.id))
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, buffer.getvalue())
    with repo.db.atomic():
        audit.record(repo.db, repo.actor, "export", "staff", person.id,
                     f"Portable CPD file for {person.display_name} ({person.assignment_number}): "
                     f"{len(entries)} entries")
    return out


AGAIN = "ask for the file to be exported again"


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, read in chunks and stopped as soon as they pass the size its header declares (a
    zip bomb is never expanded); damaged compression or a CRC mismatch is a PortableFileError."""
    parts: list[bytes] = []
    got = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                got += len(chunk)
                if got > info.file_size:
                    raise PortableFileError(f"{path}: {info.filename} expands beyond the size it declares (a zip "
                                            f"bomb or a damaged file); {AGAIN}", where=str(path))
                parts.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        detail = "its CRC does not match" if "CRC" in str(exc) else "its compressed data is damaged"
        raise PortableFileError(f"{path}: {info.filename} cannot be read ({detail}); {AGAIN}",
                                where=str(path)) from None
    except (NotImplementedError, RuntimeError):   # an unknown compression method, or a password
        raise PortableFileError(f"{path}: {info.filename} is compressed in a way EADR Station does not read "
                                f"(or has a password); {AGAIN}", where=str(path)) from None
    if got != info.file_size:
        raise PortableFileError(f"{path}: {info.filename} is shorter than it declares (damaged); {AGAIN}",
                                where=str(path))
    return b"".join(parts)


def _check_layout(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse, before anything is expanded, duplicate names and entries that share (or overlap) one
    member's bytes: the zip tricks that make a small file expand to gigabytes."""
    infos = archive.infolist()
    if len(infos) > 1 + 4 * MAX_ENTRIES:
        raise PortableFileError(f"{path}: holds {len(infos):,} files, far more than a CPD log has; {AGAIN}",
                                where=str(path))
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise PortableFileError(f"{path}: holds {info.filename} twice (a damaged or altered file); {AGAIN}",
                                    where=str(path))
        seen.add(info.filename)
    previous: zipfile.ZipInfo | None = None
    for info in sorted(infos, key=lambda i: i.header_offset):
        if previous is not None:
            end = previous.header_offset + 30 + len(previous.orig_filename.encode("utf-8")) + previous.compress_size
            if info.header_offset < end:
                raise PortableFileError(f"{path}: {info.filename} and {previous.filename} share the same stored "
                                        f"bytes (a zip bomb or a damaged file); {AGAIN}", where=str(path))
        previous = info


def _check_contents(path: Path, archive: zipfile.ZipFile, document: dict) -> None:
    """The whole file checked before anything is written: IDs present once each, the evidence it lists named
    once each, its total expanded size within what that evidence can need, nothing else inside (no zip
    within the zip), and every member's compression and CRC sound."""
    entry_ids: dict[str, int] = {}
    evidence_ids: dict[str, int] = {}
    listed: dict[str, int] = {}
    for number, raw in enumerate(document["entries"], start=1):
        if not isinstance(raw, dict):
            continue
        entry_id = raw.get("id")
        if entry_id not in (None, ""):
            if not isinstance(entry_id, str) or len(entry_id) > 64:
                raise PortableFileError(f"{path}: entry {number} has an ID that is not a short text; {AGAIN}",
                                        where=str(path))
            if entry_id in entry_ids:
                raise PortableFileError(f"{path}: entries {entry_ids[entry_id]} and {number} have the same ID "
                                        f"{entry_id} (the file was altered or damaged); {AGAIN}", where=str(path))
            entry_ids[entry_id] = number
        evidence = raw.get("evidence") or []
        if not isinstance(evidence, list):
            raise PortableFileError(f"{path}: entry {number}'s evidence list is damaged; {AGAIN}", where=str(path))
        for ev in evidence:
            if not isinstance(ev, dict):
                raise PortableFileError(f"{path}: entry {number}'s evidence list is damaged; {AGAIN}", where=str(path))
            evidence_id, member = ev.get("id"), ev.get("path")
            if evidence_id not in (None, ""):
                if not isinstance(evidence_id, str) or len(evidence_id) > 64:
                    raise PortableFileError(f"{path}: entry {number} has evidence with an ID that is not a short "
                                            f"text; {AGAIN}", where=str(path))
                if evidence_id in evidence_ids:
                    raise PortableFileError(f"{path}: entries {evidence_ids[evidence_id]} and {number} list evidence "
                                            f"with the same ID {evidence_id}; {AGAIN}", where=str(path))
                evidence_ids[evidence_id] = number
            if isinstance(member, str) and member:
                if member in listed:
                    raise PortableFileError(f"{path}: entries {listed[member]} and {number} both use the evidence "
                                            f"file {member} (one file repeated); {AGAIN}", where=str(path))
                listed[member] = number
    files = [i for i in archive.infolist() if not i.is_dir() and i.filename != "cpd.json"]
    for info in files:
        if info.filename not in listed:
            raise PortableFileError(f"{path}: holds {info.filename}, which its cpd.json does not list (a portable "
                                    f"CPD file holds nothing else); {AGAIN}", where=str(path))
        if info.file_size > MAX_EVIDENCE_BYTES:
            raise PortableFileError(f"{path}: {info.filename} would expand to {info.file_size:,} bytes, over the "
                                    f"{MAX_EVIDENCE_BYTES:,} an evidence file may have; {AGAIN}", where=str(path))
    total = sum(i.file_size for i in archive.infolist())
    allowed = min(MAX_EXPANDED_BYTES, MAX_JSON_BYTES + MAX_EVIDENCE_BYTES * len(files))
    if total > allowed:
        raise PortableFileError(f"{path}: would expand to {total:,} bytes, more than its {len(files)} evidence "
                                f"files can need; {AGAIN}", where=str(path))
    for info in files:
        head = _read_member(path, archive, info)
        if head.startswith(ZIP_MAGIC) and not info.filename.lower().endswith(ZIP_DOCUMENTS):
            raise PortableFileError(f"{path}: {info.filename} is itself a zip (a zip inside the zip); "
                                    f"import the evidence files one by one instead", where=str(path))


def _read_document(path: Path, archive: zipfile.ZipFile) -> dict:
    _check_layout(path, archive)
    try:
        info = archive.getinfo("cpd.json")
    except KeyError:
        raise PortableFileError(f"{path}: not a portable CPD file (there is no cpd.json inside)",
                                where=str(path)) from None
    if info.file_size > MAX_JSON_BYTES:
        raise PortableFileError(f"{path}: cpd.json is too large to be a CPD log", where=str(path))
    raw = _read_member(path, archive, info)
    if raw.startswith(ZIP_MAGIC):
        raise PortableFileError(f"{path}: cpd.json is itself a zip (a zip inside the zip); {AGAIN}", where=str(path))
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise PortableFileError(f"{path}: cpd.json is damaged ({str(exc)[:120]})", where=str(path)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise PortableFileError(f"{path}: not a portable CPD file from EADR Station", where=str(path))
    if not isinstance(document.get("version"), int) or document["version"] > VERSION:
        raise PortableFileError(f"{path}: made by a newer EADR Station (format version {document.get('version')}); "
                                "update this copy and import it again", where=str(path))
    if not isinstance(document.get("entries"), list) or len(document["entries"]) > MAX_ENTRIES:
        raise PortableFileError(f"{path}: the list of entries is missing or too long", where=str(path))
    _check_contents(path, archive, document)
    return document


def _entry(raw: dict, staff_id: str) -> CpdEntry:
    reflection = raw.get("reflection") or {}
    try:
        end = raw.get("end_date")
        return CpdEntry(
            id=str(raw.get("id") or "") or new_id(), staff_id=staff_id, title=str(raw["title"]),
            start_date=parse_date(str(raw["start_date"])), end_date=parse_date(str(end)) if end else None,
            activity_type=ActivityType(raw["activity_type"]), hours=float(raw.get("hours") or 0),
            provider=str(raw.get("provider") or ""), description=str(raw.get("description") or ""),
            reflection_what=str(reflection.get("what") or ""), reflection_so_what=str(reflection.get("so_what") or ""),
            reflection_now_what=str(reflection.get("now_what") or ""),
            service_user_benefit=str(raw.get("service_user_benefit") or ""),
            evidence_note=str(raw.get("evidence_note") or ""))
    except KeyError as exc:
        raise ValueError(f"missing {exc.args[0]}") from None
    except (DateFormatError, TypeError) as exc:
        raise ValueError(str(exc)) from None
    except ValueError as exc:
        raise ValueError(f"unknown value ({exc})") from None


def _evidence_bytes(archive: zipfile.ZipFile, raw: dict) -> bytes:
    """The file a JSON record names, checked against its size limit and SHA-256."""
    name = str(raw.get("path") or "")
    if not name.startswith("evidence/") or ".." in Path(name).parts or name not in archive.namelist():
        raise ValueError(f"evidence '{raw.get('file_name')}' is not in the file")
    info = archive.getinfo(name)
    if info.file_size > MAX_EVIDENCE_BYTES:
        raise ValueError(f"evidence '{raw.get('file_name')}' is over the size limit")
    try:
        content = archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise ValueError(f"evidence '{raw.get('file_name')}' cannot be read: the file is damaged") from None
    if hashlib.sha256(content).hexdigest() != raw.get("sha256"):
        raise ValueError(f"evidence '{raw.get('file_name')}' does not match its SHA-256; the file is damaged")
    return content


def import_portable(repo: CpdRepository, person: Staff, path: Path, today: date | None = None,
                    other_person_confirmed: bool = False) -> ImportOutcome:
    """Add the file's entries to `person`'s log in one transaction; duplicates and bad entries are
    reported, not imported. A file that cannot be read as a whole changes nothing. A file whose name or
    HCPC number is not `person`'s raises OwnerMismatch unless `other_person_confirmed` (say after a change
    of name): one paramedic's log must never slip silently into another's."""
    today = today or clock.today()
    staff_id = person.id or ""
    with _open(path) as archive:
        document = _read_document(path, archive)
        owner = _owner(document)
        if not other_person_confirmed and different_person(owner, person):
            raise OwnerMismatch(path, owner, person)
        outcome = ImportOutcome()
        owners = repo.owners([r["id"] for r in document["entries"] if isinstance(r, dict) and r.get("id")])
        natural = repo.natural_keys(staff_id)
        accepted: list[tuple[CpdEntry, list[tuple[str, str, bytes]]]] = []
        for number, raw in enumerate(document["entries"], start=1):
            title = raw.get("title") if isinstance(raw, dict) else None
            try:
                if not isinstance(raw, dict):
                    raise ValueError("not an entry")
                entry = _entry(raw, staff_id).validated(today)
                if owners.get(entry.id or "", staff_id) != staff_id:
                    raise ValueError("this entry is already in another staff member's log in this workspace")
                if entry.id in owners or entry.natural_key in natural:
                    outcome.duplicates += 1
                    continue
                files = [(str(ev.get("id") or ""), str(ev.get("file_name") or "evidence"), _evidence_bytes(archive, ev))
                         for ev in raw.get("evidence") or []]
            except ValueError as exc:   # CpdValidationError included
                outcome.refused.append({"entry": number, "title": title, "reason": str(exc)})
                continue
            natural.add(entry.natural_key)
            owners[entry.id or ""] = staff_id
            accepted.append((entry, files))
        with repo.db.atomic():
            if accepted:
                note = f" (the file names {owner.described()})" if different_person(owner, person) else ""
                repo.insert_many([e for e, _ in accepted], f"Imported {len(accepted)} CPD entries from a portable "
                                                           f"CPD file{note}")
            for entry, files in accepted:
                for evidence_id, name, content in files:
                    repo.add_evidence(entry.id or "", name, content,
                                      evidence_id if evidence_id not in repo.existing_evidence_ids([evidence_id])
                                      else None)
                    outcome.evidence_files += 1
        outcome.added = len(accepted)
    return outcome
