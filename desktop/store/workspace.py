"""A workspace is a folder: the encrypted database, its key file, its description and backups."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from desktop.store.database import copy_database, open_database
from desktop.store.driver import Database
from desktop.store.migrations import migrate
from desktop.store.staff_repo import StaffRepository

DB_FILE = "eadr.db"
KEY_FILE = "key.json"
INFO_FILE = "workspace.json"
BACKUP_DIR = "backups"
INFO_FORMAT = "eadr-station-workspace"


class WorkspaceError(Exception):
    """The folder is not a usable workspace; the message says why and what to do."""


@dataclass(frozen=True)
class WorkspaceInfo:
    """What may be read before unlocking. Holds nothing personal."""

    workspace_id: str
    station_name: str
    station_code: str = ""
    demo: bool = False
    format: str = INFO_FORMAT
    version: int = 1


def is_workspace(folder: Path) -> bool:
    return (folder / INFO_FILE).is_file()


def read_info(folder: Path) -> WorkspaceInfo:
    path = folder / INFO_FILE
    if not folder.is_dir():
        raise WorkspaceError(f"{folder} does not exist; create a workspace or choose another folder")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != INFO_FORMAT:
            raise ValueError("unknown format")
        return WorkspaceInfo(**{k: data[k] for k in WorkspaceInfo.__dataclass_fields__ if k in data})
    except FileNotFoundError:
        raise WorkspaceError(f"{folder} is not an EADR Station workspace (no {INFO_FILE})") from None
    except (OSError, ValueError, TypeError) as exc:
        raise WorkspaceError(f"{path} is damaged ({exc}); restore the workspace from a backup") from None


def write_info(folder: Path, info: WorkspaceInfo) -> None:
    tmp = folder / (INFO_FILE + ".tmp")
    tmp.write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
    os.replace(tmp, folder / INFO_FILE)


class Workspace:
    """An unlocked workspace. Owns the one database connection of its thread."""

    def __init__(self, folder: Path, info: WorkspaceInfo, db: Database, key: bytes):
        self.folder = folder
        self.info = info
        self.db = db
        self._key = key

    @classmethod
    def open(cls, folder: Path, key: bytes) -> Workspace:
        info = read_info(folder)
        db_path = folder / DB_FILE
        if not db_path.is_file():
            raise WorkspaceError(f"{db_path} is missing; restore the workspace from a backup")
        db = open_database(db_path, key)
        workspace = cls(folder, info, db, key)
        migrate(db, backup=workspace.backup)
        return workspace

    @property
    def manager_name(self) -> str:
        return self.setting("manager_name") or "Line manager"

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    def staff(self) -> StaffRepository:
        return StaffRepository(self.db, actor=self.manager_name)

    def backup(self, label: str) -> Path:
        """An encrypted copy of the database in backups/, named by time and purpose."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.folder / BACKUP_DIR / f"{stamp}-{label}.db"
        copy_database(self.db, self._key, target)
        return target

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        """Checkpoint the WAL into the main file and drop the connection and key."""
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.db.close()
            self._key = b""

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
