"""Encrypted backups of a workspace: taking them, keeping a sensible set, and restoring safely.

A backup is a consistent copy made with the SQLite backup API, encrypted with the
workspace's own key (the key file, wrapped by the passphrase, opens both). Restoring
verifies the backup first, keeps a copy of the current database, and swaps files
atomically, so a failed or interrupted restore leaves the workspace as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.store.database import DatabaseDamaged, connect_encrypted
from desktop.store.driver import DatabaseError
from desktop.store.files import discard, disk_full, failure, fsync_folder, is_disk_full
from desktop.store.info import BACKUP_DIR, DB_FILE

_NAME = re.compile(r"^(\d{8}-\d{6})-([a-z0-9_.-]+?)(?:-(\d+))?\.db$")
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
STALE_PARTIAL_S = 3600
ROTATED = ("auto", "on-close")     # kinds the rotation may remove; others are kept until deleted by hand


class BackupError(Exception):
    """A backup cannot be used; nothing was changed."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    kind: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def describe(self) -> str:
        label = {"auto": "automatic", "on-close": "on closing", "manual": "made by hand",
                 "before-restore": "before a restore"}.get(self.kind, self.kind.replace("-", " "))
        return f"{self.taken_at:%d/%m/%Y %H:%M} · {label} · {self.size / 1_048_576:.1f} MB"


def new_backup_path(folder: Path, kind: str, when: datetime | None = None) -> Path:
    """backups/YYYYMMDD-HHMMSS-kind.db, with -2, -3… if that second already has one: never overwrite."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = folder / BACKUP_DIR / f"{stamp}-{kind}.db"
    n = 2
    while path.exists():
        path = folder / BACKUP_DIR / f"{stamp}-{kind}-{n}.db"
        n += 1
    return path


def list_backups(folder: Path) -> list[Backup]:
    """Newest first."""
    found = []
    for path in (folder / BACKUP_DIR).glob("*.db"):
        m = _NAME.match(path.name)
        if m:
            found.append(Backup(path, datetime.strptime(m.group(1), "%Y%m%d-%H%M%S"), m.group(2)))
    return sorted(found, key=lambda b: (b.taken_at, b.path.stat().st_mtime_ns), reverse=True)


def to_remove(backups: list[Backup]) -> list[Backup]:
    """Rotation: keep the newest automatic backup of each of the last 12 days, 10 weeks and 9 months
    (and always the newest three); hand-made and pre-migration copies are never rotated away."""
    rotated = [b for b in sorted(backups, key=lambda b: b.taken_at, reverse=True) if b.kind in ROTATED]
    keep = set(b.path for b in rotated[:3])
    for key, limit in ((lambda d: d.date(), KEEP_DAILY), (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen: list[object] = []
        for b in rotated:
            period = key(b.taken_at)
            if period not in seen:
                seen.append(period)
                if len(seen) <= limit:
                    keep.add(b.path)
    return [b for b in rotated if b.path not in keep]


def rotate(folder: Path) -> list[Path]:
    """Remove backups the rotation no longer keeps, and copies a crash left half made."""
    removed = []
    for stale in (folder / BACKUP_DIR).glob("*.db.partial"):
        # A crash leaves these; one younger than an hour may be another process's copy in progress.
        if time.time() - stale.stat().st_mtime > STALE_PARTIAL_S:
            stale.unlink(missing_ok=True)
            removed.append(stale)
    for backup in to_remove(list_backups(folder)):
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def verify(path: Path, key: bytes) -> None:
    """Raise BackupError unless `path` opens with `key`, passes integrity_check and is a workspace database."""
    try:
        conn = connect_encrypted(path, key)
    except DatabaseDamaged:
        raise BackupError(f"{path.name} cannot be read with this workspace's key; it is damaged or "
                          "belongs to another workspace") from None
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except DatabaseError as exc:
        raise BackupError(f"{path.name} is damaged ({exc})") from None
    finally:
        conn.close()
    if result != "ok":
        raise BackupError(f"{path.name} failed its integrity check ({result})")
    if not {"staff", "_sqlite_migrations"} <= tables:
        raise BackupError(f"{path.name} is not an EADR Station workspace database")


def latest_good(folder: Path, key: bytes) -> Backup | None:
    """The newest backup that opens with `key` and passes its integrity check; damaged ones are skipped."""
    for backup in list_backups(folder):
        try:
            verify(backup.path, key)
        except BackupError:
            continue
        return backup
    return None


def _copy_synced(source: Path, target: Path) -> None:
    try:
        shutil.copyfile(source, target)
        with open(target, "rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        discard(target)
        raise


def restore(folder: Path, backup: Path, key: bytes) -> Path | None:
    """Replace the workspace database with `backup`. The workspace must be closed.

    Returns the copy kept of the database that was replaced (None if it was unreadable).
    """
    verify(backup, key)
    db_path = folder / DB_FILE
    kept = None
    staging = folder / (DB_FILE + ".restoring")
    try:
        if db_path.exists():
            try:
                verify(db_path, key)
                kept = new_backup_path(folder, "before-restore")
            except BackupError:
                kept = new_backup_path(folder, "damaged-before-restore")
            kept.parent.mkdir(parents=True, exist_ok=True)
            _copy_synced(db_path, kept)
        _copy_synced(backup, staging)
    except OSError as exc:
        # Nothing was replaced: drop the copies made so far, and say so plainly.
        discard(staging)
        if kept is not None:
            discard(kept)
        if is_disk_full(exc):
            raise disk_full(folder, f"was not restored from {backup.name}") from None
        raise failure(folder / DB_FILE, exc) from None
    for suffix in ("-wal", "-shm"):
        (folder / (DB_FILE + suffix)).unlink(missing_ok=True)
    os.replace(staging, db_path)
    fsync_folder(folder)
    return kept
