"""Staff → Leavers past retention…: the list, the period, and a confirmed, audited deletion."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.store.audit import entries
from desktop.ui.dialogs.retention import RetentionDialog
from tests.conftest import AS_OF
from tests.gui.conftest import choose_menu, click, retype


def _answer(modal, qtbot, button: str, asked: list[str] | None = None) -> None:
    """Answer the next question box with `button`, noting its text."""
    def act(box) -> None:
        if asked is not None:
            asked.append(box.text())
        target = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        click(qtbot, target)
    modal.when(lambda w: isinstance(w, QMessageBox), act)


def _leaver(ws, left: date):
    person = next(p for p in ws.staff().all() if p.is_active and p.start_date and p.start_date < date(2016, 1, 1)
                  and p.start_date < left)
    return ws.staff().mark_leaver(person.id, left)


def test_review_list_and_confirmed_deletion(unlocked, qtbot, modal, tmp_path):
    ws = unlocked.workspace
    gone = _leaver(ws, date(2017, 4, 1))
    _leaver(ws, date(2023, 4, 1))      # not yet past retention: never listed
    assert unlocked.retention_action.isEnabled()
    dialog = RetentionDialog(ws, unlocked, today=AS_OF)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(4)] == [
        f"{gone.last_name}, {gone.first_name}", gone.assignment_number, "01/04/2017", "01/04/2023"]
    assert "6 years after their leaving date" in dialog.explained.text()
    assert "NHS Records Management Code of Practice" in dialog.explained.text()
    dialog.grab().save(str(tmp_path / "retention.png"))

    asked: list[str] = []
    _answer(modal, qtbot, "Cancel", asked)
    click(qtbot, dialog.delete_button)
    assert ws.staff().get(gone.id) is not None and dialog.table.rowCount() == 1
    assert gone.assignment_number in asked[0] and "for good" in asked[0]

    _answer(modal, qtbot, "Yes")
    with qtbot.waitSignal(dialog.deleted):
        click(qtbot, dialog.delete_button)
    assert ws.staff().get(gone.id) is None
    assert not dialog.table.isVisibleTo(dialog) and dialog.empty.isVisibleTo(dialog)
    assert not dialog.delete_button.isEnabled()
    assert f"assignment number {gone.assignment_number}" in dialog.status.text()
    last = entries(ws.db, limit=1)[0]
    assert last.action == "delete" and gone.assignment_number in last.summary and gone.last_name not in last.summary


def test_changing_the_period_changes_the_list(unlocked, qtbot):
    ws = unlocked.workspace
    _leaver(ws, date(2017, 4, 1))
    dialog = RetentionDialog(ws, unlocked, today=AS_OF)
    qtbot.addWidget(dialog)
    assert dialog.years.value() == 6 and not dialog.apply_button.isEnabled()
    assert dialog.years.accessibleName().startswith("Keep leavers' records for")
    dialog.show()
    retype(qtbot, dialog.years, "10")
    assert dialog.apply_button.isEnabled()
    click(qtbot, dialog.apply_button)
    assert dialog.table.rowCount() == 0 and dialog.empty.isVisibleTo(dialog)
    assert "10 years after their leaving date" in dialog.explained.text()
    assert RetentionDialog(ws, unlocked, today=AS_OF).years.value() == 10   # kept in the workspace


def test_menu_opens_the_review_and_refreshes_the_team(unlocked, qtbot, modal):
    ws = unlocked.workspace
    gone = _leaver(ws, date(2017, 4, 1))
    team = unlocked.shell.team
    team.status_filter.setCurrentIndex(2)   # everyone, leavers included
    shown = team.model.rowCount()
    team.select(gone.id)                    # their details are open on the right
    assert team.panel.staff is not None and team.panel.staff.id == gone.id

    def run(dialog):
        assert dialog.table.rowCount() == 1
        _answer(modal, qtbot, "Yes")
        click(qtbot, dialog.delete_button)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)   # and close the review
    modal.when(RetentionDialog, run)
    choose_menu(qtbot, unlocked, "Staff", "Leavers past retention…")
    assert modal.seen == ["RetentionDialog", "QMessageBox"]
    assert ws.staff().get(gone.id) is None
    assert team.model.rowCount() == shown - 1
    assert team.panel.staff is None, "the deleted person's details are still on screen"
    assert gone.assignment_number in unlocked.statusBar().currentMessage()


def test_the_review_opens_over_the_team_page_from_anywhere(unlocked, qtbot, modal):
    """Its deletions show on the team page, so that is the page under it (it once opened over Home)."""
    from tests.gui.conftest import go_to_page
    shell = unlocked.shell
    go_to_page(qtbot, shell, "Home")
    modal.when(RetentionDialog, lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    choose_menu(qtbot, unlocked, "Staff", "Leavers past retention…")
    assert modal.seen == ["RetentionDialog"]
    assert shell.pages.currentWidget() is shell.team and shell.nav.currentItem().text() == "Team"
