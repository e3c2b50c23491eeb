"""Home after unlocking: the to-do lines open the right place and every chart has its figures in words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.home import Reminder, ReminderKind
from tests.gui.modal import answer_next


def unlock(window):
    window.unlock.passphrase.setText("demo")
    window.unlock.try_unlock()
    return window.shell


def line_of(home, kind: ReminderKind):
    for i in range(home.reminder_list.topLevelItemCount()):
        group = home.reminder_list.topLevelItem(i)
        if group.data(0, Qt.ItemDataRole.UserRole) == kind.value:
            return group, group.child(0)
    raise AssertionError(f"no {kind.label} group")


def test_home_is_the_first_page_and_its_lines_open_the_right_place(window, qtbot):
    shell = unlock(window)
    home = shell.home
    assert shell.pages.currentWidget() is home and home.reminder_list.hasFocus()
    assert home.heading.text().startswith("Good ") and home.heading.text().endswith("Jo")
    group, line = line_of(home, ReminderKind.EADR_OVERDUE)
    reminder: Reminder = line.data(0, Qt.ItemDataRole.UserRole)
    assert group.isExpanded() and group.text(0).startswith("EADR overdue: ")
    home.reminder_list.setCurrentItem(line)
    asked: list = []
    answer_next(qtbot, "Start new EADR", asked)   # nothing open: Home asks before making a record
    qtbot.keyClick(home.reminder_list, Qt.Key.Key_Return)
    assert asked and asked[0] == "Start a conversation?"
    assert shell.conversation is not None and shell.conversation.staff.id == reminder.staff_id
    shell.conversation.leave()
    assert shell.pages.currentWidget() is home

    _, line = line_of(home, ReminderKind.REFLECTION)
    home.reminder_list.setCurrentItem(line)
    qtbot.keyClick(home.reminder_list, Qt.Key.Key_Return)
    learning = shell.learning
    assert learning is not None and learning.log.waiting_only.isChecked() and learning.log.model.rowCount() > 0
    learning.leave()
    _, line = line_of(home, ReminderKind.SYNC)
    home.reminder_list.setCurrentItem(line)
    qtbot.keyClick(home.reminder_list, Qt.Key.Key_Return)
    assert shell.pages.currentWidget() is shell.sync


def test_every_chart_has_its_figures_in_words(window):
    home = unlock(window).home
    glance = home.summary.glance
    assert home.compliance.words.text().startswith(f"{glance.compliance_now}% in date now "
                                                   f"({glance.in_date_now} of {glance.active_staff} active staff)")
    assert "in the last 12 months" in home.wellbeing.words.text()
    assert "hours since 01/04/" in home.cpd.words.text()
    assert "in date" in home.training.words.text() and "expired" in home.training.words.text()
    for card in (home.compliance, home.wellbeing, home.cpd, home.training):
        assert card.view.chart() is not None and card.view.accessibleDescription() == card.words.text()
