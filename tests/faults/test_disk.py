"""A full disk and read-only folders, on real (tmpfs) filesystems.

The user must get one clear message naming the file and the cause ("disk full", "read-only"), no
partial file may be left behind, and the workspace must be exactly as it was.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.faults.harness import (
    build_demo_workspace, copy_of, file_hashes, fill, integrity, lost, remount_read_only, run_cli, snapshot, tmpfs,
)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="mounts a tmpfs")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_demo_workspace(tmp_path_factory.mktemp("disk") / "demo")


def _one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr


def test_disk_full_during_pdf_export(template, tmp_path, faults):
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    with tmpfs(tmp_path / "stick", "300k") as stick:
        fill(stick, 16_384)
        target = stick / "forms.pdf"
        result = run_cli(tmp_path, "print", "blanks", "--weeks", 520, "--workspace", ws, "--out", target)
        after = snapshot(ws)
        faults.tried("disk full during a PDF export", lost(before, after))
        assert result.returncode == 1
        message = _one_line(result.stderr)
        assert str(target) in message and "disk full" in message
        assert sorted(p.name for p in stick.iterdir()) == ["filler.bin"], "a partial file was left"
    assert after == before, "the database changed although nothing was saved"
    assert integrity(ws) == "ok"


def test_disk_full_during_subject_access_export(template, tmp_path, faults):
    ws = copy_of(template, tmp_path / "ws")
    number = json.loads(run_cli(tmp_path, "staff", "list", "--workspace", ws, "--json").stdout)[0][
        "assignment_number"]
    before = snapshot(ws)
    with tmpfs(tmp_path / "stick", "300k") as stick:
        fill(stick, 8_192)
        result = run_cli(tmp_path, "subject-access", "--staff", number, "--workspace", ws, "--out", stick)
        after = snapshot(ws)
        faults.tried("disk full during a subject access export", lost(before, after))
        assert result.returncode == 1
        message = _one_line(result.stderr)
        assert f"subject-access-{number}" in message and "disk full" in message
        assert sorted(p.name for p in stick.iterdir()) == ["filler.bin"], "a partial or lone file was left"
    assert after == before


def test_disk_full_during_a_backup(template, tmp_path, faults):
    with tmpfs(tmp_path / "disk", "4m") as disk:
        ws = copy_of(template, disk / "ws")
        listed = sorted(p.name for p in (ws / "backups").iterdir())
        before = snapshot(ws)
        fill(disk, 128_000)
        result = run_cli(tmp_path, "backup", "create", "--workspace", ws)
        after = snapshot(ws)
        faults.tried("disk full during a backup", lost(before, after))
        assert result.returncode == 1
        message = _one_line(result.stderr)
        assert str(ws / "backups") in message and "disk full" in message
        assert sorted(p.name for p in (ws / "backups").iterdir()) == listed, "a partial backup was left"
        assert lost(before, after) == 0 and integrity(ws) == "ok"
        (disk / "filler.bin").unlink()
        assert run_cli(tmp_path, "backup", "create", "--workspace", ws).returncode == 0


def test_disk_full_when_saving_from_the_app(template, tmp_path, faults, qtbot, monkeypatch):
    from desktop.ui.main_window import MainWindow
    ws = copy_of(template, tmp_path / "ws")
    before = snapshot(ws)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    with tmpfs(tmp_path / "stick", "300k") as stick:
        fill(stick, 4_096)
        target = stick / "Team list.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
        window = MainWindow(ws, ws)
        qtbot.addWidget(window)
        window.show()
        window.unlock.passphrase.setText("demo")
        window.unlock.try_unlock()
        assert window.shell is not None
        window.export_action.trigger()
        window.close_workspace()
        after = snapshot(ws)
        faults.tried("disk full when saving a PDF from the app", lost(before, after))
        assert len(warnings) == 1 and str(target) in warnings[0] and "disk full" in warnings[0], warnings
        assert sorted(p.name for p in stick.iterdir()) == ["filler.bin"]
    assert lost(before, after) == 0


def test_read_only_output_folder(template, tmp_path, faults):
    ws = copy_of(template, tmp_path / "ws")
    number = json.loads(run_cli(tmp_path, "staff", "list", "--workspace", ws, "--json").stdout)[0][
        "assignment_number"]
    before = snapshot(ws)
    with tmpfs(tmp_path / "share", "1m") as share:
        remount_read_only(share)
        pdf = run_cli(tmp_path, "print", "eadr", "--blank", "--staff", number, "--workspace", ws,
                      "--out", share / "blank.pdf")
        sar = run_cli(tmp_path, "subject-access", "--staff", number, "--workspace", ws, "--out", share)
        after = snapshot(ws)
        faults.tried("read-only output folder (PDF and subject access)", lost(before, after))
        for result, name in ((pdf, "blank.pdf"), (sar, f"subject-access-{number}")):
            assert result.returncode == 1
            message = _one_line(result.stderr)
            assert name in message and "read-only" in message and ".partial" not in message
        assert list(share.iterdir()) == []
    assert after == before, "a refused export changed the workspace (the blank form's planned EADR stayed)"


def test_read_only_workspace_folder(template, tmp_path, faults, qtbot):
    from desktop.ui.main_window import MainWindow
    with tmpfs(tmp_path / "stick", "4m") as stick:
        ws = copy_of(template, stick / "ws")
        before, hashes = snapshot(ws), file_hashes(ws)
        remount_read_only(stick)
        result = run_cli(tmp_path, "staff", "list", "--workspace", ws)
        window = MainWindow(ws, ws)
        qtbot.addWidget(window)
        window.show()
        refusal = window.unlock.error.text()
        can_type = window.unlock.passphrase.isEnabled()
        window.close()
        unchanged = file_hashes(ws) == hashes
        subprocess_ok = result.returncode == 1
        remount_read_only(stick, False)   # the workspace as it is once the stick is writable again
        after = snapshot(ws)
        faults.tried("read-only workspace folder (CLI and app)", lost(before, after))
        assert subprocess_ok, result.stdout + result.stderr
        message = _one_line(result.stderr)
        assert str(ws) in message and "read-only" in message and "backup" not in message
        assert "read-only" in refusal and not can_type
        assert unchanged, "files in a read-only workspace changed"
    assert lost(before, after) == 0


# --- every write path on a full disk (issue 13, point 8) ------------------------------------------------
NOT_DAMAGE = ("damaged", "backup restore", "restore the latest", "cannot be read")


def _disk_full_line(result) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    message = _one_line(result.stderr)
    assert "disk full" in message and "Free some space" in message, message
    return message


def _big_roster(path: Path, rows: int = 3000) -> Path:
    path.write_text("Assignment Number,First Name,Last Name,Position\n"
                    + "".join(f"7{i:07d},Person{i},Surname{i},Paramedic\n" for i in range(rows)), encoding="utf-8")
    return path


def test_disk_full_during_a_roster_import(template, tmp_path, faults):
    roster = _big_roster(tmp_path / "roster.csv")
    with tmpfs(tmp_path / "disk", "24m") as disk:
        ws = copy_of(template, disk / "ws")
        before = snapshot(ws)
        filler = fill(disk, 120_000)
        result = run_cli(tmp_path, "roster", "import", roster, "--workspace", ws)
        filler.unlink()
        after = snapshot(ws)
        faults.tried("disk full during a roster import", lost(before, after))
        message = _disk_full_line(result)
        assert str(ws) in message and not any(w in message for w in NOT_DAMAGE), message
        assert after == before and integrity(ws) == "ok", "a roster import cut short by a full disk changed data"
        assert run_cli(tmp_path, "roster", "import", roster, "--workspace", ws).returncode == 0


@pytest.mark.parametrize("leave", [0, 36_000], ids=["no room at all", "room for the lock but not the log"])
def test_disk_full_at_unlock_is_not_called_damage(template, tmp_path, faults, qtbot, monkeypatch, leave):
    from desktop.ui.main_window import MainWindow
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(str(a[2])) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(str(a[2])))
    with tmpfs(tmp_path / "disk", "4m") as disk:
        ws = copy_of(template, disk / "ws")
        before = snapshot(ws)
        filler = fill(disk, leave)
        listed = run_cli(tmp_path, "staff", "list", "--workspace", ws)
        backup = run_cli(tmp_path, "backup", "create", "--workspace", ws)
        window = MainWindow(ws, ws)
        qtbot.addWidget(window)
        window.show()
        shown = window.unlock.error.text()
        if window.unlock.passphrase.isEnabled():
            window.unlock.passphrase.setText("demo")
            qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
            shown = window.unlock.error.text()
        opened = window.shell is not None
        window.close()
        filler.unlink()
        after = snapshot(ws)
        faults.tried(f"disk full at unlock ({'no room' if not leave else 'a little room'}; CLI and app)",
                     lost(before, after))
        for result in (listed, backup):
            message = _disk_full_line(result)
            assert str(ws) in message and not any(w in message for w in NOT_DAMAGE), message
        assert not opened and "disk full" in shown and not any(w in shown.lower() for w in NOT_DAMAGE), shown
        assert not [a for a in asked if "restore" in a.lower()], asked
        assert after == before and integrity(ws) == "ok"
        assert run_cli(tmp_path, "staff", "list", "--workspace", ws).returncode == 0


def test_disk_full_while_making_the_demo_leaves_no_half_made_workspace(tmp_path, faults):
    with tmpfs(tmp_path / "disk", "2m") as disk:
        fill(disk, 400_000)
        result = run_cli(tmp_path, "demo", "--workspace", disk / "demo", "--staff", 40)
        left = sorted(p.name for p in disk.iterdir())
        faults.tried("disk full while making the demo workspace", 0 if left == ["filler.bin"] else 1)
        message = _disk_full_line(result)
        assert "demo" in message
        assert left == ["filler.bin"], f"a half-made workspace was left: {left}"


@pytest.fixture(scope="module")
def hub_and_bundles(tmp_path_factory):
    from desktop.sync import station
    from tests.unit.syncing import enrolled_workspace, make_hub
    root = tmp_path_factory.mktemp("hub-disk")
    hub = make_hub(root / "hub")
    bundles = []
    for code, seed in (("IPS", 1), ("COL", 2)):
        workspace = enrolled_workspace(root, hub, code, staff=30, seed=seed)
        bundles.append(station.export_bundle(workspace, root / f"out-{code}"))
        if code == "IPS":
            workspace.close()
            keep = root / f"ws-{code}-{seed}"
    hub.close()
    workspace.close()
    return root / "hub", bundles, keep


def _hub_rows(folder: Path) -> dict:
    from desktop.hub.service import Hub
    from tests.unit.syncing import HUB_PASSPHRASE
    with Hub.open(folder, HUB_PASSPHRASE, exclusive=False) as hub:
        db = hub.store.db
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                           "'sqlite_%'")]
        return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}


def test_disk_full_during_a_hub_import(hub_and_bundles, tmp_path, faults):
    from tests.unit.syncing import HUB_PASSPHRASE
    hub, bundles, _ws = hub_and_bundles
    with tmpfs(tmp_path / "disk", "32m") as disk:
        copy = shutil.copytree(hub, disk / "hub")
        before = _hub_rows(copy)
        filler = fill(disk, 60_000)
        result = run_cli(tmp_path, "hub", "import", "--hub", copy, *bundles, passphrase=HUB_PASSPHRASE)
        filler.unlink()
        after = _hub_rows(copy)
        faults.tried("disk full during a hub import of two bundles", 0 if after == before else 1)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        lines = (result.stdout + result.stderr).strip().splitlines()
        assert all("disk full" in line for line in lines) and len(lines) in (1, 2), lines
        assert after == before, "a hub import cut short by a full disk left part of itself"
        again = run_cli(tmp_path, "hub", "import", "--hub", copy, *bundles, passphrase=HUB_PASSPHRASE)
        assert again.returncode == 0 and again.stdout.count(": applied") == 2, again.stdout + again.stderr


def test_disk_full_during_a_bundle_export(hub_and_bundles, tmp_path, faults):
    _hub, _bundles, template_ws = hub_and_bundles
    ws = copy_of(template_ws, tmp_path / "ws")
    before = snapshot(ws)
    status = run_cli(tmp_path, "bundle", "status", "--workspace", ws, "--json").stdout
    with tmpfs(tmp_path / "stick", "1m") as stick:
        fill(stick, 8_192)
        result = run_cli(tmp_path, "bundle", "export", "--workspace", ws, "--out", stick)
        left = sorted(p.name for p in stick.iterdir())
    after = snapshot(ws)
    faults.tried("disk full during a bundle export", lost(before, after))
    message = _disk_full_line(result)
    assert str(tmp_path / "stick") in message
    assert left == ["filler.bin"], f"a partial bundle was left: {left}"
    assert lost(before, after) == 0
    assert run_cli(tmp_path, "bundle", "status", "--workspace", ws, "--json").stdout == status, \
        "a bundle that was never written is waiting for an acknowledgement"


def test_disk_full_during_a_restore(template, tmp_path, faults):
    with tmpfs(tmp_path / "disk", "4m") as disk:
        ws = copy_of(template, disk / "ws")
        [backup] = sorted((ws / "backups").glob("*.db"))
        listed = sorted(p.name for p in (ws / "backups").iterdir())
        names = sorted(p.name for p in ws.iterdir())
        before = snapshot(ws)
        filler = fill(disk, 200_000)
        result = run_cli(tmp_path, "backup", "restore", backup, "--workspace", ws)
        filler.unlink()
        after = snapshot(ws)
        faults.tried("disk full during a restore", lost(before, after))
        message = _disk_full_line(result)
        assert str(ws) in message and backup.name in message
        assert sorted(p.name for p in (ws / "backups").iterdir()) == listed, "a partial copy was left in backups/"
        assert sorted(p.name for p in ws.iterdir() if p.name != "workspace.lock") == names
        assert after == before and integrity(ws) == "ok"


def test_disk_full_writing_a_hub_report(hub_and_bundles, tmp_path, faults):
    from tests.unit.syncing import HUB_PASSPHRASE
    hub, _bundles, _ws = hub_and_bundles
    with tmpfs(tmp_path / "stick", "300k") as stick:
        fill(stick, 0)
        result = run_cli(tmp_path, "hub", "report", "compliance", "--hub", hub, "--out", stick / "compliance.csv",
                         passphrase=HUB_PASSPHRASE)
        left = sorted(p.name for p in stick.iterdir())
    faults.tried("disk full writing a hub report CSV", 0)
    message = _disk_full_line(result)
    assert "compliance.csv" in message and left == ["filler.bin"], (message, left)


def test_disk_full_during_autosave_in_the_app(template, tmp_path, faults, qtbot, monkeypatch):
    from desktop.domain.conversation import Kind
    from desktop.ui.main_window import MainWindow
    from tests.gui.conftest import type_text
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    with tmpfs(tmp_path / "disk", "8m") as disk:
        ws = copy_of(template, disk / "ws")
        before = snapshot(ws)
        window = MainWindow(ws, ws)
        qtbot.addWidget(window)
        window.show()
        window.unlock.passphrase.setText("demo")
        qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
        assert window.shell is not None
        shell = window.shell
        person = next(p for p in shell.team.repo.all() if p.is_active
                      and shell.team.conversations.open_for(p.id) is None)
        page = shell.open_conversation(person, Kind.EADR)
        filler = fill(disk, 0)
        notes = page.sections[0].notes
        type_text(notes, "Tired after nights " * 20)
        qtbot.waitUntil(lambda: page.saved_label.text() != "Unsaved changes…", timeout=5000)   # autosave
        refused = page.saved_label.text()
        filler.unlink()
        type_text(notes, "and days")
        qtbot.waitUntil(lambda: page.saved_label.text() != "Unsaved changes…", timeout=5000)
        saved = page.saved_label.text()
        stored = shell.workspace.conversations().open_for(person.id)
        window.close_workspace()
        after = snapshot(ws)
        faults.tried("disk full during autosave in the app", lost(before, after))
        assert "disk full" in refused, refused
        assert len(warnings) == 1 and "disk full" in warnings[0] and "Free some space" in warnings[0], warnings
        assert saved.startswith("Saved"), saved
        assert stored is not None and stored.private_notes.startswith("Tired after nights")
        assert lost(before, after) == 0


def test_disk_full_under_the_workspace_during_a_bundle_export(hub_and_bundles, tmp_path, faults):
    """The bundle is written to the stick but cannot be recorded as sent (the workspace's disk filled up in
    between): it must not be left for HR, and the next export must work."""
    from desktop.security.unlock import unlock_workspace
    from desktop.store.files import is_disk_full
    from desktop.sync import station
    _hub, _bundles, template_ws = hub_and_bundles
    out = tmp_path / "stick"
    out.mkdir()
    with tmpfs(tmp_path / "disk", "32m") as disk:
        ws = copy_of(template_ws, disk / "ws")
        before = snapshot(ws)
        status = run_cli(tmp_path, "bundle", "status", "--workspace", ws, "--json").stdout
        workspace = unlock_workspace(ws, "demo")
        filler = fill(disk, 0)
        with pytest.raises(Exception) as refused:
            station.export_bundle(workspace, out)
        left = sorted(p.name for p in out.iterdir())
        filler.unlink()
        workspace.close()
        after = snapshot(ws)
        faults.tried("disk full under the workspace during a bundle export", lost(before, after))
        assert is_disk_full(refused.value), refused.value
        assert left == [], f"a bundle the station does not know it sent was left for HR: {left}"
        assert lost(before, after) == 0 and integrity(ws) == "ok"
        assert run_cli(tmp_path, "bundle", "status", "--workspace", ws, "--json").stdout == status
        assert run_cli(tmp_path, "bundle", "export", "--workspace", ws, "--out", out).returncode == 0


def test_disk_full_during_a_restore_in_the_app(template, tmp_path, faults, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from desktop.ui.dialogs.restore import RestoreDialog
    from desktop.ui.main_window import MainWindow
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with tmpfs(tmp_path / "disk", "4m") as disk:
        ws = copy_of(template, disk / "ws")
        listed = sorted(p.name for p in (ws / "backups").iterdir())
        before = snapshot(ws)
        window = MainWindow(ws, ws)
        qtbot.addWidget(window)
        window.show()
        window.unlock.passphrase.setText("demo")
        qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
        assert window.shell is not None
        filler = fill(disk, 150_000)
        window.restore_action.trigger()
        qtbot.waitUntil(lambda: "Not restored" in window.unlock.notice.text(), timeout=30000)   # in the background
        notice = window.unlock.notice.text()
        on_unlock_page = window.stack.currentWidget() is window.unlock
        filler.unlink()
        window.close()
        after = snapshot(ws)
        faults.tried("disk full during a restore in the app", lost(before, after))
        assert on_unlock_page and "Not restored" in notice and "disk full" in notice, notice
        assert sorted(p.name for p in (ws / "backups").iterdir()) == listed, "a partial copy was left in backups/"
        assert lost(before, after) == 0 and integrity(ws) == "ok"


def test_disk_full_under_the_hub_while_writing_a_reference_bundle(hub_and_bundles, tmp_path, faults):
    """The reference bundle is written but its version cannot be recorded: the file must not be left, or
    the next one would carry the same version with other contents."""
    from desktop.hub.service import Hub
    from desktop.store.files import is_disk_full
    from tests.unit.syncing import HUB_PASSPHRASE
    hub, bundles, _ws = hub_and_bundles
    out = tmp_path / "out"
    out.mkdir()
    with tmpfs(tmp_path / "disk", "32m") as disk:
        copy = shutil.copytree(hub, disk / "hub")
        assert run_cli(tmp_path, "hub", "import", "--hub", copy, bundles[0], passphrase=HUB_PASSPHRASE).returncode == 0
        before = _hub_rows(copy)
        with Hub.open(copy, HUB_PASSPHRASE) as opened:
            filler = fill(disk, 0)
            with pytest.raises(Exception) as refused:
                opened.reference_bundle("IPS", out)
            left = sorted(p.name for p in out.iterdir())
            filler.unlink()
        after = _hub_rows(copy)
        faults.tried("disk full under the hub while writing a reference bundle", 0 if after == before else 1)
        assert is_disk_full(refused.value), refused.value
        assert left == [], f"a reference bundle the hub did not record was left: {left}"
        assert after == before
        done = run_cli(tmp_path, "hub", "reference", "--hub", copy, "--station", "IPS", "--out", out,
                       passphrase=HUB_PASSPHRASE)
        assert done.returncode == 0 and done.stdout.strip().endswith("IPS-reference-000001.eadr-bundle"), done.stdout
