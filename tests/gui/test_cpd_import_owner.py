"""Importing a portable CPD file through the CPD log's button: another person's file needs an explicit Yes
in a box that names both people, and No (the default) leaves the log as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.domain.staff import Role
from desktop.sync.cpd_portable import export_portable
from tests.gui.modal import answer_next


def two_paramedics(shell):
    people = [p for p in shell.workspace.staff().all() if p.is_active and p.role is Role.PARAMEDIC
              and shell.workspace.cpd().entries(p.id)]
    return people[0], people[1]


def test_another_persons_file_asks_with_both_names_and_no_changes_nothing(unlocked, qtbot, tmp_path, monkeypatch):
    shell = unlocked.shell
    owner, other = two_paramedics(shell)
    path = export_portable(shell.workspace.cpd(), owner, tmp_path / "owner-cpd.zip")
    before = len(shell.workspace.cpd().entries(other.id))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    page = shell.open_learning(other, "profile")
    button = page.profile.import_button
    seen: list = []
    answer_next(qtbot, "No, do not import", seen)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    words = " ".join(str(s) for s in seen)
    assert seen[0] == "A different person's CPD file?"
    assert f"{owner.first_name} {owner.last_name}" in words and f"{other.first_name} {other.last_name}" in words
    assert "owner-cpd.zip" in words and ("default", "No, do not import") in seen
    assert len(shell.workspace.cpd().entries(other.id)) == before

    info: list = []
    answer_next(qtbot, f"Yes, add to {other.display_name}", then=lambda box: answer_next(qtbot, "OK", info))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(info), timeout=5000)
    assert info[0] == "Portable CPD file imported"
    # the owner's entries are theirs in this workspace, so each is refused with the reason, none copied
    assert len(shell.workspace.cpd().entries(other.id)) == before
    assert any("another staff member" in str(s) for s in info)
