"""Change sequence numbers: every write stamps its rows so sync can export "everything since N"."""

from __future__ import annotations

import uuid

from desktop.domain.dates import now_iso

from desktop.store.driver import Database


def new_id() -> str:
    return str(uuid.uuid4())


def next_seq(db: Database, count: int = 1) -> int:
    """Reserve `count` consecutive sequence numbers; returns the first.

    Call inside the write's own `db.atomic()` block so the numbers and the rows
    commit (or vanish) together.
    """
    row = db.execute(
        "UPDATE counters SET value = value + ? WHERE name = 'change_seq' RETURNING value",
        [count],
    ).fetchone()
    return int(row[0]) - count + 1


def current_seq(db: Database) -> int:
    return int(db.execute("SELECT value FROM counters WHERE name = 'change_seq'").fetchone()[0])


def tombstone(db: Database, record_id: str, table: str) -> None:
    """Note a deletion so sync can pass it on. Call inside the deleting `db.atomic()` block."""
    db.execute("INSERT OR REPLACE INTO tombstones (id, entity, deleted_at, change_seq) VALUES (?, ?, ?, ?)",
               [record_id, table, now_iso(), next_seq(db)])
