"""The station's sync folder: an outbox the app writes bundles into by itself and an inbox it takes HR's
reference bundles from (often one shared or cloud-synced folder, a subfolder per station).

Nothing new travels: the bundles are the ones a manual export writes (station.seal_export, written under a
hidden temporary name and renamed) and the ones a manual import applies (station.import_reference).
A folder that cannot be reached (a network drive not mounted, a cloud folder offline) is not an error:
the app waits and looks again.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from desktop.store import sync_state
from desktop.store.workspace import Workspace
from desktop.sync.format import SUFFIX

OUTBOX = "sync.folder.outbox"
INBOX = "sync.folder.inbox"
REFUSED = "sync.folder.refused"     # reference files in the inbox refused once: not tried again
AUTO_EVERY_HOURS = 3                # while open, a bundle at most this often, when something new waits
LOOK_EVERY_SECONDS = 60             # the inbox and an unreachable folder are looked at again this often
WAITING = "Waiting for the sync folder"


@dataclass(frozen=True)
class SyncFolders:
    outbox: Path
    inbox: Path

    @property
    def shared(self) -> bool:
        return self.outbox == self.inbox


def suggested(base: Path, station: str) -> Path:
    """The station's own subfolder of a shared folder: HR's watcher writes its reply back there."""
    return Path(base) / station.strip().upper()


def get(workspace: Workspace) -> SyncFolders | None:
    outbox = workspace.setting(OUTBOX)
    if not outbox:
        return None
    return SyncFolders(Path(outbox), Path(workspace.setting(INBOX) or outbox))


def save(workspace: Workspace, outbox: Path, inbox: Path | None = None) -> SyncFolders:
    """Remember the folders (absolute); a folder not there now is fine: it is waited for."""
    outbox = Path(outbox).expanduser().absolute()
    inbox = Path(inbox).expanduser().absolute() if inbox else outbox
    workspace.set_setting(OUTBOX, str(outbox))
    workspace.set_setting(INBOX, str(inbox))
    return SyncFolders(outbox, inbox)


def clear(workspace: Workspace) -> None:
    workspace.set_setting(OUTBOX, "")
    workspace.set_setting(INBOX, "")


def reachable(folder: Path) -> bool:
    """There and writable now (a network drive may come and go)."""
    try:
        return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    except OSError:
        return False


WAITING_SHORT = (f"{WAITING}: it cannot be reached just now. EADR Station tries again every minute; nothing is "
                 "lost.")


def waiting_text(folder: Path) -> str:
    return (f"{WAITING}: {folder} cannot be reached just now (a network drive not connected, or the PC offline). "
            f"EADR Station looks again every minute; nothing is lost meanwhile.")


def needs_bundle(db) -> bool:
    """Something HR has not acknowledged that no bundle written in this epoch carries yet."""
    if not sum(sync_state.waiting(db).values()):
        return False
    written = max((b.to_seq or 0 for b in sync_state.outbox(db)), default=0)
    return not written or sync_state.changed_since(db, written)


def refused(workspace: Workspace) -> list[str]:
    return json.loads(workspace.setting(REFUSED) or "[]")


def note_refused(workspace: Workspace, name: str) -> None:
    workspace.set_setting(REFUSED, json.dumps((refused(workspace) + [name])[-50:]))


def newest_reference(inbox: Path, station: str, have: int, skip: list[str]) -> Path | None:
    """The newest complete reference bundle for `station` in `inbox` newer than version `have` (from its name,
    `STATION-reference-000007.eadr-bundle`, as the hub writes it); None if there is none. Raises OSError if the
    inbox cannot be read."""
    pattern = re.compile(rf"^{re.escape(station.upper())}-reference-(\d+){re.escape(SUFFIX)}$")
    best: tuple[int, Path] | None = None
    for entry in inbox.iterdir():
        found = pattern.match(entry.name)
        if found is None or entry.name in skip or int(found.group(1)) <= have or not entry.is_file():
            continue
        if best is None or int(found.group(1)) > best[0]:
            best = (int(found.group(1)), entry)
    return best[1] if best else None


def resting_text(db) -> str:
    """The sync folder's state in words, when it can be reached."""
    if needs_bundle(db):
        return ("Connected. Changes since the last bundle go to HR by themselves after the next sign-off, on "
                f"closing, or within {AUTO_EVERY_HOURS} hours; nothing needs doing.")
    if sum(sync_state.waiting(db).values()):
        return ("Sent: everything recorded here is in the sync folder for HR. HR has not confirmed receiving all "
                "of it yet; nothing needs doing.")
    return "Up to date: HR has everything recorded here."


def reference_version(db) -> int:
    return int(sync_state.get(db, sync_state.REFERENCE_VERSION) or 0)
