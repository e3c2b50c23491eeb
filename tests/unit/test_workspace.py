import hashlib
import os
from pathlib import Path

import pytest

from desktop.domain.staff import Staff
from desktop.security.keyfile import WrongPassphrase
from desktop.security.unlock import create_workspace, unlock_workspace
from desktop.store.database import DatabaseDamaged, open_database
from desktop.store.migrations import migrate, schema_version, split_statements
from desktop.store.workspace import DB_FILE, KEY_FILE, WorkspaceError
from tests.conftest import FAST, PASSPHRASE

NAMES = [("Siân", "ap Rhys"), ("Łukasz", "Wójcik"), ("Nguyễn", "Thị Lan"), ("Aoife", "O'Brien")]


def _add_people(ws):
    repo = ws.staff()
    for i, (first, last) in enumerate(NAMES):
        repo.add(Staff(assignment_number=f"1000000{i}", first_name=first, last_name=last,
                       job_title="Paramedic"))


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_database_is_encrypted_and_holds_no_names_in_clear(workspace):
    _add_people(workspace)
    folder = workspace.folder
    # While open (WAL and shared memory present) and after closing.
    for stage in ("open", "closed"):
        data = _all_bytes(folder)
        for first, last in NAMES:
            for name in (first, last):
                for encoding in ("utf-8", "utf-16-le"):
                    assert name.encode(encoding) not in data, f"{name} visible in {stage} workspace"
        assert not (folder / DB_FILE).read_bytes().startswith(b"SQLite format 3")
        if stage == "open":
            workspace.close()


def test_pragmas_wal_full_sync_and_foreign_keys(workspace):
    db = workspace.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with db.atomic():
            db.execute("INSERT INTO cpd_entries (id, staff_id, start_date, title, activity_type, "
                       "created_at, updated_at, change_seq) VALUES ('c', 'nobody', '2026-01-01', 't', "
                       "'other', 'x', 'x', 1)")


def test_wrong_passphrase_is_refused_and_touches_nothing(workspace):
    _add_people(workspace)
    folder = workspace.folder
    workspace.close()
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(WrongPassphrase):
        unlock_workspace(folder, "not the passphrase")
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}
    assert before == after
    with unlock_workspace(folder, PASSPHRASE) as ws:
        assert ws.staff().count() == len(NAMES)


def test_migrations_are_recorded(workspace):
    applied = workspace.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id").fetchall()
    assert [r[0] for r in applied][0] == "001_initial"
    assert schema_version(workspace.db) == applied[-1][0]


def test_pending_migration_backs_up_first_and_runs_in_one_transaction(workspace, tmp_path):
    _add_people(workspace)
    folder = tmp_path / "migrations"
    folder.mkdir()
    from desktop.store.migrations import migration_files
    for path in migration_files():
        (folder / path.name).write_text(path.read_text())
    (folder / "900_add_notes.sql").write_text("CREATE TABLE notes (id TEXT PRIMARY KEY);\n"
                                              "ALTER TABLE staff ADD COLUMN nickname TEXT;\n")
    labels: list[str] = []
    applied = migrate(workspace.db, backup=lambda label: labels.append(label) or workspace.backup(label),
                      folder=folder)
    assert applied == ["900_add_notes"] and labels == ["before-900_add_notes"]
    backups = list((workspace.folder / "backups").glob("*before-900_add_notes.db"))
    assert len(backups) == 1
    # The backup is encrypted with the same key and holds the data as it was before.
    key = workspace._key
    old = open_database(backups[0], key)
    assert old.execute("SELECT count(*) FROM staff").fetchone()[0] == len(NAMES)
    assert "notes" not in old.table_names()
    old.close()
    assert not backups[0].read_bytes().startswith(b"SQLite format 3")

    # A failing migration leaves no trace: neither its changes nor its record.
    (folder / "901_broken.sql").write_text("CREATE TABLE half (id TEXT);\nTHIS IS NOT SQL;\n")
    from desktop.store.driver import DatabaseError
    with pytest.raises(DatabaseError):
        migrate(workspace.db, folder=folder)
    assert "half" not in workspace.db.table_names()
    assert schema_version(workspace.db, folder) == "900_add_notes"


def test_split_statements_keeps_triggers_whole():
    sql = ("CREATE TABLE a (x);\n"
           "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = 1;\n  SELECT 1;\nEND;\n"
           "-- a comment\nCREATE INDEX i ON a (x);\n")
    statements = split_statements(sql)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_create_refuses_a_non_empty_folder_and_leaves_no_staging(tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "something.txt").write_text("keep me")
    with pytest.raises(WorkspaceError, match="not empty"):
        create_workspace(target, PASSPHRASE, "X", "Y", params=FAST)
    assert (target / "something.txt").read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["busy"]


def test_damaged_database_gets_a_clear_message(workspace):
    _add_people(workspace)
    folder = workspace.folder
    workspace.close()
    db_path = folder / DB_FILE
    data = bytearray(db_path.read_bytes())
    for offset in range(0, 64):
        data[offset] ^= 0xFF
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="restore the latest good backup"):
        unlock_workspace(folder, PASSPHRASE)


def test_missing_pieces_are_named(workspace, tmp_path):
    folder = workspace.folder
    workspace.close()
    os.remove(folder / KEY_FILE)
    from desktop.security.keyfile import KeyFileError
    with pytest.raises(KeyFileError, match="key.json is missing"):
        unlock_workspace(folder, PASSPHRASE)
    with pytest.raises(WorkspaceError, match="does not exist"):
        unlock_workspace(tmp_path / "nowhere", PASSPHRASE)
    (tmp_path / "plain").mkdir()
    with pytest.raises(WorkspaceError, match="not an EADR Station workspace"):
        unlock_workspace(tmp_path / "plain", PASSPHRASE)
