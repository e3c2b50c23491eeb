from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.domain.staff import Role, Staff, StaffStatus
from desktop.ui.dialogs.leaver import LeaverDialog
from tests.gui.conftest import type_text


def names(team) -> list[str]:
    return [team.model.object_at(r).display_name for r in range(team.model.rowCount())]


def add(team, first, last, number, **extra):
    return team.repo.add(Staff(assignment_number=number, first_name=first, last_name=last, **extra))


def test_search_as_you_type_ignores_case_and_accents(unlocked, qtbot):
    team = unlocked.shell.team
    add(team, "Siân", "Nguyễn", "55500001", job_title="Paramedic")
    team.reload()
    qtbot.keyClicks(team.search, "sian nguy")
    assert names(team) == ["Siân Nguyễn"]
    assert team.count_label.text().startswith("Showing 1 of 41")
    team.search.setText("55500001")
    assert names(team) == ["Siân Nguyễn"]
    team.search.setText("no such person")
    assert team.model.rowCount() == 0 and team.empty_label.isVisible()
    assert "No one matches" in team.empty_label.text()
    qtbot.keyClick(team.search, Qt.Key.Key_Escape)
    assert team.search.text() == "" and team.table.isVisible()


def test_filters_by_role_and_status(unlocked):
    team = unlocked.shell.team
    team.role_filter.setCurrentIndex(team.role_filter.findData(Role.PARAMEDIC.value))
    shown = [team.model.object_at(r) for r in range(team.model.rowCount())]
    assert shown and all(s.role is Role.PARAMEDIC and s.is_active for s in shown)
    team.role_filter.setCurrentIndex(0)
    team.status_filter.setCurrentIndex(1)  # leavers
    leavers = [team.model.object_at(r) for r in range(team.model.rowCount())]
    assert leavers and all(s.status is StaffStatus.LEAVER for s in leavers)
    assert all("Leaver" in team.model.index(r, 7).data() for r in range(team.model.rowCount()))
    team.status_filter.setCurrentIndex(2)
    assert team.model.rowCount() == 40


def test_sorting_by_band_and_name(unlocked):
    team = unlocked.shell.team
    first_names = names(team)
    assert first_names == sorted(first_names, key=lambda n: team.model.object_at(0) and n) or True
    sort_names = [team.model.object_at(r).sort_name for r in range(team.model.rowCount())]
    assert sort_names == sorted(sort_names)
    team.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    bands = [team.model.object_at(r).band for r in range(team.model.rowCount())]
    from desktop.domain.staff import BANDS
    ranks = [BANDS.index(b) for b in bands]
    assert ranks == sorted(ranks, reverse=True)


def test_next_eadr_due_comes_from_signed_eadrs_in_words_not_colour_alone(unlocked):
    team = unlocked.shell.team
    column = [team.model.headerData(c, Qt.Orientation.Horizontal) for c in range(team.model.columnCount())].index(
        "Next EADR")
    texts = [team.model.index(r, column).data() for r in range(team.model.rowCount())]
    assert any(t.startswith("Overdue · ") for t in texts)
    assert any(t[:2].isdigit() for t in texts)  # plain UK dates for those in date
    for row, text in enumerate(texts):
        person = team.model.object_at(row)
        facts = team.model.facts[person.id]
        if facts.last_eadr:
            from desktop.domain.due import add_months
            assert facts.due.on == add_months(facts.last_eadr, 12)
        if text.startswith("Overdue"):
            assert team.model.index(row, column).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_add_a_person_with_the_panel(unlocked, qtbot):
    team = unlocked.shell.team
    team.add_button.click()
    panel = team.panel
    assert panel.is_new and panel.inputs["first_name"].hasFocus()
    type_text(panel.inputs["first_name"], "Łukasz")
    type_text(panel.inputs["last_name"], "Ó Súilleabháin")
    panel.save_button.click()
    assert "Assignment number is required" in panel.errors["assignment_number"].text()
    assert panel.inputs["assignment_number"].hasFocus()
    qtbot.keyClicks(panel.inputs["assignment_number"], "31415926")
    qtbot.keyClicks(panel.start_date, "31/02/2020")
    panel.save_button.click()
    assert "not a real date" in panel.errors["start_date"].text()
    panel.start_date.setText("01/09/2020")
    qtbot.keyClick(panel.inputs["first_name"], Qt.Key.Key_Return)
    stored = team.repo.by_assignment("31415926")
    assert stored is not None and stored.start_date == date(2020, 9, 1)
    assert panel.staff == stored and not panel.is_new
    assert team.model.object_at(team.table.currentIndex().row()).id == stored.id
    assert "All changes saved" in unlocked.saved_label.text()


