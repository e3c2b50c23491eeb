"""Create and unlock workspaces with a passphrase."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from desktop.domain.dates import now_iso
from desktop.security.keyfile import (
    DEFAULT_PARAMS, Argon2Params, new_database_key, open_key_file, wrap_key, write_key_file,
)
from desktop.store import audit, backups
from desktop.store.backups import Backup
from desktop.store.database import UNLOCK_FULL, open_database
from desktop.store.driver import DatabaseError
from desktop.store.migrations import migrate
from desktop.store.files import disk_full, is_absent_or_empty, is_disk_full, staged_folder
from desktop.store.info import (  # noqa: F401 (DEMO_PASSPHRASE re-exported)
    DB_FILE, DEMO_PASSPHRASE, KEY_FILE, WorkspaceError, WorkspaceInfo, read_info, write_info,
)
from desktop.store.workspace import Workspace

T = TypeVar("T")


def unlock_workspace(folder: Path, passphrase: str, defer_large_check: bool = False) -> Workspace:
    """Open `folder` with `passphrase`. Raises WrongPassphrase and changes nothing if wrong.
    `defer_large_check`: see Workspace.open (the app checks a very large file in the background)."""
    folder = Path(folder)
    info = read_info(folder)
    key = open_key_file(folder / KEY_FILE, passphrase, info.workspace_id)
    workspace = Workspace.open(folder, key, defer_large_check)
    if workspace.info.workspace_id != info.workspace_id:
        workspace.close()
        raise WorkspaceError(f"{folder}: the key file belongs to another workspace", where=str(folder))
    try:
        with workspace.db.atomic():
            audit.record(workspace.db, workspace.manager_name, "unlock", "workspace", info.workspace_id,
                         "Workspace unlocked")
    except DatabaseError as exc:
        _close_quietly(workspace)
        if is_disk_full(exc, folder):   # never "damaged": the data is sound and a restore would lose newer work
            raise disk_full(folder, UNLOCK_FULL) from None
        raise
    return workspace


@dataclass(frozen=True)
class Unlocked(Generic[T]):
    """What the slow half of unlocking hands to the thread that will use the workspace."""

    key: bytes
    pages_checked: bool
    ahead: T | None   # what `read_ahead` worked out on the same connection


def unlock_off_thread(folder: Path, passphrase: str, defer_large_check: bool = False,
                      read_ahead: Callable[[Workspace], T] | None = None) -> Unlocked[T]:
    """The slow half of unlocking, for a worker thread: derive the key from the passphrase (Argon2), open and
    check the database on a connection of this thread, record the unlock, read ahead what the first page
    shows, and close that connection again. Raises as `unlock_workspace` does."""
    workspace = unlock_workspace(folder, passphrase, defer_large_check)
    try:
        ahead = read_ahead(workspace) if read_ahead is not None else None
        return Unlocked(workspace.database_key, workspace.pages_checked, ahead)
    finally:
        workspace.close()


def reopen_unlocked(folder: Path, unlocked: Unlocked) -> Workspace:
    """The quick half, on the thread that uses the workspace: its own connection, without checking the
    file again (the slow half just did, or left a large file's check to the background as before)."""
    workspace = Workspace.open(Path(folder), unlocked.key, checked=True)
    workspace.pages_checked = unlocked.pages_checked
    return workspace


def _close_quietly(workspace: Workspace) -> None:
    """Closing after the unlock failed: the first error is the one to report, not a second one from closing."""
    with suppress(DatabaseError):
        workspace.close()


def latest_good_backup(folder: Path, passphrase: str) -> Backup | None:
    """The newest backup that verifies with this workspace's key (WrongPassphrase if the passphrase is wrong)."""
    key = open_key_file(Path(folder) / KEY_FILE, passphrase, read_info(Path(folder)).workspace_id)
    return backups.latest_good(Path(folder), key)


def restore_and_unlock(folder: Path, passphrase: str, backup: Path, why: str = "") -> tuple[Workspace, Path | None]:
    """Put a verified backup in place and unlock it, without opening the current database first, which
    may be too damaged to open. The replaced file is kept in backups/; returns (workspace, kept copy)."""
    folder = Path(folder)
    info = read_info(folder)
    key = open_key_file(folder / KEY_FILE, passphrase, info.workspace_id)
    kept = backups.restore(folder, backup, key)
    workspace = Workspace.open(folder, key)
    if workspace.info.workspace_id != info.workspace_id:
        workspace.close()
        raise WorkspaceError(f"{folder}: the key file belongs to another workspace", where=str(folder))
    with workspace.db.atomic():
        audit.record(workspace.db, workspace.manager_name, "restore", "workspace", info.workspace_id,
                     f"Restored from backup {backup.name}{why}"
                     + (f"; the replaced data is kept as {kept.name}" if kept else ""))
    return workspace, kept


def create_workspace(folder: Path, passphrase: str, station_name: str, manager_name: str,
                     station_code: str = "", demo: bool = False,
                     params: Argon2Params = DEFAULT_PARAMS) -> Workspace:
    """Make a new workspace in `folder` (absent or empty) and return it unlocked.

    Built in a sibling temporary folder and renamed into place, so a crash
    never leaves a half-made workspace behind.
    """
    folder = Path(folder).absolute()
    if not is_absent_or_empty(folder):
        raise WorkspaceError(f"{folder} already exists and is not empty; choose an empty folder", where=str(folder))
    with staged_folder(folder) as staging:
        info = WorkspaceInfo(workspace_id=str(uuid.uuid4()), station_name=station_name.strip(),
                             station_code=station_code.strip(), demo=demo)
        write_info(staging, info)
        key = new_database_key()
        write_key_file(staging / KEY_FILE, wrap_key(key, passphrase, info.workspace_id, params))
        db = open_database(staging / DB_FILE, key)
        try:
            migrate(db)
            with db.atomic():
                db.execute("INSERT INTO settings (key, value) VALUES ('manager_name', ?), "
                           "('station_name', ?), ('created_at', ?)",
                           [manager_name.strip(), station_name.strip(), now_iso()])
                audit.record(db, manager_name.strip() or "Line manager", "create", "workspace",
                             info.workspace_id, f"Workspace created for {station_name.strip()}")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    return Workspace.open(folder, key)
