"""Preparing for an EADR on the shared PC while the workspace is locked: what the kiosk may read and write.

The kiosk runs with the workspace locked behind it (the database closed, its key dropped), so it can neither
read nor write the database. Instead (docs/preparation.md):

* Each workspace has an age key pair for preparations. The identity (private half) is kept in the encrypted
  database; only the recipient (public half) ever reaches a kiosk.
* Everything the person types is saved as they go into `preparation/inbox/<name>.age`, encrypted to that
  recipient: the kiosk can write it but never read it back. The next unlock *collects* the inbox into the
  database and deletes the files.
* Opened by the manager (the workspace unlocked a moment before), the kiosk is handed what it shows, read
  then: the person's current preparation and their own previous signed records, as text.
* Opened with a one-time code on the lock screen, it can show only what the code opens: the box
  `preparation/codes/<box>.json` holds a salted hash of the code, and sealed with a key derived from the code
  their name, the trust's values, last year's objectives, the recipient, and their draft, so they can carry on
  later with the same code. Their previous records are not shown this way. Finishing uses the code up; it
  also stops working after CODE_DAYS or when a new code is printed for them.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyrage
from pyrage import x25519

from desktop.domain import clock
from desktop.domain.conversation import Conversation, Status
from desktop.domain.dates import iso, uk
from desktop.domain.errors import EadrError
from desktop.domain.preparation import Preparation
from desktop.security.feedback360 import (  # one code format and one way of sealing for every code on the lock screen
    CODE_ALPHABET, CODE_LENGTH, _derive, _lookup, _open, _seal, new_code, normalise_code,
)
from desktop.store.files import discard, write_atomic
from desktop.domain.staff import Staff
from desktop.store.preparation_repo import PreparationRepository
from desktop.store.workspace import Workspace

PREPARATION_DIR = "preparation"
FORMAT = "eadr-station-preparation-code/1"
CODE_DAYS = 42


class PreparationError(EadrError):
    """A code that is mistyped, used up or expired, or a preparation that could not be kept."""


@dataclass(frozen=True)
class Value:
    name: str
    description: str = ""


def _codes_dir(folder: Path) -> Path:
    return folder / PREPARATION_DIR / "codes"


def _inbox_dir(folder: Path) -> Path:
    return folder / PREPARATION_DIR / "inbox"


def _seal_to(recipient: str, payload: dict) -> bytes:
    return pyrage.encrypt(json.dumps(payload, ensure_ascii=False).encode(), [x25519.Recipient.from_str(recipient)])


# --- the kiosk's narrow service -------------------------------------------------------------------------
@dataclass
class PreparationSession:
    """Everything the *Prepare for my EADR* screen can reach: one person's form, what it was opened with, and
    a way to save it that cannot read anything back."""

    staff_name: str
    role: str
    values: tuple[Value, ...]
    initial: Preparation
    previous: tuple[str, ...]          # their own signed records, as text; empty when opened with a code
    opened_by_manager: bool
    _save: Callable[[Preparation, bool], None] = field(repr=False)

    def save(self, preparation: Preparation) -> None:
        """Saved as they go; the workspace collects it at the next unlock."""
        self._save(preparation, False)

    def finish(self, preparation: Preparation) -> None:
        """Done: saved as finished (a code is used up)."""
        self._save(preparation, True)


def _inbox_writer(folder: Path, recipient: str, staff_id: str, name: str, how: str) -> Callable[[Preparation, bool], None]:
    def write(preparation: Preparation, finished: bool) -> None:
        path = _inbox_dir(folder) / f"{name}.age"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _seal_to(recipient, {"staff_id": staff_id, "preparation": preparation.to_json(),
                                                 "finished": finished, "how": how}))
    return write


def find_session(folder: Path, typed_code: str, today: date | None = None) -> PreparationSession | None:
    """The preparation a code opens; None if the code is not a preparation code of this workspace.
    Raises PreparationError for a code that was one but is used up or expired."""
    code = normalise_code(typed_code)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    today = today or clock.today()
    for path in sorted(_codes_dir(folder).glob("*.json")):
        try:
            box = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if box.get("format") != FORMAT:
            continue
        salt = base64.b64decode(box["salt"])
        lookup = _lookup(salt, code)
        if lookup != box["lookup"]:
            continue
        if box.get("used"):
            raise PreparationError("This preparation code has already been used to finish a preparation. Ask "
                                   "your manager to print a new one if you want to add more.")
        if date.fromisoformat(box["expires_on"]) < today:
            raise PreparationError(f"This preparation code stopped working on {uk(date.fromisoformat(box['expires_on']))}. "
                                   "Ask your manager to print a new one.")
        key = _derive(salt, code, b"prepare")
        about = json.loads(_open(key, box["about"], lookup.encode()))
        initial = Preparation.from_json(about["preparation"])
        if box.get("draft"):
            initial = Preparation.from_json(_open(key, box["draft"], lookup.encode()).decode())
        inbox = _inbox_writer(folder, about["recipient"], about["staff_id"], path.stem, "with a code")

        def save(preparation: Preparation, finished: bool, path: Path = path, key: bytes = key,
                 lookup: str = lookup, inbox: Callable[[Preparation, bool], None] = inbox) -> None:
            inbox(preparation, finished)
            current = json.loads(path.read_text(encoding="utf-8"))
            if finished:
                current["used"] = True
                current.pop("draft", None)
                current.pop("about", None)
            else:
                current["draft"] = _seal(key, preparation.to_json().encode(), lookup.encode())
            write_atomic(path, json.dumps(current, sort_keys=True).encode())
        return PreparationSession(about["name"], about["role"], tuple(Value(**v) for v in about["values"]), initial,
                                  (), False, save)
    return None


# --- the manager's side (workspace unlocked) ---------------------------------------------------------------
def previous_text(c: Conversation) -> str:
    """One signed record as the person may read it back in the kiosk (the manager's private notes are not
    shown: they are theirs to ask for through subject access)."""
    lines = [f"{c.kind.label}, signed off {uk(c.held_on)}"]
    if c.values:
        lines.append("Values:")
        lines += [f"  • {name}: {text}" for name, text in c.values.items()]
    if c.review_objectives:
        lines.append("Objectives reviewed:")
        lines += [f"  • {o.title} — {o.outcome.label}" + (f": {o.evidence}" if o.evidence else "")
                  for o in c.review_objectives]
    if c.new_objectives:
        lines.append("Objectives agreed:")
        lines += [f"  • {o.title}" + (f" (by {uk(o.target_date)})" if o.target_date else "") for o in c.new_objectives]
    if c.development:
        lines.append("Development plan:")
        lines += [f"  • {d.need}" + (f" — {d.action}" if d.action else "") for d in c.development]
    if c.talent.aspirations:
        lines.append(f"Aspirations: {c.talent.aspirations}")
    if c.summary:
        lines.append(f"Summary: {c.summary}")
    if c.signoff.staff_comments:
        lines.append(f"Your comments: {c.signoff.staff_comments}")
    return "\n".join(lines)


class Preparations:
    """Preparation for one unlocked workspace: its key pair, codes, collecting the inbox, and the sessions the
    manager opens. UI code is handed this (built from the Workspace), never the kiosk."""

    def __init__(self, folder: Path, repo: PreparationRepository):
        self.folder = folder
        self.repo = repo

    def recipient(self) -> str:
        """The workspace's public key for preparations, made the first time it is needed."""
        identity = self.repo.private_key()
        if identity is None:
            new = x25519.Identity.generate()
            self.repo.set_private_key(str(new))
            return str(new.to_public())
        return str(x25519.Identity.from_str(identity).to_public())

    def start_for(self, staff_id: str, last_signed: Conversation | None) -> Preparation:
        """Their current preparation, with last year's objectives (the last signed EADR's) listed to reflect on."""
        stored = self.repo.current(staff_id)
        preparation = stored.preparation if stored else Preparation()
        titles = [o.title for o in last_signed.new_objectives] if last_signed else []
        return preparation.with_objectives(titles)

    def manager_session(self, staff_id: str, name: str, role: str, values: tuple[Value, ...],
                        last_signed: Conversation | None, signed: list[Conversation]) -> PreparationSession:
        """For the kiosk the manager opens: read now, while unlocked; it saves only into the sealed inbox."""
        self.collect()
        initial = self.start_for(staff_id, last_signed)
        previous = tuple(previous_text(c) for c in signed if c.status is Status.SIGNED_OFF)
        save = _inbox_writer(self.folder, self.recipient(), staff_id, f"kiosk-{secrets.token_hex(8)}",
                             "on the shared PC, opened by the manager")
        return PreparationSession(name, role, values, initial, previous, True, save)

    def issue_code(self, staff_id: str, name: str, role: str, values: tuple[Value, ...],
                   last_signed: Conversation | None, today: date | None = None) -> tuple[str, date]:
        """A new one-time code for the person (their earlier code stops working). Returns it and its last day.
        Only a salted hash of it is kept: the printed form is the only copy."""
        today = today or clock.today()
        self.collect()
        code = new_code()
        salt = os.urandom(16)
        lookup = _lookup(salt, code)
        key = _derive(salt, code, b"prepare")
        initial = self.start_for(staff_id, last_signed)
        about = {"staff_id": staff_id, "name": name, "role": role, "values": [v.__dict__ for v in values],
                 "preparation": initial.to_json(), "recipient": self.recipient()}
        expires = today + timedelta(days=CODE_DAYS)
        box_name = secrets.token_hex(8)
        box = {"format": FORMAT, "salt": base64.b64encode(salt).decode(), "lookup": lookup,
               "expires_on": iso(expires), "about": _seal(key, json.dumps(about).encode(), lookup.encode())}
        path = _codes_dir(self.folder) / f"{box_name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(box, sort_keys=True).encode())
        for old in self.repo.add_code(box_name, staff_id, today, expires):
            discard(_codes_dir(self.folder) / f"{old}.json")
        return code, expires

    def collect(self, today: date | None = None) -> int:
        """Bring what kiosks saved into the database, then delete those files; clear away used or expired
        codes. Returns how many preparations were collected."""
        today = today or clock.today()
        collected = 0
        inbox = _inbox_dir(self.folder)
        identity_text = self.repo.private_key()
        if identity_text is not None and inbox.is_dir():
            identity = x25519.Identity.from_str(identity_text)
            for path in sorted(inbox.glob("*.age"), key=lambda p: p.stat().st_mtime):
                try:
                    data = json.loads(pyrage.decrypt(path.read_bytes(), [identity]))
                    staff_id, preparation = str(data["staff_id"]), Preparation.from_json(data["preparation"])
                except (pyrage.DecryptError, ValueError, KeyError, TypeError, OSError):
                    continue   # not sealed to this workspace, or not ours: left for a person to look at
                if self.repo.knows(staff_id):   # deleted since (retention): their words go with them
                    self.repo.keep(staff_id, preparation, bool(data.get("finished")), data.get("how", "on the shared PC"))
                    collected += 1
                discard(path)
        for box, (_staff, expires) in self.repo.codes().items():
            path = _codes_dir(self.folder) / f"{box}.json"
            used = False
            if path.is_file():
                try:
                    used = bool(json.loads(path.read_text(encoding="utf-8")).get("used"))
                except (OSError, ValueError):
                    used = True
            if used or expires < today or not path.is_file():
                discard(path)
                self.repo.drop_code(box)
        live = set(self.repo.codes())
        for path in _codes_dir(self.folder).glob("*.json"):   # a person deleted, or a backup restored
            if path.stem not in live:
                discard(path)
        return collected


