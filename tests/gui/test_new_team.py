"""A new team, imported from ESR through Home's button and the preview dialog, looks true at once: the
appraisal dates ESR gave are used, no one without a record is called overdue since years ago, and Home's
reminders and figures follow the import without leaving and coming back."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desktop.domain.dates import uk
from desktop.domain.due import add_months
from tests.gui.modal import answer_next
from tests.gui.conftest import wait_for_home


def home_lines(home) -> list[str]:
    tree = home.reminder_list
    return [tree.topLevelItem(i).child(j).text(0) for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())] + [
        tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def test_importing_a_new_team_from_home_shows_true_due_dates_everywhere(qtbot, tmp_path, monkeypatch):
    from desktop.security.unlock import create_workspace
    from desktop.ui.main_window import MainWindow
    from tests.conftest import FAST, PASSPHRASE
    folder = tmp_path / "new"
    create_workspace(folder, PASSPHRASE, "Ipswich Ambulance Station", "Jo Taylor", params=FAST).close()
    window = MainWindow(folder, folder)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.unlock.passphrase.setText(PASSPHRASE)
    qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    shell = window.shell
    home = shell.home
    assert home.import_button.isVisible()

    today = date.today()
    starter_start = today - timedelta(days=100)
    last = add_months(today, -14)   # ESR's last appraisal, 14 months ago: overdue by two months
    roster = tmp_path / "esr.csv"
    roster.write_text(
        "Assignment Number,First Name,Last Name,Job Title,Start Date,Last Appraisal Date,Next Appraisal Date\n"
        f"80000001,Siân,Evans,Paramedic,01/04/2012,{last.isoformat()},\n"
        f"80000002,Tomás,Ruiz,Paramedic,{uk(starter_start)},,\n"
        "80000003,Ellis,Grey,Paramedic,01/05/2010,,\n"
        f"80000004,Nia,Pryce,Paramedic,01/05/2010,{uk(add_months(today, -6))},{uk(add_months(today, 3))}\n",
        encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(roster), ""))
    seen: list = []
    answer_next(qtbot, "Import 4 changes", seen)
    qtbot.mouseClick(home.import_button, Qt.MouseButton.LeftButton)
    assert any("Last Appraisal Date" in str(s) and "Next Appraisal Date" in str(s) for s in seen)

    # Home follows (worked out in the background): the reminders name each situation truly
    wait_for_home(qtbot, window)
    lines = home_lines(home)
    assert f"Siân Evans: EADR overdue since {uk(add_months(last, 12))}" in lines
    assert any(line.startswith("Ellis Grey: no EADR recorded") for line in lines)
    assert not any("overdue since" in line and ("Ellis" in line or "Tomás" in line or "Nia" in line)
                   for line in lines)
    glance = home.summary.glance
    assert glance.active_staff == 4 and glance.in_date_now == 2   # the starter and ESR's next date are in date
    assert home.compliance.words.text().startswith("50% in date now (2 of 4 active staff)")

    # the team table says the same in words
    team = shell.team
    column = 4
    texts = {team.model.object_at(r).last_name: team.model.index(r, column).data()
             for r in range(team.model.rowCount())}
    assert texts["Ruiz"] == f"First EADR due {uk(add_months(starter_start, 12))}"
    assert texts["Grey"] == "No EADR recorded"
    assert texts["Pryce"] == uk(add_months(today, 3))
    assert texts["Evans"].startswith("Overdue · ")

    # the panel holds the last appraisal before this app, editable by its label
    row = team.model.row_of_id(team.repo.by_assignment("80000003").id)
    shell.show_page(team)
    index = team.model.index(row, 0)
    qtbot.mouseClick(team.table.viewport(), Qt.MouseButton.LeftButton, pos=team.table.visualRect(index).center())
    panel = team.panel
    assert panel.prior_appraisal.accessibleName() == "Last appraisal before this app"
    panel.prior_appraisal.setFocus()
    qtbot.keyClicks(panel.prior_appraisal, uk(add_months(today, -2)))
    qtbot.keyClick(panel.prior_appraisal, Qt.Key.Key_Return)
    assert team.repo.by_assignment("80000003").prior_appraisal == add_months(today, -2)
    assert team.model.index(team.model.row_of_id(panel.staff.id), column).data() == uk(add_months(today, 10))
    nav = shell.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(0)).center())
    wait_for_home(qtbot, window)
    assert home.summary.glance.in_date_now == 3
    assert not any(line.startswith("Ellis Grey: no EADR recorded") for line in home_lines(home))
    home.grab().save(str(tmp_path / "home.png"))
    window.close_workspace()
