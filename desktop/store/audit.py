"""The audit log: who did what, when. Entries hold no health detail."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.dates import now_iso
from desktop.store.changes import new_id, next_seq
from desktop.store.driver import Database


@dataclass(frozen=True)
class AuditEntry:
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str | None
    summary: str


def record(db: Database, actor: str, action: str, entity: str,
           entity_id: str | None, summary: str) -> None:
    """Append one entry. Call inside the write's `db.atomic()` block."""
    db.execute(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, summary, change_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [new_id(), now_iso(), actor, action, entity, entity_id, summary, next_seq(db)],
    )


def entries(db: Database, limit: int | None = None) -> list[AuditEntry]:
    sql = "SELECT at, actor, action, entity, entity_id, summary FROM audit_log ORDER BY rowid DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [AuditEntry(*row) for row in db.execute(sql).fetchall()]
