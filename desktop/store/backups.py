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

from desktop.domain import clock
from desktop.store import sync_state
from desktop.store.database import DatabaseDamaged, connect_encrypted
from desktop.store.driver import DatabaseError
from desktop.store.files import discard, disk_full, failure, fsync_folder, is_disk_full
from desktop.store.info import BACKUP_DIR, DB_FILE
from desktop.domain.errors import EadrError

# NNNNNN-YYYYMMDD-HHMMSS-kind[-n].db: NNNNNN counts up across the folder, so the order of backups (and the
# order a file manager lists them in) never depends on the PC's clock being right; the time is that clock's,
# for people to read. Names from before the counter (no NNNNNN-) sort below every counted one, by their time.
_NAME = re.compile(r"^(?:(\d{6,})-)?(\d{8}-\d{6})-([a-z0-9_.-]+?)(?:-(\d+))?\.db$")
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
KEEP_NEWEST = 3    # the newest few automatic backups (by counter) are never rotated away, whatever the clock says
STALE_PARTIAL_S = 3600
ROTATED = ("auto", "on-close")     # kinds the rotation may remove; others are kept until deleted by hand


class BackupError(EadrError):
    """A backup cannot be used; nothing was changed."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    kind: str
    number: int = 0   # the folder's backup counter when it was taken; 0 for names from before the counter

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def describe(self) -> str:
        label = {"auto": "automatic", "on-close": "on closing", "manual": "made by hand",
                 "before-restore": "before a restore"}.get(self.kind, self.kind.replace("-", " "))
        return f"{self.taken_at:%d/%m/%Y %H:%M} · {label} · {self.size / 1_048_576:.1f} MB"


def _counter(folder: Path) -> int:
    """The highest backup number used in the folder (partial copies included, so two never share one)."""
    highest = 0
    for path in (folder / BACKUP_DIR).glob("*.db*"):
        m = _NAME.match(path.name.removesuffix(".partial"))
        if m and m.group(1):
            highest = max(highest, int(m.group(1)))
    return highest


def new_backup_path(folder: Path, kind: str, when: datetime | None = None) -> Path:
    """backups/NNNNNN-YYYYMMDD-HHMMSS-kind.db, numbered one past the newest in the folder (so the order is
    right even if the PC's clock went back), with -2, -3… if that name is taken: never overwrite."""
    stamp = (when or clock.now()).strftime("%Y%m%d-%H%M%S")
    number = _counter(folder) + 1
    path = folder / BACKUP_DIR / f"{number:06d}-{stamp}-{kind}.db"
    n = 2
    while path.exists():
        path = folder / BACKUP_DIR / f"{number:06d}-{stamp}-{kind}-{n}.db"
        n += 1
    return path


def _order(backup: Backup) -> tuple:
    """Oldest first: by counter, then (for names from before the counter, or a tie) by time and file age."""
    try:
        mtime = backup.path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return backup.number, backup.taken_at, mtime


def list_backups(folder: Path) -> list[Backup]:
    """Newest first, by the counter in their names, not by the clock."""
    found = []
    for path in (folder / BACKUP_DIR).glob("*.db"):
        m = _NAME.match(path.name)
        if m:
            try:
                taken = datetime.strptime(m.group(2), "%Y%m%d-%H%M%S")
            except ValueError:
                continue
            found.append(Backup(path, taken, m.group(3), int(m.group(1) or 0)))
    return sorted(found, key=_order, reverse=True)


def to_remove(backups: list[Backup]) -> list[Backup]:
    """Rotation: keep the newest automatic backup of each of the last 12 days, 10 weeks and 9 months
    (and always the newest three); hand-made and pre-migration copies are never rotated away.

    "Newest" is by the backup counter, never by the clock: with the PC's clock set back a year, the backups
    taken since are still the newest and are kept, and their (wrong) days count as days of their own."""
    rotated = [b for b in sorted(backups, key=_order, reverse=True) if b.kind in ROTATED]
    keep = set(b.path for b in rotated[:KEEP_NEWEST])
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
                          "belongs to another workspace", where=path.name) from None
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except DatabaseError as exc:
        raise BackupError(f"{path.name} is damaged ({exc})", where=path.name) from None
    finally:
        conn.close()
    if result != "ok":
        raise BackupError(f"{path.name} failed its integrity check ({result})", where=path.name)
    if not {"staff", "_sqlite_migrations"} <= tables:
        raise BackupError(f"{path.name} is not an EADR Station workspace database", where=path.name)


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


def _epoch_in(path: Path, key: bytes) -> int:
    """The sync epoch number a database file is in; 0 if it has none or cannot be read."""
    try:
        conn = connect_encrypted(path, key)
    except DatabaseDamaged:
        return 0
    try:
        return sync_state.epoch(conn)[1]
    except (DatabaseError, ValueError):
        return 0
    finally:
        conn.close()


def _begin_epoch(staging: Path, key: bytes, known: list[Path]) -> None:
    """The restored copy starts a new sync epoch, above every epoch this workspace has been in (the
    database being replaced and every backup), so the hub can tell its later edits from the ones the
    restore rewound, and everything is sent to HR again (docs/bundle-format.md, "Restores")."""
    number = max((_epoch_in(p, key) for p in [staging, *known]), default=0) + 1
    conn = connect_encrypted(staging, key)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")     # one file to fsync and swap in, no -wal beside it
        with conn:
            sync_state.begin_epoch(conn, number)
    finally:
        conn.close()
    with open(staging, "rb+") as fh:
        os.fsync(fh.fileno())


def restore(folder: Path, backup: Path, key: bytes) -> Path | None:
    """Replace the workspace database with `backup`. The workspace must be closed.

    The restored database starts a new sync epoch (see _begin_epoch). Returns the copy kept of
    the database that was replaced (None if it was unreadable).
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
        _begin_epoch(staging, key, [p for p in (db_path, *(b.path for b in list_backups(folder))) if p.exists()])
    except OSError as exc:
        # Nothing was replaced: drop the copies made so far, and say so plainly.
        discard(staging)
        if kept is not None:
            discard(kept)
        if is_disk_full(exc):
            raise disk_full(folder, f"was not restored from {backup.name}") from None
        raise failure(folder / DB_FILE, exc) from None
    except BaseException:
        discard(staging)
        raise
    for suffix in ("-wal", "-shm"):
        (folder / (DB_FILE + suffix)).unlink(missing_ok=True)
    os.replace(staging, db_path)
    fsync_folder(folder)
    return kept
