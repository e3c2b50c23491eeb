"""A full disk and read-only folders, on real (tmpfs) filesystems.

The user must get one clear message naming the file and the cause ("disk full", "read-only"), no
partial file may be left behind, and the workspace must be exactly as it was.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
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
