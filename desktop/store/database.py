"""Open an SQLCipher database with a raw 256-bit key and the pragmas we rely on."""

from __future__ import annotations

from pathlib import Path

from desktop.store.driver import Database, DatabaseError, connect


class DatabaseDamaged(Exception):
    """The key is right but the database file cannot be read."""


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
        raise DatabaseDamaged(f"{path} cannot be read ({exc}); restore the latest good backup") from None
    return conn


def open_database(path: Path, key: bytes) -> Database:
    """The workspace database: WAL, synchronous=FULL (no lost commits on power loss), foreign keys."""
    conn = connect_encrypted(path, key)
    db = Database(conn, execute_plugins=False)
    with db.ensure_autocommit_on():
        db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")
    # A larger page cache (64 MB) keeps bulk writes with random UUID keys from re-encrypting pages.
    db.execute("PRAGMA cache_size=-65536")
    return db


def copy_database(db: Database, key: bytes, target: Path) -> None:
    """An encrypted, consistent copy of a live database via the SQLite backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".partial")
    tmp.unlink(missing_ok=True)
    dest = connect(str(tmp))
    try:
        dest.execute(_key_pragma(key))
        db.conn.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    tmp.replace(target)
