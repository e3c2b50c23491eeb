"""360 feedback rounds: one-time codes, the sealed running tally, and the rater's narrow service.

How a response is kept (docs/feedback-360.md has the threat model):

* Opening a round makes a random 256-bit *tally key*. The workspace keeps it (encrypted with the rest of the
  database); beside the database, `feedback/<round id>.json` keeps the questionnaire, the tally and the name
  of the person it is about sealed with that key (AES-256-GCM), and for each invitation code only a salted
  SHA-256 of it and the tally key wrapped with a key derived from the code (scrypt).
* A rater types their code on the lock screen. Nothing else is needed: the code unwraps the tally key, their
  answers are *added into the tally* (sums and counts per group, comments put in at random places), the tally
  is sealed again and the code's wrapped key is deleted, so it can never be used again. Their own answers are
  never written anywhere, except a draft sealed with a key only their code gives, deleted when they send.
* Results stay closed while the round is open: the app shows only responses per group (from the used codes).
  Closing opens the tally once, merges small groups, keeps only what may be shown, and wipes the tally key
  and the file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.domain import clock
from desktop.domain.dates import iso, uk
from desktop.domain.leadership import (
    GROUP_NOTICE, RaterGroup, Report, Response, RoundResults, Statement, build_report, close_tally, empty_tally,
    fold, statements,
)
from desktop.store.files import discard, write_atomic
from desktop.store.leadership_repo import LeadershipRepository, RoundRow

FEEDBACK_DIR = "feedback"
FORMAT = "eadr-station-360-round/1"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"   # no 0/O, 1/I/L or U: easy to read off paper
CODE_LENGTH = 12                                    # about 59 bits
MAX_PER_GROUP = 30


class FeedbackError(ValueError):
    """Something a rater or manager can put right: a mistyped or used code, a closed round."""


# --- codes and sealing -------------------------------------------------------------------
def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a rater types: any case, with or without spaces and dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _lookup(salt: bytes, code: str) -> str:
    return hashlib.sha256(salt + code.encode()).hexdigest()


def _derive(salt: bytes, code: str, purpose: bytes) -> bytes:
    return Scrypt(salt=salt + purpose, length=32, n=2 ** 14, r=8, p=1).derive(code.encode())


def _seal(key: bytes, data: bytes, aad: bytes) -> str:
    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, data, aad)).decode()


def _open(key: bytes, sealed: str, aad: bytes) -> bytes:
    raw = base64.b64decode(sealed)
    return AESGCM(key).decrypt(raw[:12], raw[12:], aad)


def round_path(folder: Path, round_id: str) -> Path:
    return folder / FEEDBACK_DIR / f"{round_id}.json"


def _draft_path(folder: Path, lookup: str) -> Path:
    return folder / FEEDBACK_DIR / "drafts" / f"{lookup}.bin"


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, box: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(box, sort_keys=True).encode())


# --- the rater's side: no workspace key, one questionnaire ------------------------------------
@dataclass(frozen=True)
class RaterSession:
    """Everything the *Give feedback* screen can reach: this questionnaire, its draft, and submit."""
    folder: Path
    round_id: str
    lookup: str
    code: str
    group: RaterGroup
    subject_name: str
    subject_role: str
    closes_on: date
    items: tuple[Statement, ...]

    @property
    def notice(self) -> str:
        return GROUP_NOTICE[self.group]

    @property
    def intro(self) -> str:
        if self.group is RaterGroup.SELF:
            return (f"Your own view of how you lead, to set beside what colleagues say. Please answer by "
                    f"{uk(self.closes_on)}.")
        return (f"Feedback for {self.subject_name} ({self.subject_role}) as their "
                f"{self.group.label.lower().rstrip('s')}. Please answer by {uk(self.closes_on)}.")

    def _draft_key(self, salt: bytes) -> bytes:
        return _derive(salt, self.code, b"draft")

    def _box(self) -> dict:
        path = round_path(self.folder, self.round_id)
        if not path.is_file():
            raise FeedbackError("This feedback round has been closed, so answers can no longer be sent. "
                                "Nothing was saved.")
        return _read(path)

    def load_draft(self) -> Response | None:
        path = _draft_path(self.folder, self.lookup)
        if not path.is_file():
            return None
        salt = base64.b64decode(self._box()["salt"])
        data = json.loads(_open(self._draft_key(salt), path.read_text(), self.lookup.encode()))
        return Response(self.group, {k: int(v) for k, v in data["ratings"].items()}, dict(data["comments"]))

    def save_draft(self, response: Response) -> None:
        """Saved as they go, sealed with a key only this code gives; deleted when they send."""
        salt = base64.b64decode(self._box()["salt"])
        data = json.dumps({"ratings": response.ratings, "comments": response.comments}).encode()
        path = _draft_path(self.folder, self.lookup)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _seal(self._draft_key(salt), data, self.lookup.encode()).encode())

    def submit(self, response: Response) -> None:
        """Add the answers into the sealed tally and use up the code, in one atomic replace of the file."""
        missing = response.unanswered(tuple(i.key for i in self.items))
        if missing:
            raise FeedbackError(f"{len(missing)} statement{'s are' if len(missing) != 1 else ' is'} not "
                                "answered yet. Choose 'Not seen enough to say' where you cannot judge.")
        box = self._box()
        entry = box["codes"].get(self.lookup)
        if entry is None or entry.get("used"):
            raise FeedbackError("This code has already been used. Each code sends one set of answers.")
        salt = base64.b64decode(box["salt"])
        key = _open(_derive(salt, self.code, b"kek"), entry["wrapped"], self.lookup.encode())
        aad = self.round_id.encode()
        tally = json.loads(_open(key, box["tally"], aad))
        fold(tally, Response(self.group, response.ratings, response.comments))
        box["tally"] = _seal(key, json.dumps(tally).encode(), aad)
        box["codes"][self.lookup] = {"group": entry["group"], "used": True}
        _write(round_path(self.folder, self.round_id), box)
        discard(_draft_path(self.folder, self.lookup))


def code_shaped(typed_code: str) -> bool:
    """Whether what was typed has the letters and numbers of a code (any kind of code on the lock screen)."""
    code = normalise_code(typed_code)
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def open_session(folder: Path, typed_code: str, today: date | None = None) -> RaterSession:
    """The rater's questionnaire for a code typed on the lock screen, or a FeedbackError saying what to do."""
    if not code_shaped(typed_code):
        raise FeedbackError(f"A feedback code has {CODE_LENGTH} letters and numbers, as on your invitation "
                            "(for example ABCD-EFGH-JK23). Check it and try again.")
    session = find_session(folder, typed_code, today)
    if session is None:
        raise FeedbackError("That code is not one of this station's open feedback invitations. Check the letters "
                            "and numbers on your slip; if the round has closed, the code no longer works.")
    return session


