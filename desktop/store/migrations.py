"""Schema migrations: the plain SQL files in db/, applied in name order and recorded.

Each file runs inside one transaction together with its record (sqlite-utils'
Migrations), so a failed migration leaves no trace. Before any pending migration
touches a database that already has data, the whole database is copied aside.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.paths import migrations_dir
from desktop.store.driver import Database, complete_statement
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "eadr-station"


def split_statements(sql: str) -> list[str]:
    """Split a script into complete statements (triggers' BEGIN…END stay whole).

    Not executescript(): it commits first, which would break the one-transaction
    guarantee.
    """
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if complete_statement(buffer):
            if buffer.strip().strip(";").strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement at the end: {buffer.strip()[:60]}")
    return statements


def migration_files(folder: Path | None = None) -> list[Path]:
    return sorted((folder or migrations_dir()).glob("[0-9][0-9][0-9]_*.sql"))


def _runner(path: Path) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        for statement in split_statements(path.read_text(encoding="utf-8")):
            db.execute(statement)
    run.__name__ = path.stem
    return run


def build(folder: Path | None = None) -> Migrations:
    migrations = Migrations(MIGRATION_SET)
    for path in migration_files(folder):
        migrations(name=path.stem)(_runner(path))
    return migrations


def schema_version(db: Database, folder: Path | None = None) -> str | None:
    applied = build(folder).applied(db)
    return applied[-1].name if applied else None


def migrate(db: Database, backup: Callable[[str], object] | None = None,
            folder: Path | None = None) -> list[str]:
    """Apply pending migrations; call `backup(label)` first if the database has any.

    Returns the names applied.
    """
    migrations = build(folder)
    pending = [m.name for m in migrations.pending(db)]
    if not pending:
        return []
    if backup is not None and migrations.applied(db):
        backup(f"before-{pending[0]}")
    migrations.apply(db)
    return pending
