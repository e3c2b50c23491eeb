"""360 feedback rounds: one-time codes, responses sealed to HR's age key, and the rater's narrow service.

How a response is kept (docs/feedback-360.md has the threat model):

* Only a workspace enrolled with HR's hub can open a round: each response is sealed to HR's age recipient
  (the one the workspace pinned at enrolment), and the station holds no key that opens it.
* Opening a round writes `feedback/<round id>.json` beside the database: the questionnaire, HR's recipient,
  the name of the person it is about sealed with a random *about key* (so the PC's other users cannot read
  whose round it is), and for each invitation code only a salted SHA-256 of it and the about key wrapped
  with a key derived from the code (scrypt).
* A rater types their code on the lock screen. Their answers are sealed to HR's key with age and put in the
  file at a random place, and the code is marked used, in one atomic replace. Nothing at the station can
  open them again; their draft (sealed with a key only their code gives) is deleted.
* While open the app shows only responses per group (the used codes). Closing moves the sealed responses,
  shuffled, into the workspace to travel to HR in the next sync bundle, and wipes the file and drafts. HR's
  hub opens them, merges them with domain/leadership.merged_results and returns only the merged results.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyrage
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pyrage import x25519

from desktop.domain import clock
from desktop.domain.dates import iso, uk
from desktop.domain.leadership import (
    GROUP_NOTICE, RaterGroup, Report, Response, RoundResults, Statement, build_report, close_tally,
    response_to_bytes, statements,
)
from desktop.store import sync_state
from desktop.store.files import discard, write_atomic
from desktop.store.leadership_repo import LeadershipRepository, RoundRow
from desktop.domain.errors import EadrError

FEEDBACK_DIR = "feedback"
FORMAT = "eadr-station-360-round/2"
LEGACY_FORMAT = "eadr-station-360-round/1"      # a tally sealed with a key the workspace held (before 016)
EXPIRE_AFTER_DAYS = 60                          # an open round this long past its close date is closed for it
NOT_ENROLLED = ("This workspace has not joined your trust's HR hub, so a 360 round cannot be opened here. "
                "Raters' answers are sealed so that only HR can open them, and HR returns the merged results; "
                "that needs the hub's key. Ask HR for an enrolment file, then on the Sync page press "
                "Join HR's hub with an enrolment file… (or run eadr-station enrol FILE), and open the round.")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"   # no 0/O, 1/I/L or U: easy to read off paper
CODE_LENGTH = 12                                    # about 59 bits
MAX_PER_GROUP = 30
WAITING_FOR_HR = ("Waiting for HR to return the results. The answers travel to HR, sealed, in this station's next "
                  "sync bundle (Sync page: Write a bundle for HR…); HR's hub merges them and sends the results "
                  "back in its next reference bundle. Apply that on the Sync page and the report opens here.")


class FeedbackError(EadrError, ValueError):
    """Something a rater or manager can put right: a mistyped or used code, a closed round, no HR hub."""


def hr_recipient(repo: LeadershipRepository) -> str | None:
    """HR's age recipient, pinned when the workspace joined the hub; None if it never did."""
    return sync_state.hub_recipient(repo.db)


