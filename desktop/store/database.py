"""Open an SQLCipher database with a raw 256-bit key and the pragmas we rely on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from desktop.store.driver import Database, DatabaseError, connect
from desktop.store.files import (
    WriteFailed, discard, disk_full, explain, failure, folder_writable, fsync_folder, is_disk_full,
)
from desktop.domain.errors import EadrError

UNLOCK_FULL = "cannot be opened (SQLite needs a little room beside the database to work)"


class DatabaseDamaged(EadrError):
    """The key is right but the database file cannot be read. `problem` says what is wrong without the
    advice, for callers that know whether a good backup exists."""

    ADVICE = "; restore the latest good backup"

    def __init__(self, problem: str):
        super().__init__(problem + self.ADVICE, hint=self.ADVICE.removeprefix("; "))
        self.problem = problem


def _key_pragma(key: bytes) -> str:
    # A raw key ("x'..'") skips SQLCipher's own PBKDF2: the key is already random.
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect_encrypted(path: Path, key: bytes):
    """A DB-API connection to `path`, keyed and checked; raises DatabaseDamaged."""
    conn = connect(str(path))
    try:
        # SQLCipher otherwise prints its own errors to stderr; ours name the file and what to do.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(_key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        conn.close()
        if is_disk_full(exc, path.parent):   # not damage: a restore would only lose newer work
            raise disk_full(path.parent, UNLOCK_FULL) from None
        raise DatabaseDamaged(f"{path} cannot be read ({exc})") from None
    return conn


# Checking every page's HMAC reads the whole file: a few ms for a station's workspace (20 MB for 300 staff
# with five years of CPD), over a second for a trust-sized one. Above this size the GUI checks in the
# background after unlocking instead (ui/session.py), so Home is not held up.
FULL_CHECK_BYTES = 64 * 1024 * 1024


def check_deferred(path: Path) -> bool:
    """Whether opening `path` in the app leaves the full page check to a background thread."""
    try:
        return path.stat().st_size > FULL_CHECK_BYTES
    except OSError:
        return False


def verify_pages(path: Path, key: bytes) -> None:
    """Check every page on a connection of its own (any thread); raises DatabaseDamaged."""
    conn = connect_encrypted(path, key)
    try:
        check_pages(Database(conn, execute_plugins=False), path)
    finally:
        conn.close()


def open_database(path: Path, key: bytes, check: bool = True) -> Database:
    """The workspace database: WAL, synchronous=FULL (no lost commits on power loss), foreign keys.
    `check=False` skips the whole-file page check (the caller runs `verify_pages` itself)."""
    conn = connect_encrypted(path, key)
    db = Database(conn, execute_plugins=False)
    try:
        if check:
            check_pages(db, path)
        with db.ensure_autocommit_on():
            db.execute("PRAGMA journal_mode=WAL")
    except (DatabaseDamaged, WriteFailed):
        conn.close()
        raise
    except DatabaseError as exc:
        conn.close()
        if is_disk_full(exc, path.parent):
            raise disk_full(path.parent, UNLOCK_FULL) from None
        raise
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    # A larger page cache (64 MB) keeps bulk writes with random UUID keys from re-encrypting pages.
    db.execute("PRAGMA cache_size=-65536")
    return db


def check_pages(db: Database, path: Path) -> None:
    """Raise DatabaseDamaged if any page fails SQLCipher's HMAC: flipped bytes anywhere in the file are
    found at unlock, with a clear message, rather than as a malformed-database error mid-task.
    Reads every page once (a few ms for a station, about 0.3 s for 130 MB)."""
    try:
        problems = [row[0] for row in db.execute("PRAGMA cipher_integrity_check").fetchall()]
    except DatabaseError as exc:
        if is_disk_full(exc, path.parent):
            raise disk_full(path.parent, UNLOCK_FULL) from None
        problems = [str(exc)]
    if problems:
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        raise DatabaseDamaged(f"{path} is damaged ({problems[0]}{more})")


def _write_error(target: Path, exc: DatabaseError) -> WriteFailed:
    """SQLite reports a full disk or a read-only folder as its own errors; name the file and the cause."""
    text = str(exc).lower()
    if is_disk_full(exc):
        code = errno.ENOSPC
    elif not folder_writable(target.parent) or "readonly" in text or "read-only" in text:
        code = errno.EROFS
    else:
        code = errno.EIO
    return WriteFailed(target, code, explain(target, code, str(exc)))


def copy_database(db: Database, key: bytes, target: Path) -> None:
    """An encrypted, consistent copy of a live database via the SQLite backup API.

    Made under a temporary name and synced before it is renamed, so an interrupted or failed copy
    never appears as a backup; a failure removes the temporary file and names the target."""
    _copy_connection(db.conn, key, target)


def copy_database_file(path: Path, key: bytes, target: Path) -> None:
    """`copy_database` from a connection of its own to `path` (any thread: the app backs up in the
    background while its own connection stays on the GUI thread). WAL lets it read while the app writes."""
    conn = connect_encrypted(path, key)
    try:
        _copy_connection(conn, key, target)
    finally:
        conn.close()


def _copy_connection(conn, key: bytes, target: Path) -> None:
    tmp = target.with_suffix(target.suffix + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        dest = connect(str(tmp))
        try:
            dest.execute(_key_pragma(key))
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        tmp.replace(target)
        fsync_folder(target.parent)
    except OSError as exc:
        discard(tmp)
        raise failure(target, exc) from None
    except DatabaseError as exc:
        discard(tmp)
        raise _write_error(target, exc) from None
