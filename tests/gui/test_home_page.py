"""Home after unlocking: the to-do lines open the right place and every chart has its figures in words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.home import Reminder, ReminderKind
from tests.gui.conftest import click, unlock_by_keys
from tests.gui.modal import answer_next


def unlock(qtbot, window):
    unlock_by_keys(qtbot, window)
    return window.shell


def open_line(qtbot, tree, line) -> None:
    """Click the to-do line, then press Enter on it."""
    tree.scrollToItem(line)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(line).center())
    assert tree.currentItem() is line
    qtbot.keyClick(tree, Qt.Key.Key_Return)


def line_of(home, kind: ReminderKind):
    for i in range(home.reminder_list.topLevelItemCount()):
        group = home.reminder_list.topLevelItem(i)
        if group.data(0, Qt.ItemDataRole.UserRole) == kind.value:
            return group, group.child(0)
    raise AssertionError(f"no {kind.label} group")


def test_home_is_the_first_page_and_its_lines_open_the_right_place(window, qtbot):
    shell = unlock(qtbot, window)
    home = shell.home
    assert shell.pages.currentWidget() is home and home.reminder_list.hasFocus()
    assert home.heading.text().startswith("Good ") and home.heading.text().endswith("Jo")
    group, line = line_of(home, ReminderKind.EADR_OVERDUE)
    reminder: Reminder = line.data(0, Qt.ItemDataRole.UserRole)
    assert group.isExpanded() and group.text(0).startswith("EADR overdue: ")
    asked: list = []
    answer_next(qtbot, "Start new EADR", asked)   # nothing open: Home asks before making a record
    open_line(qtbot, home.reminder_list, line)
    assert asked and asked[0] == "Start a conversation?"
    assert shell.conversation is not None and shell.conversation.staff.id == reminder.staff_id
    click(qtbot, shell.conversation.back)
    assert shell.pages.currentWidget() is home

    _, line = line_of(home, ReminderKind.REFLECTION)
    open_line(qtbot, home.reminder_list, line)
    learning = shell.learning
    assert learning is not None and learning.log.waiting_only.isChecked() and learning.log.model.rowCount() > 0
    click(qtbot, learning.back)
    assert shell.pages.currentWidget() is home
    _, line = line_of(home, ReminderKind.SYNC)
    open_line(qtbot, home.reminder_list, line)
    assert shell.pages.currentWidget() is shell.sync


def test_every_chart_has_its_figures_in_words(window, qtbot):
    home = unlock(qtbot, window).home
    glance = home.summary.glance
    assert home.compliance.words.text().startswith(f"{glance.compliance_now}% in date now "
                                                   f"({glance.in_date_now} of {glance.active_staff} active staff)")
    assert "in the last 12 months" in home.wellbeing.words.text()
    assert "hours since 01/04/" in home.cpd.words.text()
    assert "in date" in home.training.words.text() and "expired" in home.training.words.text()
    for card in (home.compliance, home.wellbeing, home.cpd, home.training):
        assert card.view.chart() is not None and card.view.accessibleDescription() == card.words.text()


def test_home_and_the_cpd_page_say_what_they_count(window, qtbot):
    """Reminder groups count people; training figures count course records (a person per course); the CPD
    page's headings say which."""
    import re
    shell = unlock(qtbot, window)
    home = shell.home
    for i in range(home.reminder_list.topLevelItemCount()):
        group = home.reminder_list.topLevelItem(i)
        if group.data(0, Qt.ItemDataRole.UserRole) != ReminderKind.SYNC.value:
            assert re.search(r": [\d,]+ (people|person)$", group.text(0)), group.text(0)
    assert "course records" in home.training.words.text() and "courses required" not in home.training.words.text()
    nav = shell.nav
    nav.setFocus()
    while nav.currentItem().text() != "CPD & training":
        qtbot.keyClick(nav, Qt.Key.Key_Down)
    page = shell.overview
    data = page.data
    people = len({p.id for p, _ in data.needing_action})
    assert f"{len(data.needing_action):,} course records of {people:,} people" in page.action_heading.text()
    waiting_people = len({p.id for p, _ in data.waiting})
    assert page.waiting_heading.text().endswith(f"CPD entries of {waiting_people:,} people")


def test_the_highlighted_page_name_takes_you_back_to_it(window, qtbot):
    """On a person's page opened from Home, Home stays highlighted; clicking it (or Enter on it) goes back."""
    from tests.gui.conftest import go_to_page
    shell = unlock(qtbot, window)
    home = shell.home
    _, line = line_of(home, ReminderKind.REFLECTION)
    open_line(qtbot, home.reminder_list, line)
    assert shell.learning is not None and shell.nav.currentItem().text() == "Home"
    go_to_page(qtbot, shell, "Home")
    assert shell.learning is None and shell.pages.currentWidget() is home
    open_line(qtbot, home.reminder_list, line_of(home, ReminderKind.REFLECTION)[1])
    shell.nav.setFocus()
    qtbot.keyClick(shell.nav, Qt.Key.Key_Return)
    assert shell.learning is None and shell.pages.currentWidget() is home


def test_a_clock_that_went_back_is_the_first_to_do_line(window, qtbot, monkeypatch):
    """The status bar's clock warning is also Home's first line, in a plain sentence, and Enter explains it."""
    from datetime import datetime

    from PySide6.QtWidgets import QMessageBox

    from desktop.domain import clock
    from tests.fake_clock import FakeClock
    seen = clock.now()
    FakeClock(monkeypatch, datetime(seen.year - 1, seen.month, seen.day, 9, 0))
    shell = unlock(qtbot, window)
    home = shell.home
    first = home.reminder_list.topLevelItem(0)
    assert first.text(0) == "Check the PC's clock"
    line = first.child(0)
    assert line.text(0).startswith(f"The PC's clock says {seen.day:02d}/{seen.month:02d}/{seen.year - 1}, earlier "
                                   f"than this workspace's last use on {seen:%d/%m/%Y}; check the date and time.")
    assert line.toolTip(0).startswith(line.text(0))   # the whole sentence, where the list cuts it short
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append((title, text)))
    open_line(qtbot, home.reminder_list, line)
    assert told and "may be wrong until it is put right" in told[0][1] and "Set the PC's date and time" in told[0][1]
    assert f"{home.subheading.text()}".startswith(f"{datetime(seen.year - 1, seen.month, seen.day):%A %d/%m/%Y}")
    assert shell.pages.currentWidget() is home


def test_no_clock_line_when_the_clock_is_right(window, qtbot):
    shell = unlock(qtbot, window)
    assert shell.home.reminder_list.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole) != ReminderKind.CLOCK.value
