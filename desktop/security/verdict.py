"""The staff member's verdict on their conversation: one-time codes, the sealed waiting box, and the
narrow service the verdict kiosk is handed (docs/staff-verdict.md has the threat model).

The kiosk runs while the workspace is locked (no database key), exactly like 360 feedback:

* `verdicts/box.json` beside the database holds, for each open code, only a salted hash of it and the
  *box key* wrapped with a key derived from the code; and the answers waiting to be counted, sealed with
  the box key as a running tally (counts per quarter x question x answer, and comments already
  age-encrypted to HR's hub key, which this PC does not hold).
* Answering adds into that tally and uses up the code. Nothing per person is written anywhere.
* When the manager next unlocks, `VerdictBox.fold` marks the answered conversations "verdict given"
  and, once at least `BATCH` verdicts are waiting, adds the tally into the workspace's counts and
  empties it, so the manager's figures never move by one person's answers.

The code helpers (format, hashing, sealing) are the 360 feedback's (security/feedback360.py).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import random
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.domain import clock
from desktop.domain.dates import uk
from desktop.domain.dip import Period
from desktop.domain.verdict import BATCH, QUESTIONS, Counts, VerdictInvalid, check, fold
from desktop.security.feedback360 import (
    CODE_ALPHABET, CODE_LENGTH, FeedbackError, _derive, _lookup, _open, _read, _seal, _wipe, _write, new_code,
    normalise_code,
)
from desktop.store.verdict_repo import VerdictRepository

VERDICT_DIR = "verdicts"
BOX_FILE = "box.json"
FORMAT = "eadr-station-verdicts/1"
_AAD = b"verdict-tally"


class VerdictError(FeedbackError):
    """A mistyped or used code, or answers that cannot be counted; the message says what to do."""


log = logging.getLogger(__name__)


def box_path(folder: Path) -> Path:
    return folder / VERDICT_DIR / BOX_FILE


def _keep_aside(path: Path) -> None:
    """The database's key does not open the waiting answers (the workspace was restored from a backup older than
    them): start a new box, but keep the old file beside it, named and logged, for the database that can open it."""
    aside = path.with_name(f"{path.stem}.unopened-{clock.now().strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    os.replace(path, aside)
    log.warning("Waiting staff views in %s do not open with this workspace's key (restored from an older backup?); "
                "kept as %s and a new file started", path, aside)


def _read_box(path: Path) -> dict | None:
    """The box as the kiosk reads it; a damaged or unreadable file is said plainly, never a crash."""
    if not path.is_file():
        return None
    try:
        return _read(path)
    except (OSError, ValueError):
        raise VerdictError(f"The file that keeps answers on this PC ({path}) cannot be read. Nothing was saved; "
                           "please tell your manager, who can print you a new code once it is put right.") from None


def _empty_tally() -> dict:
    """`batch` names this tally, so a crash between counting it and emptying the file never counts it twice."""
    return {"n": 0, "counts": {}, "comments": [], "batch": secrets.token_hex(8)}


@dataclass(frozen=True)
class About:
    """What the kiosk may say about the conversation: whose, which kind, when and with whom."""
    first_name: str
    kind: str
    held_on: str
    manager: str

    def line(self) -> str:
        return f"Your {self.kind} with {self.manager}" + (f" on {self.held_on}" if self.held_on else "")


@dataclass(frozen=True)
class VerdictSession:
    """Everything the verdict kiosk can reach: the questions, what the conversation was, and submit."""
    folder: Path
    lookup: str
    code: str
    about: About
    comments_possible: bool

    @property
    def questions(self):
        return QUESTIONS

    def submit(self, answers: dict[str, str], comment: str = "", today: date | None = None) -> None:
        """Add the answers into the sealed tally and use up the code, in one atomic replace of the file."""
        try:
            check(answers, comment)
        except VerdictInvalid as exc:
            raise VerdictError(str(exc)) from None
        path = box_path(self.folder)
        box = _read_box(path)
        if box is None:
            raise VerdictError("The answers cannot be kept on this PC at the moment (the verdict file is missing). "
                               "Nothing was saved; please tell your manager.")
        entry = box["codes"].get(self.lookup)
        if entry is None or entry.get("used"):
            raise VerdictError("This code has already been used. Each code gives one verdict.")
        salt = base64.b64decode(box["salt"])
        key = _open(_derive(salt, self.code, b"kek"), entry["wrapped"], self.lookup.encode())
        tally = json.loads(_open(key, box["tally"], _AAD))
        quarter = str(Period.of(today or clock.today()))
        fold(tally["counts"], quarter, answers)
        tally["n"] += 1
        if comment.strip() and box.get("recipient"):
            sealed = pyrage.encrypt(comment.strip().encode(), [pyrage.x25519.Recipient.from_str(box["recipient"])])
            tally["comments"].insert(random.randrange(len(tally["comments"]) + 1),
                                     [quarter, base64.b64encode(sealed).decode()])
        box["tally"] = _seal(key, json.dumps(tally).encode(), _AAD)
        box["codes"][self.lookup] = {"used": True}
        _write(path, box)


def open_verdict_with_code(folder: Path, typed_code: str) -> VerdictSession:
    """The verdict questions for a code typed on the lock screen, or a VerdictError saying what to do."""
    code = normalise_code(typed_code)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise VerdictError(f"A verdict code has {CODE_LENGTH} letters and numbers, as printed with your signed "
                           "record (for example ABCD-EFGH-JK23). Check it and try again.")
    session = find_verdict(folder, code)
    if session is None:
        raise VerdictError("That code is not one of this station's open verdict codes. Check the letters and "
                           "numbers printed with your signed record; a code works once, and a newer one replaces it.")
    return session


def find_verdict(folder: Path, typed_code: str) -> VerdictSession | None:
    """The verdict questions a code opens; None if it is not a verdict code of this station (the lock screen's
    *Use a code…* tries each kind). A used code, or a damaged verdicts file, raises VerdictError."""
    code = normalise_code(typed_code)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    box = _read_box(box_path(folder))
    if box is not None and box.get("format") == FORMAT:
        salt = base64.b64decode(box["salt"])
        lookup = _lookup(salt, code)
        entry = box["codes"].get(lookup)
        if entry is not None:
            if entry.get("used"):
                raise VerdictError("This code has already been used to give a verdict. Each code can be used once.")
            key = _open(_derive(salt, code, b"kek"), entry["wrapped"], lookup.encode())
            about = About(**json.loads(_open(key, entry["about"], lookup.encode())))
            return VerdictSession(folder, lookup, code, about, bool(box.get("recipient")))
    return None


class VerdictBox:
    """Issuing codes and counting waiting verdicts, for one unlocked workspace (the manager's app only)."""

    def __init__(self, folder: Path, repo: VerdictRepository, hr_recipient: str | None = None):
        self.folder = folder
        self.repo = repo
        self.hr_recipient = hr_recipient or ""

    def _key(self) -> bytes:
        key = self.repo.box_key()
        if key is None:
            key = AESGCM.generate_key(256)
            self.repo.set_box_key(key)
        return key

    def _box(self, key: bytes) -> dict:
        path = box_path(self.folder)
        box = _read_box(path)   # a damaged file: VerdictError naming it (its waiting answers are not dropped silently)
        if box is not None:
            if box.get("format") == FORMAT:
                try:
                    _open(key, box["tally"], _AAD)
                    return box
                except (InvalidTag, KeyError, ValueError):
                    _keep_aside(path)
        return {"format": FORMAT, "salt": base64.b64encode(os.urandom(16)).decode(), "codes": {},
                "tally": _seal(key, json.dumps(_empty_tally()).encode(), _AAD)}

    def issue_code(self, conversation_id: str, staff_id: str, about: About, handover: bool = False,
                   today: date | None = None) -> str:
        """A fresh one-time code for this conversation's verdict; an earlier unused one stops working.
        Shown once (printed, or used at once by the handover): only its hash is kept."""
        key = self._key()
        box = self._box(key)
        box["recipient"] = self.hr_recipient
        salt = base64.b64decode(box["salt"])
        invitation = self.repo.invitation(conversation_id)
        if invitation is not None and invitation.given_on is not None:
            raise VerdictError(f"A verdict on this conversation was already given on {uk(invitation.given_on)}.")
        old = {lookup for lookup, cid in self.repo.lookups().items() if cid == conversation_id}
        for lookup in old:
            box["codes"].pop(lookup, None)
        code = new_code()
        lookup = _lookup(salt, code)
        box["codes"][lookup] = {"wrapped": _seal(_derive(salt, code, b"kek"), key, lookup.encode()),
                                "about": _seal(key, json.dumps(about.__dict__).encode(), lookup.encode())}
        _write(box_path(self.folder), box)
        self.repo.issue(conversation_id, staff_id, lookup, today or clock.today(), handover)
        return code

    def waiting(self) -> int:
        """Verdicts given but not yet added into the counts (they are added in batches)."""
        key = self.repo.box_key()
        path = box_path(self.folder)
        if key is None or not path.is_file():
            return 0
        return int(json.loads(_open(key, _read(path)["tally"], _AAD))["n"])

    def fold(self, today: date | None = None) -> int:
        """At unlock: mark answered conversations, and count the waiting answers once there are enough.
        Returns how many verdicts were added into the counts."""
        key = self.repo.box_key()
        path = box_path(self.folder)
        if key is None or not path.is_file():
            return 0
        box = self._box(key)
        used = [lookup for lookup, entry in box["codes"].items() if entry.get("used")]
        self.repo.mark_given(used, today or clock.today())
        for lookup in used:
            box["codes"].pop(lookup)
        tally = json.loads(_open(key, box["tally"], _AAD))
        counted = 0
        if tally["n"] >= BATCH:
            counts: Counts = tally["counts"]
            batch = tally.get("batch") or ""
            if not batch or not self.repo.batch_counted(batch):   # already counted: the file was not emptied
                self.repo.add(counts, [(q, s) for q, s in tally["comments"]], tally["n"], batch)
                counted = tally["n"]
            box["tally"] = _seal(key, json.dumps(_empty_tally()).encode(), _AAD)
        if used or tally["n"] >= BATCH:
            _write(path, box)
        return counted

    def forget(self) -> None:
        """Remove the box file (retention of the whole workspace, or tests)."""
        path = box_path(self.folder)
        if path.is_file():
            _wipe(path)