def find_session(folder: Path, typed_code: str, today: date | None = None) -> RaterSession | None:
    """The questionnaire a code opens; None if it is not one of this station's feedback codes (it may be
    another kind of code: the lock screen tries each kind). A used code raises FeedbackError."""
    code = normalise_code(typed_code)
    if not code_shaped(code):
        return None
    for path in sorted((folder / FEEDBACK_DIR).glob("*.json")):
        try:
            box = _read(path)
        except (OSError, ValueError):
            continue
        if box.get("format") != FORMAT:
            continue
        salt = base64.b64decode(box["salt"])
        lookup = _lookup(salt, code)
        entry = box["codes"].get(lookup)
        if entry is None:
            continue
        if entry.get("used"):
            raise FeedbackError("This code has already been used to send feedback. Each code can be used once; "
                                "ask the person who invited you if you need another.")
        key = _open(_derive(salt, code, b"kek"), entry["wrapped"], lookup.encode())
        about = json.loads(_open(key, box["about"], box["round_id"].encode()))
        return RaterSession(folder, box["round_id"], lookup, code, RaterGroup(entry["group"]), about["name"],
                            about["role"], date.fromisoformat(box["closes_on"]),
                            tuple(Statement(**s) for s in box["statements"]))
    return None


# --- the manager's side -------------------------------------------------------------------------
@dataclass(frozen=True)
class Invitation:
    group: RaterGroup
    code: str


@dataclass(frozen=True)
class RoundProgress:
    invited: dict[str, int]
    responded: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.responded.values())