# --- from an unlocked workspace ---------------------------------------------------------------------------
def _signed(ws: Workspace, staff_id: str) -> list[Conversation]:
    repo = ws.conversations()
    found = (repo.get(line.id) for line in repo.history(staff_id) if line.status is Status.SIGNED_OFF)
    return [c for c in found if c is not None]


def for_workspace(ws: Workspace) -> Preparations:
    return Preparations(ws.folder, ws.preparations())


def session_for(ws: Workspace, staff: Staff) -> PreparationSession:
    """The kiosk the manager opens for a person: read now, then the workspace locks behind it."""
    values = tuple(Value(v.name, v.description) for v in ws.profile().values)
    return for_workspace(ws).manager_session(staff.id or "", staff.display_name, staff.job_title or staff.role.label,
                                             values, ws.conversations().last_signed(staff.id or ""),
                                             _signed(ws, staff.id or ""))


def code_for(ws: Workspace, staff: Staff) -> tuple[str, date]:
    """A new one-time code for the person's preparation (their earlier one stops working)."""
    values = tuple(Value(v.name, v.description) for v in ws.profile().values)
    return for_workspace(ws).issue_code(staff.id or "", staff.display_name, staff.job_title or staff.role.label,
                                        values, ws.conversations().last_signed(staff.id or ""))