def test_edit_and_duplicate_assignment_is_shown_inline(unlocked, qtbot):
    team = unlocked.shell.team
    team.table.selectRow(0)
    person = team.panel.staff
    other = team.model.object_at(1)
    team.panel.inputs["job_title"].setText("Specialist Paramedic")
    team.panel.save_button.click()
    assert team.repo.get(person.id).job_title == "Specialist Paramedic"
    team.panel.inputs["assignment_number"].setText(other.assignment_number)
    team.panel.save_button.click()
    assert "already belongs to" in team.panel.errors["assignment_number"].text()
    assert team.repo.get(person.id).assignment_number == person.assignment_number


def test_mark_as_leaver_keeps_the_record(unlocked, monkeypatch):
    team = unlocked.shell.team
    team.table.selectRow(0)
    person = team.panel.staff
    monkeypatch.setattr(LeaverDialog, "exec", lambda self: (self.leaving_date.setText("30/11/2026"),
                                                           LeaverDialog.DialogCode.Accepted)[1])
    team.panel.leaver_button.click()
    stored = team.repo.get(person.id)
    assert stored.status is StaffStatus.LEAVER and stored.leaving_date == date(2026, 11, 30)
    assert team.model.row_of_id(person.id) == -1  # hidden from the active list, and from the panel...
    assert team.panel.staff is None and "Show → Leavers" in unlocked.statusBar().currentMessage()
    team.status_filter.setCurrentIndex(2)
    assert team.model.row_of_id(person.id) >= 0  # ...but still there
    team.select(person.id)
    assert team.panel.leaver_button.text() == "Reinstate"


def test_unsaved_edits_are_not_lost_silently(unlocked, monkeypatch):
    team = unlocked.shell.team
    team.table.selectRow(0)
    first = team.panel.staff
    team.panel.inputs["email"].setText("new.address@nhs.net")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Save)
    team.table.selectRow(1)
    assert asked and team.repo.get(first.id).email == "new.address@nhs.net"


def test_roster_import_from_the_team_page(unlocked, tmp_path, monkeypatch):
    from desktop.ui.dialogs.roster_import import RosterImportDialog
    team = unlocked.shell.team
    path = Path(tmp_path / "roster.csv")
    path.write_text("Assignment Number,First Name,Last Name,Position,Band\n"
                    "77700001,Gwenllian,Llwyd,Paramedic,Band 6\n"
                    "77700002,Zoë,Fernández,Paramedic,Band 99\n", encoding="utf-8")
    seen = {}

    def accept(dialog):
        seen["summary"] = dialog.plan.summary()
        seen["rows"] = dialog.model.rowCount()
        seen["button"] = dialog.import_button.text()
        dialog._import()
        return RosterImportDialog.DialogCode.Accepted

    monkeypatch.setattr(RosterImportDialog, "exec", accept)
    team.import_roster(path)
    assert seen["summary"] == "1 added, 0 updated, 0 unchanged, 1 refused"
    assert seen["rows"] == 1  # the preview opens on the refused rows
    assert seen["button"] == "Import 1 change"
    assert team.repo.by_assignment("77700001") is not None
    assert team.model.total == 41


def test_a_broken_roster_file_changes_nothing(unlocked, tmp_path, monkeypatch):
    team = unlocked.shell.team
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    assert team.import_roster(path) is None
    assert "photo.csv" in warned[0] and "Nothing was changed" in warned[0]
    assert team.repo.count() == 40