class Feedback360:
    """Opening, following and closing rounds for one unlocked workspace (the manager's app only)."""

    def __init__(self, folder: Path, repo: LeadershipRepository):
        self.folder = folder
        self.repo = repo

    def open_round(self, staff_id: str, name: str, role: str, values: tuple[str, ...], closes_on: date,
                   invited: dict[RaterGroup, int], today: date | None = None) -> tuple[str, list[Invitation]]:
        """Returns the round id and its codes. The codes are shown once, to print: only hashes are kept."""
        today = today or clock.today()
        if closes_on <= today:
            raise FeedbackError(f"The close date must be after today ({uk(today)}).")
        if self.repo.open_round_for(staff_id) is not None:
            raise FeedbackError("This person already has a 360 round open. Close it before opening another.")
        if any(n < 0 or n > MAX_PER_GROUP for n in invited.values()):
            raise FeedbackError(f"Invite between 0 and {MAX_PER_GROUP} people in each group.")
        if not any(n for g, n in invited.items() if g is not RaterGroup.SELF):
            raise FeedbackError("Invite at least one colleague; feedback from yourself alone is a self-assessment.")
        round_id = secrets.token_hex(8)
        key = AESGCM.generate_key(256)
        salt = os.urandom(16)
        aad = round_id.encode()
        box = {"format": FORMAT, "round_id": round_id, "closes_on": iso(closes_on),
               "salt": base64.b64encode(salt).decode(),
               "statements": [s.__dict__ for s in statements(values)],
               "about": _seal(key, json.dumps({"name": name, "role": role}).encode(), aad),
               "tally": _seal(key, json.dumps(empty_tally()).encode(), aad), "codes": {}}
        invitations = self._new_codes(box, salt, key, invited)
        counts = {g.value: n for g, n in invited.items() if n}
        self.repo.insert_round(round_id, staff_id, today, closes_on, counts, key)
        _write(round_path(self.folder, round_id), box)
        return round_id, invitations

    @staticmethod
    def _new_codes(box: dict, salt: bytes, key: bytes, invited: dict[RaterGroup, int]) -> list[Invitation]:
        out = []
        for group in RaterGroup:
            for _ in range(invited.get(group, 0)):
                code = new_code()
                lookup = _lookup(salt, code)
                box["codes"][lookup] = {"group": group.value,
                                        "wrapped": _seal(_derive(salt, code, b"kek"), key, lookup.encode())}
                out.append(Invitation(group, code))
        return out

    def add_invitations(self, round_id: str, group: RaterGroup, count: int) -> list[Invitation]:
        """More codes for an open round (a lost slip, a colleague forgotten); the old codes keep working."""
        row = self._open_row(round_id)
        if not 1 <= count <= MAX_PER_GROUP:
            raise FeedbackError(f"Add between 1 and {MAX_PER_GROUP} invitations at a time.")
        key = self.repo.tally_key(round_id)
        assert key is not None
        path = round_path(self.folder, round_id)
        box = _read(path)
        invitations = self._new_codes(box, base64.b64decode(box["salt"]), key, {group: count})
        invited = dict(row.invited)
        invited[group.value] = invited.get(group.value, 0) + count
        self.repo.add_invited(round_id, invited)
        _write(path, box)
        return invitations

    def _open_row(self, round_id: str) -> RoundRow:
        row = self.repo.round(round_id)
        if row is None or not row.is_open:
            raise FeedbackError("This 360 round is closed.")
        if not round_path(self.folder, round_id).is_file():
            raise FeedbackError(f"The round's file {round_path(self.folder, round_id)} is missing (was the "
                                "workspace restored from a backup?). Responses sent to it cannot be counted; "
                                "close the round and open a new one.")
        return row

    def progress(self, round_id: str) -> RoundProgress:
        """Responses per group while open: from the used codes, without opening the tally."""
        row = self.repo.round(round_id)
        assert row is not None
        if not row.is_open:
            return RoundProgress(row.invited, row.responses or {})
        responded = {g: 0 for g in row.invited}
        path = round_path(self.folder, round_id)
        if path.is_file():
            for entry in _read(path)["codes"].values():
                if entry.get("used"):
                    responded[entry["group"]] = responded.get(entry["group"], 0) + 1
        return RoundProgress(row.invited, responded)

    def close_round(self, round_id: str, today: date | None = None) -> RoundResults:
        """Open the tally once, keep only what may be shown, and destroy the key, the file and any drafts."""
        row = self.repo.round(round_id)
        if row is None or not row.is_open:
            raise FeedbackError("This 360 round is already closed.")
        path = round_path(self.folder, round_id)
        key = self.repo.tally_key(round_id)
        lookups: list[str] = []
        if path.is_file() and key is not None:
            box = _read(path)
            tally = json.loads(_open(key, box["tally"], round_id.encode()))
            lookups = list(box["codes"])
        else:
            tally = empty_tally()
        results = close_tally(tally)
        self.repo.db.execute("PRAGMA secure_delete = ON")   # the wiped key's bytes are overwritten in the file
        self.repo.store_closed(round_id, today or clock.today(), results)
        for lookup in lookups:
            discard(_draft_path(self.folder, lookup))
        if path.is_file():
            _wipe(path)
        return results

    def report(self, round_id: str, values: tuple[str, ...]) -> Report:
        row = self.repo.round(round_id)
        if row is None or row.results is None:
            raise FeedbackError("The report is ready once the round has closed.")
        return build_report(row.results, report_items(row.results, values))


def report_items(results: RoundResults, values: tuple[str, ...]) -> tuple[Statement, ...]:
    """The statements a closed round's results cover, in questionnaire order (values may since have changed)."""
    keys = {k for g in results.groups for k in g.means}
    known = [s for s in statements(values) if s.key in keys or s.key.startswith("dim:")]
    extra = sorted(keys - {s.key for s in known})
    return tuple(known) + tuple(Statement(k, "", k.split(":", 1)[1]) for k in extra)


def _wipe(path: Path) -> None:
    """Overwrite, then delete: the tally should not linger in the file's old blocks (best effort on SSDs)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(os.urandom(size))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        pass
    discard(path)