def seal_for_hr(recipient: str, response: Response) -> str:
    """age to HR's X25519 recipient (as sync bundles are): only HR's identity opens it."""
    try:
        to = x25519.Recipient.from_str(recipient)
    except (ValueError, pyrage.RecipientError):
        raise FeedbackError("This feedback round's file is damaged (it does not name HR's key), so answers "
                            "cannot be sent to it. Nothing was saved; tell the person who invited you.") from None
    return base64.b64encode(pyrage.encrypt(response_to_bytes(response), [to])).decode()


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
    hr_recipient: str = ""

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
        """Seal the answers to HR's key, put them in the file at a random place and use up the code, in one
        atomic replace of the file. From here on nothing at the station can read them."""
        missing = response.unanswered(tuple(i.key for i in self.items))
        if missing:
            raise FeedbackError(f"{len(missing)} statement{'s are' if len(missing) != 1 else ' is'} not "
                                "answered yet. Choose 'Not seen enough to say' where you cannot judge.")
        box = self._box()
        entry = box["codes"].get(self.lookup)
        if entry is None or entry.get("used"):
            raise FeedbackError("This code has already been used. Each code sends one set of answers.")
        sealed = seal_for_hr(self.hr_recipient, Response(self.group, response.ratings, response.comments))
        pool = box.setdefault("responses", [])
        pool.insert(secrets.randbelow(len(pool) + 1), sealed)
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
                            tuple(Statement(**s) for s in box["statements"]), box["hr_recipient"])
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
    """Opening, following, closing and tidying rounds for one unlocked workspace (the manager's app only)."""

    def __init__(self, folder: Path, repo: LeadershipRepository):
        self.folder = folder
        self.repo = repo

    def can_open(self) -> str | None:
        """Why no round can be opened here (the workspace has not joined HR's hub), or None."""
        return None if hr_recipient(self.repo) else NOT_ENROLLED

    def open_round(self, staff_id: str, name: str, role: str, values: tuple[str, ...], closes_on: date,
                   invited: dict[RaterGroup, int], today: date | None = None) -> tuple[str, list[Invitation]]:
        """Returns the round id and its codes. The codes are shown once, to print: only hashes are kept."""
        today = today or clock.today()
        recipient = hr_recipient(self.repo)
        if recipient is None:
            raise FeedbackError(NOT_ENROLLED)
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
        box = {"format": FORMAT, "round_id": round_id, "closes_on": iso(closes_on),
               "salt": base64.b64encode(salt).decode(), "hr_recipient": recipient,
               "statements": [s.__dict__ for s in statements(values)],
               "about": _seal(key, json.dumps({"name": name, "role": role}).encode(), round_id.encode()),
               "codes": {}, "responses": []}
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
        key = self.repo.about_key(round_id)
        assert key is not None
        path = round_path(self.folder, round_id)
        box = _read(path)
        if box.get("format") != FORMAT:
            raise FeedbackError("This round was opened by an earlier version of EADR Station and takes no new "
                                "invitations. Close it, and open a new round for more raters.")
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

    def _used(self, round_id: str, invited: dict[str, int]) -> dict[str, int]:
        responded = {g: 0 for g in invited}
        path = round_path(self.folder, round_id)
        if path.is_file():
            for entry in _read(path)["codes"].values():
                if entry.get("used"):
                    responded[entry["group"]] = responded.get(entry["group"], 0) + 1
        return responded

    def progress(self, round_id: str) -> RoundProgress:
        """Responses per group: while open from the used codes, without opening anything sealed."""
        row = self.repo.round(round_id)
        assert row is not None
        if not row.is_open:
            return RoundProgress(row.invited, row.responses or {})
        return RoundProgress(row.invited, self._used(round_id, row.invited))

    def close_round(self, round_id: str, today: date | None = None, how: str = "Closed a 360 feedback round") -> RoundProgress:
        """Move the sealed responses (shuffled) into the workspace for the next sync bundle to HR, and wipe
        the round file and any drafts. The report opens when HR's merged results come back."""
        row = self.repo.round(round_id)
        if row is None or not row.is_open:
            raise FeedbackError("This 360 round is already closed.")
        path = round_path(self.folder, round_id)
        box = _read(path) if path.is_file() else {"codes": {}}
        used = self._used(round_id, row.invited)
        counts = {g.value: used.get(g.value, 0) for g in RaterGroup}
        when = today or clock.today()
        if box.get("format") == LEGACY_FORMAT:
            self._close_legacy(row, box, counts, when)
        else:
            self.repo.store_closed(round_id, when, counts, list(box.get("responses", [])), how)
        self._wipe_round(box, path)
        return RoundProgress(row.invited, counts)

    def _close_legacy(self, row: RoundRow, box: dict, counts: dict[str, int], when: date) -> None:
        """A round opened before responses were sealed to HR: its tally closes here, as it always did."""
        key = self.repo.about_key(row.id)
        tally = json.loads(_open(key, box["tally"], row.id.encode())) if key else {}
        self.repo.store_closed(row.id, when, counts, [])
        self.repo.store_results(row.id, close_tally(tally), when, "of a round opened before 360 answers were "
                                "sealed to HR, merged at this station")

    def withdraw_round(self, round_id: str, reason: str, today: date | None = None) -> None:
        """Stop a round without results (the person left): codes stop working, every response and draft is
        destroyed unread, and nothing goes to HR beyond the round's dates and counts."""
        row = self.repo.round(round_id)
        if row is None or not row.is_open:
            raise FeedbackError("This 360 round is already closed.")
        path = round_path(self.folder, round_id)
        box = _read(path) if path.is_file() else {"codes": {}}
        self.repo.store_withdrawn(round_id, today or clock.today(), self._used(round_id, row.invited), reason)
        self._wipe_round(box, path)

    def _wipe_round(self, box: dict, path: Path) -> None:
        for lookup in box.get("codes", {}):
            discard(_draft_path(self.folder, lookup))
        if path.is_file():
            _wipe(path)

    def tidy(self, is_current: Callable[[str], bool] | None = None, today: date | None = None) -> list[str]:
        """Retention for feedback/ (run when the workspace is unlocked, and after a person leaves or is
        deleted): withdraw the open round of someone who is no longer current staff; close for the manager a
        round EXPIRE_AFTER_DAYS past its close date; and wipe any round file or draft no open round owns
        (a deleted person's, a withdrawn or closed round's). Returns what it did, in words."""
        today = today or clock.today()
        is_current = is_current or self.repo.is_current_staff
        done: list[str] = []
        for row in self.repo.open_rounds():
            if not is_current(row.staff_id):
                self.withdraw_round(row.id, "the person is no longer in the team", today)
                done.append("withdrew a 360 round of someone who has left")
            elif (today - row.closes_on).days > EXPIRE_AFTER_DAYS:
                self.close_round(row.id, today, "Closed a 360 feedback round automatically, "
                                 f"{EXPIRE_AFTER_DAYS} days after its close date")
                done.append("closed a 360 round long past its close date")
        owned: set[str] = set()
        for path in sorted((self.folder / FEEDBACK_DIR).glob("*.json")):
            row = self.repo.round(path.stem)
            try:
                box = _read(path)
            except (OSError, ValueError):
                box = {}
            if row is not None and row.is_open:
                owned.update(box.get("codes", {}))
                continue
            self._wipe_round(box, path)
            done.append("removed the file of a round no longer open")
        for draft in sorted((self.folder / FEEDBACK_DIR / "drafts").glob("*.bin")):
            if draft.stem not in owned:
                discard(draft)
                done.append("removed a draft of a round no longer open")
        return done

    def report(self, round_id: str, values: tuple[str, ...]) -> Report:
        row = self.repo.round(round_id)
        if row is None or row.results is None:
            raise FeedbackError(WAITING_FOR_HR if row is not None and row.awaiting_results
                                else "The report is ready once the round has closed and HR has returned the "
                                "results.")
        return build_report(row.results, report_items(row.results, values))


def round_state(row: RoundRow) -> str:
    """Where a round stands, in words for the round page and its list of earlier rounds."""
    if row.is_open:
        return "open"
    if row.withdrawn_on is not None:
        return f"withdrawn {uk(row.withdrawn_on)}: no results"
    if row.results is None:
        return "waiting for HR to return the results"
    received = f" by HR on {uk(row.results_on)}" if row.results_on else ""
    return f"results returned{received}: the report is ready"


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

