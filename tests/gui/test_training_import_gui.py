"""Import training from ESR, from the CPD & training page: the course the file names is matched by choosing
it in the dialog, the preview shows each row, Import writes them; the choice is remembered next time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.domain.staff import Role, Staff
from desktop.sync.training_import import Outcome
from desktop.ui.dialogs.training_import import TrainingImportDialog
from tests.gui.conftest import click, go_to_page

PEOPLE = [("70000001", "Siân", "Evans", Role.PARAMEDIC), ("70000002", "Łukasz", "Wójcik", Role.EMT),
          ("70000003", "Aoife", "O'Brien", Role.MANAGER), ("70000004", "Nguyễn", "Thị Lan", Role.ECA)]
CONFLICT = "NHS|CSTF|Conflict Resolution - 3 Years|"
EXPORT = ("Assignment Number,Full Name,Competence Name,Achieved Date,Expiry Date\n"
          "70000001,Siân Evans,NHS|CSTF|Fire Safety - 2 Years|,31/03/2026,31/03/2028\n"
          "70000002,Łukasz Wójcik,NHS|CSTF|Information Governance and Data Security - 1 Year|,2026-03-31,\n"
          f"70000003,Aoife O'Brien,{CONFLICT},31-Mar-2026,\n"
          f"70000004,Nguyễn Thị Lan,{CONFLICT},14/02/2026,\n"
          "70000001,Siân Evans,Fire Warden Refresher,01/06/2026,\n"
          "79999999,Unknown Person,NHS|CSTF|Fire Safety - 2 Years|,31/03/2026,\n")


def add_people(workspace) -> None:
    repo = workspace.staff()
    for number, first, last, role in PEOPLE:
        repo.add(Staff(number, first, last, job_title=role.label, role=role, start_date=date(2020, 1, 6)))


def export_file(tmp_path: Path) -> Path:
    path = tmp_path / "OLM competencies.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def open_import(qtbot, window, monkeypatch, path: Path):
    shell = window.shell
    go_to_page(qtbot, shell, "CPD & training")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "CSV files (*.csv *.txt)"))
    click(qtbot, shell.overview.import_button)


def completed(workspace, number: str, code: str):
    person = workspace.staff().by_assignment(number)
    course = next(c for c in workspace.training().courses() if c.code == code)
    history = workspace.training().history(person.id, course.id)
    return history[0][1] if history else None


def test_choose_a_course_for_an_unmatched_name_preview_and_import(unlocked, qtbot, modal, monkeypatch, tmp_path):
    add_people(unlocked.workspace)
    path = export_file(tmp_path)
    seen: dict = {}

    def answer(dialog: TrainingImportDialog) -> None:
        seen["first"] = (dialog.plan.count(Outcome.ADD), dialog.plan.count(Outcome.REFUSED),
                         dialog.import_button.text(), dialog.show_filter.currentText())
        # The unmatched course is listed first; choose the catalogue's course by typing its name.
        conflict = dialog.course_combos[CONFLICT]
        click(qtbot, dialog.table)
        conflict.setFocus()
        qtbot.keyClicks(conflict, "Conflict")
        warden = dialog.course_combos["Fire Warden Refresher"]
        warden.setFocus()
        qtbot.keyClicks(warden, "Ignore")
        seen["after"] = (dialog.plan.count(Outcome.ADD), dialog.plan.count(Outcome.IGNORED),
                         dialog.plan.count(Outcome.REFUSED), dialog.import_button.text(), dialog.summary.text())
        rows = {r.row: r for r in dialog.plan.rows}
        seen["nguyen"] = (rows[5].name, rows[5].course_text, rows[5].outcome)
        seen["unknown"] = rows[7].reason
        click(qtbot, dialog.import_button)
    modal.when(TrainingImportDialog, answer)
    open_import(qtbot, unlocked, monkeypatch, path)
    qtbot.waitUntil(lambda: "after" in seen and completed(unlocked.workspace, "70000003", "CONFLICT") is not None,
                    timeout=5000)
    assert seen["first"] == (2, 4, "&Import 2 changes", "Refused (4)")
    adds, ignored, refused, button, summary = seen["after"]
    assert (adds, ignored, refused, button) == (4, 1, 1, "&Import 4 changes")
    assert "4 to add, 0 to update, 0 unchanged, 1 ignored, 1 refused. Nothing has been written yet." in summary
    assert seen["nguyen"] == ("Nguyễn Thị Lan", "Conflict resolution and personal safety", Outcome.ADD)
    assert seen["unknown"].startswith("Assignment number: no one with 79999999")
    ws = unlocked.workspace
    assert completed(ws, "70000001", "FIRE") == date(2026, 3, 31)
    assert completed(ws, "70000004", "CONFLICT") == date(2026, 2, 14)
    assert "Training imported from OLM competencies.csv: 4 added" in unlocked.statusBar().currentMessage()

    # The same file again: the choices were remembered, so nothing needs choosing and nothing is new.
    again: dict = {}

    def look(dialog: TrainingImportDialog) -> None:
        again["names"] = {name: combo.currentText() for name, combo in dialog.course_combos.items()}
        again["button"] = (dialog.import_button.text(), dialog.import_button.isEnabled())
        click(qtbot, dialog.findChild(QMessageBox) or next(
            b for b in dialog.findChildren(type(dialog.import_button)) if b.text() == "Cancel"))
    modal.when(TrainingImportDialog, look)
    open_import(qtbot, unlocked, monkeypatch, path)
    qtbot.waitUntil(lambda: "button" in again, timeout=5000)
    assert again["names"][CONFLICT] == "Conflict resolution and personal safety (CONFLICT)"
    assert again["names"]["Fire Warden Refresher"].startswith("Ignore")
    assert again["button"] == ("Nothing to import", False)


def test_a_file_that_is_not_an_export_is_refused_with_what_to_do(unlocked, qtbot, modal, monkeypatch, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Name,Notes\nSiân,hello\n", encoding="utf-8")
    said: list[str] = []

    def read(box: QMessageBox) -> None:
        said.append(box.text())
        click(qtbot, box.button(QMessageBox.StandardButton.Ok))
    modal.when(QMessageBox, read)
    open_import(qtbot, unlocked, monkeypatch, path)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert "notes.csv: no column for Assignment number" in said[0] and "Nothing was changed" in said[0]
