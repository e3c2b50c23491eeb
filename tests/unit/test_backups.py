import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.domain.staff import Staff
from desktop.security.unlock import unlock_workspace
from desktop.store.backups import Backup, BackupError, list_backups, to_remove
from tests.conftest import PASSPHRASE


def test_rotation_keeps_12_daily_10_weekly_9_monthly_and_never_hand_made_ones(tmp_path):
    start = datetime(2026, 11, 23, 12, 0)
    backups = [Backup(tmp_path / f"{i}.db", start - timedelta(hours=6 * i), "auto") for i in range(4 * 400)]
    backups.append(Backup(tmp_path / "manual.db", start - timedelta(days=900), "manual"))
    backups.append(Backup(tmp_path / "migration.db", start - timedelta(days=800), "before-002_conversations"))
    removed = {b.path for b in to_remove(backups)}
    kept = [b for b in backups if b.path not in removed]
    auto = [b for b in kept if b.kind == "auto"]
    assert len({b.taken_at.date() for b in auto}) >= 12
    assert len({(b.taken_at.year, b.taken_at.month) for b in auto}) == 9
    assert len(auto) <= 3 + 12 + 10 + 9
    assert tmp_path / "manual.db" not in removed and tmp_path / "migration.db" not in removed
    assert max(b.taken_at for b in kept) == start   # the newest is always kept


def test_backup_is_encrypted_and_restore_round_trips_exactly(workspace):
    repo = workspace.staff()
    repo.add(Staff("11111111", "Siân", "Evans"))
    path = workspace.take_backup("manual")
    assert not path.read_bytes().startswith(b"SQLite format 3") and b"Evans" not in path.read_bytes()
    repo.add(Staff("22222222", "Łukasz", "Nowak"))
    kept = workspace.close_and_restore(path)
    with unlock_workspace(workspace.folder, PASSPHRASE) as again:
        assert [p.last_name for p in again.staff().all()] == ["Evans"]
        assert again.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        from desktop.store.audit import entries
        assert any(e.summary.startswith(f"Restored from backup {path.name}") for e in entries(again.db, limit=5))
    assert kept is not None and kept.name.endswith("before-restore.db")
    # the data that was replaced is itself restorable
    workspace_again = unlock_workspace(workspace.folder, PASSPHRASE)
    workspace_again.close_and_restore(kept)
    with unlock_workspace(workspace.folder, PASSPHRASE) as undone:
        assert {p.last_name for p in undone.staff().all()} == {"Evans", "Nowak"}


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign"])
def test_a_bad_backup_is_refused_and_nothing_changes(workspace, tmp_path, damage):
    workspace.staff().add(Staff("11111111", "Siân", "Evans"))
    good = workspace.take_backup("manual")
    bad = tmp_path / "bad.db"
    data = bytearray(good.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        for offset in range(5000, 5100):
            data[offset] ^= 0x5A
    else:
        from desktop.security.unlock import create_workspace
        from tests.conftest import FAST
        other = create_workspace(tmp_path / "other", PASSPHRASE, "Elsewhere", "X", params=FAST)
        data = bytearray(other.take_backup("manual").read_bytes())
        other.close()
    bad.write_bytes(bytes(data))
    files_before = sorted(p.name for p in workspace.folder.rglob("*"))
    def rows():
        return [(t, workspace.db.execute(f"SELECT * FROM [{t}] ORDER BY rowid").fetchall())
                for t in workspace.db.table_names()]
    rows_before = rows()
    with pytest.raises(BackupError):
        workspace.close_and_restore(bad)
    assert workspace.staff().count() == 1   # still open and intact
    assert rows() == rows_before
    assert sorted(p.name for p in workspace.folder.rglob("*")) == files_before   # no copy made, nothing moved


def test_backup_only_when_something_changed(workspace):
    assert workspace.backup_if_changed("auto") is not None
    assert workspace.backup_if_changed("auto") is None
    workspace.staff().add(Staff("11111111", "Siân", "Evans"))
    assert workspace.backup_if_changed("auto") is not None
    assert [b.kind for b in list_backups(workspace.folder)] == ["auto", "auto"]


def test_cli_backup_create_list_restore(demo_folder, tmp_path):
    import os
    env = {**os.environ, "EADR_PASSPHRASE": "demo"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "desktop", *args, "--workspace", str(demo_folder)],
                              env=env, capture_output=True, text=True)
    made = run("backup", "create")
    assert made.returncode == 0, made.stderr
    listed = run("backup", "list", "--json")
    assert Path(made.stdout.strip()).name in listed.stdout
    restored = run("backup", "restore", made.stdout.strip())
    assert restored.returncode == 0 and "Restored" in restored.stdout
    (tmp_path / "junk.db").write_bytes(b"\0" * 4096)
    refused = run("backup", "restore", str(tmp_path / "junk.db"))
    assert refused.returncode == 1 and "nothing was changed" in refused.stderr
    assert refused.stderr.count("\n") == 1


def test_a_background_backup_copies_on_its_own_connection_and_is_remembered_on_the_first(workspace):
    """The app's backup: read on the database's thread, copied on another thread with a connection of its own
    (SQLite connections refuse a second thread), then recorded back on the first."""
    import threading

    from desktop.store import backups
    workspace.staff().add(Staff("11111111", "Siân", "Evans"))
    pending = workspace.prepare_backup("auto", only_if_changed=True)
    assert pending is not None and not pending.target.exists()
    written: list[Path] = []
    worker = threading.Thread(target=lambda: written.append(pending.write()))
    worker.start()
    worker.join(60)
    assert written == [pending.target] and pending.target.is_file()
    workspace.finish_backup(pending)
    assert workspace.prepare_backup("auto", only_if_changed=True) is None   # nothing changed since
    backups.verify(pending.target, workspace.database_key)
    kept = workspace.close_and_restore(pending.target)
    assert kept is not None
    with unlock_workspace(workspace.folder, PASSPHRASE) as again:
        assert [p.last_name for p in again.staff().all()] == ["Evans"]
