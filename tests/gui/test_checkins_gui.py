"""Check-ins between EADRs: logged in a minute from the person's details with an action, the open action on
Home (overdue in words), the wellbeing plan reviewed at the check-in, and the check-in as evidence in the next
EADR's performance section. Real clicks and key presses."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.domain import clock
from desktop.domain.checkin import CheckinKind
from desktop.domain.conversation import Kind
from desktop.domain.dates import uk
from desktop.domain.home import ReminderKind
from desktop.ui.conversation.sections import PerformanceSection
from desktop.ui.dialogs.checkin import CheckinDialog, WellbeingPlanDialog
from tests.gui.conftest import click, go_to_page, type_text

SHOTS = Path("/tmp/h23")


def _person(shell):
    team = shell.team
    return next(p for p in team.repo.all() if p.is_active and team.conversations.last_signed(p.id)
                and team.conversations.open_for(p.id) is None)


def test_log_a_checkin_with_an_action_it_shows_on_home_and_as_evidence(qtbot, unlocked, modal):
    window = unlocked
    shell = window.shell
    person = _person(shell)
    shell.team.select(person.id)
    panel = shell.team.panel
    assert panel.checkin_button.isVisible()
    today = clock.today()
    due = today - timedelta(days=3)

    # First the wellbeing plan, so the check-in can show it for review.
    def write_plan(dialog: WellbeingPlanDialog) -> None:
        first = next(iter(dialog.areas.values()))
        assert QApplication.focusWidget() is first
        type_text(first, "A walk before a night shift")
        qtbot.keyClick(first, Qt.Key.Key_Tab)
        type_text(QApplication.focusWidget(), "Three nights in a row")
        type_text(dialog.private, "Caring for a parent")
        type_text(dialog.review_by, uk(today))
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    modal.when(WellbeingPlanDialog, write_plan)
    click(qtbot, panel.plan_button)
    plan = window.workspace.checkins().plan(person.id)
    assert plan is not None and plan.private_notes == "Caring for a parent" and plan.review_by == today

    def log(dialog: CheckinDialog) -> None:
        assert QApplication.focusWidget() is dialog.held_on and dialog.held_on.text() == uk(today)
        assert "A walk before a night shift" in dialog.plan_view.text()
        assert "Caring for a parent" not in dialog.plan_view.text()    # private notes are not on show
        assert dialog.plan_reviewed.isVisible() and dialog.plan_reviewed.isChecked()   # its review is due
        qtbot.keyClick(dialog.held_on, Qt.Key.Key_Tab)                  # to the kind
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)      # One-to-one → Supervision
        assert dialog.kind.currentData() == CheckinKind.SUPERVISION.value
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.notes
        type_text(dialog.notes, "Settling into the new rota.")
        qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
        type_text(dialog.notes, "Wants to mentor a new starter.")
        click(qtbot, dialog.actions.add_button)
        editor = dialog.actions.editors[0]
        assert QApplication.focusWidget() is editor.action
        type_text(editor.action, "Book the driving refresher")
        qtbot.keyClick(editor.action, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is editor.owner
        qtbot.keyClick(editor.owner, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is editor.due
        type_text(editor.due, "31/02/2026")                              # not a date: named, nothing saved
        click(qtbot, dialog.save_button)
        assert dialog.isVisible() and "not a date" in dialog.error.text()
        editor.due.clear()
        type_text(editor.due, uk(due))
        for w, h in ((1366, 768), (1024, 768)):
            dialog.resize(min(640, w - 40), min(700, h - 40))
            qtbot.wait(20)
            SHOTS.mkdir(exist_ok=True)
            dialog.grab().save(str(SHOTS / f"checkin-dialog-{w}.png"))
        click(qtbot, dialog.save_button)
    modal.when(CheckinDialog, log)
    click(qtbot, panel.checkin_button)
    [checkin] = window.workspace.checkins().for_staff(person.id)
    assert checkin.kind is CheckinKind.SUPERVISION and checkin.plan_reviewed
    assert [a.action for a in checkin.actions] == ["Book the driving refresher"]
    assert checkin.actions[0].owner == "Staff member" and checkin.actions[0].due_on == due
    assert window.workspace.checkins().plan(person.id).reviewed_on == today
    assert "Supervision" in window.statusBar().currentMessage()

    # Home: the open action, overdue in words.
    go_to_page(qtbot, shell, "Home")
    home = shell.home
    group = next(home.reminder_list.topLevelItem(i) for i in range(home.reminder_list.topLevelItemCount())
                 if home.reminder_list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) ==
                 ReminderKind.CHECKIN_ACTION.value)
    assert group.text(0) == "Check-in actions open: 1 action"
    line = group.child(0).text(0)
    assert line == f"{person.display_name}: action overdue since {uk(due)}: Book the driving refresher (Staff member)"
    for w, h in ((1366, 768), (1024, 768)):
        window.resize(w, h)
        qtbot.wait(30)
        window.grab().save(str(SHOTS / f"home-actions-{w}.png"))
    window.resize(1366, 768)

    # The next EADR's performance section lists the check-in and its action as evidence.
    page = shell.open_conversation(person, Kind.EADR)
    section = next(s for s in page.sections if isinstance(s, PerformanceSection))
    page.steps.setCurrentRow(page.sections.index(section))
    assert section.evidence.isVisible()
    text = section.evidence.text()
    assert f"{uk(today)} Supervision: Settling into the new rota." in text
    assert "Settling into the new rota. Wants to mentor a new starter." in text
    assert "• Book the driving refresher — Staff member" in text

    # Ticking the action done at the next check-in takes it off Home.
    def close_action(dialog: CheckinDialog) -> None:
        assert dialog.open_actions.count() == 1
        dialog.open_actions.setFocus()
        dialog.open_actions.setCurrentRow(0)
        qtbot.keyClick(dialog.open_actions, Qt.Key.Key_Space)
        assert dialog.open_actions.item(0).checkState() == Qt.CheckState.Checked
        click(qtbot, dialog.save_button)
    page.leave()
    shell.team.select(person.id)
    modal.when(CheckinDialog, close_action)
    click(qtbot, panel.checkin_button)
    assert window.workspace.checkins().open_actions() == []
