"""A workspace database with flipped bytes: a clear message, and the latest good (verified) backup offered.

Bytes are flipped in the closed eadr.db at several places (the first page's salt, the second page, the
middle, the last page). Opening must say the file is damaged rather than fail later mid-task; the CLI
names the latest good backup and restores it; the app asks whether to restore it and does so.
Nothing that was in the workspace when it was last closed (and so backed up) may be lost.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.faults.harness import build_demo_workspace, copy_of, integrity, lost, run_cli, snapshot

PLACES = {"first page (salt)": lambda size: 20, "second page": lambda size: 4096 + 200,
          "middle page": lambda size: size // 2, "last page": lambda size: size - 200}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_demo_workspace(tmp_path_factory.mktemp("damaged") / "demo")


def flip(folder: Path, place: str) -> bytes:
    path = folder / "eadr.db"
    data = bytearray(path.read_bytes())
    at = PLACES[place](len(data))
    data[at] ^= 0xFF
    data[at + 1] ^= 0x01
    path.write_bytes(bytes(data))
    return bytes(data)


def _backups(folder: Path) -> list[Path]:
    return sorted((folder / "backups").glob("*.db"))


@pytest.mark.parametrize("place", list(PLACES))
def test_cli_names_the_latest_good_backup_and_restores_it(template, tmp_path, faults, place):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    [good] = _backups(ws)
    flip(ws, place)

    opened = run_cli(tmp_path, "staff", "list", "--workspace", ws)
    restored = run_cli(tmp_path, "backup", "restore", good, "--workspace", ws)
    after = snapshot(ws) if restored.returncode == 0 else {}
    faults.tried(f"flipped bytes in eadr.db ({place}), restored from the CLI", lost(before, after))

    assert opened.returncode == 1 and opened.stdout == ""
    assert opened.stderr.count("\n") == 1 and "Traceback" not in opened.stderr
    assert str(ws / "eadr.db") in opened.stderr
    assert "damaged" in opened.stderr or "cannot be read" in opened.stderr
    assert f"backup restore {good}" in opened.stderr, opened.stderr
    assert restored.returncode == 0, restored.stderr
    assert lost(before, after) == 0 and integrity(ws) == "ok"
    assert any(p.name.endswith("damaged-before-restore.db") for p in _backups(ws)), "the damaged file was not kept"
    assert run_cli(tmp_path, "staff", "list", "--workspace", ws).returncode == 0


def _window(qtbot, folder: Path):
    from desktop.ui.main_window import MainWindow
    window = MainWindow(folder, folder)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_app_offers_the_latest_good_backup_and_restores_it(template, tmp_path, faults, qtbot, monkeypatch):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    [good] = _backups(ws)
    # A newer backup that is itself damaged (cut short): it must be skipped, not offered.
    newer = ws / "backups" / "20991231-235959-auto.db"
    newer.write_bytes(good.read_bytes()[:8192])
    damaged = flip(ws, "middle page")
    asked: list[str] = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", answer)

    window = _window(qtbot, ws)
    window.unlock.passphrase.setText("demo")
    window.unlock.button.click()
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    if window.shell is not None:
        window.shell.team.ensure_loaded()
    shown = window.shell.team.model.rowCount() if window.shell is not None else 0
    window.close_workspace()
    after = snapshot(ws)
    faults.tried("flipped bytes in eadr.db, restored from the app", lost(before, after))

    assert len(asked) == 1, "the app did not offer a backup"
    assert "damaged" in asked[0] and str(ws / "eadr.db") in asked[0]
    from desktop.store.backups import list_backups
    offered = next(b for b in list_backups(ws) if b.path == good)
    assert offered.describe() in asked[0], "the offer does not name the backup that was checked"
    assert window.shell is None and shown > 0, "the app did not open the restored workspace"
    assert lost(before, after) == 0 and integrity(ws) == "ok"
    kept = [p for p in _backups(ws) if p.name.endswith("damaged-before-restore.db")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged, "the damaged file was not kept as it was"
    from desktop.store.audit import entries
    from desktop.security.unlock import unlock_workspace
    with unlock_workspace(ws, "demo") as again:
        assert any(e.action == "restore" and good.name in e.summary and "damaged" in e.summary
                   for e in entries(again.db, limit=5))


def test_declining_the_offer_changes_nothing(template, tmp_path, faults, qtbot, monkeypatch):
    ws = copy_of(template, tmp_path / "ws")
    damaged = flip(ws, "second page")
    files = sorted(p.name for p in ws.rglob("*"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window = _window(qtbot, ws)
    window.unlock.passphrase.setText("demo")
    window.unlock.button.click()
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    faults.tried("flipped bytes in eadr.db, restore declined", 0)
    assert window.shell is None
    assert "Not restored" in window.unlock.error.text() and "damaged" in window.unlock.error.text()
    assert (ws / "eadr.db").read_bytes() == damaged
    assert sorted(p.name for p in ws.rglob("*") if p.name != "workspace.lock") == files   # the lock is the app's


def test_no_good_backup_says_so(template, tmp_path, qtbot):
    ws = copy_of(template, tmp_path / "ws")
    shutil.rmtree(ws / "backups")
    flip(ws, "last page")
    window = _window(qtbot, ws)
    window.unlock.passphrase.setText("demo")
    window.unlock.button.click()
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    assert window.shell is None
    assert "No backup of this workspace passes its check" in window.unlock.error.text()


def test_a_large_workspace_is_checked_in_the_background_and_damage_locks_it(template, tmp_path, faults, qtbot,
                                                                           monkeypatch):
    """Above FULL_CHECK_BYTES the app shows Home at once and checks every page on a thread of its own;
    damage found there locks the workspace, and the next unlock offers the latest good backup."""
    import desktop.store.database as database
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    flip(ws, "last page")
    monkeypatch.setattr(database, "FULL_CHECK_BYTES", 0)   # treat the demo as a trust-sized file
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    window = _window(qtbot, ws)
    window.unlock.passphrase.setText("demo")
    window.unlock.button.click()
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    assert window.shell is not None and window.shell.pages.currentWidget() is window.shell.home   # at once
    qtbot.waitUntil(lambda: bool(warned), timeout=10000)
    assert "damaged" in warned[0] and "Unlock again" in warned[0]
    qtbot.waitUntil(lambda: window.shell is None, timeout=5000)
    assert window.unlock.check_fully and "damaged" in window.unlock.notice.text()

    window.unlock.passphrase.setText("demo")
    window.unlock.button.click()                 # now the whole file is checked first: the backup is offered
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    assert window.shell is not None
    window.close_workspace()
    after = snapshot(ws)
    faults.tried("flipped bytes in a large eadr.db, found by the background check", lost(before, after))
    assert lost(before, after) == 0 and integrity(ws) == "ok"
