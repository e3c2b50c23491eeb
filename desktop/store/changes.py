"""Change sequence numbers: every write stamps its rows so sync can export "everything since N"."""

from __future__ import annotations

import uuid

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
