"""Safe editing in the EADR: a removed objective, action or development need can be put back until
the section is left; the form and the status bar agree about what is saved; Enter and the focus
frame behave as a keyboard user expects; every field has a name a screen reader can tell apart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.conversation import Kind
from tests.gui.conftest import type_text
from tests.gui.test_conversation import click, fresh_person

CTRL = Qt.KeyboardModifier.ControlModifier


def saved_everywhere(window, page) -> bool:
    return page.saved_label.text().startswith("Saved") and window.saved_label.text().startswith("All changes saved")


def unsaved_everywhere(window, page) -> bool:
    return page.saved_label.text() == "Unsaved changes…" and window.saved_label.text() == "Unsaved changes…"


def open_performance(window):
    shell = window.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    page.steps.setFocus()
    for _ in range(2):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, CTRL)
    perf = page.sections[2]
    assert page.current_section is perf
    return shell, page, perf


def test_removing_an_objective_can_be_undone_until_the_section_is_left(unlocked, qtbot):
    shell, page, perf = open_performance(unlocked)
    objectives = perf.objectives
    click(objectives.add_button)
    type_text(QApplication.focusWidget(), "Mentor a student paramedic")
    click(objectives.add_button)
    type_text(QApplication.focusWidget(), "Reduce handover time")
    qtbot.waitUntil(lambda: saved_everywhere(unlocked, page), timeout=3000)
    repo = shell.workspace.conversations()
    assert [o.title for o in repo.get(page.conversation.id).new_objectives] == [
        "Mentor a student paramedic", "Reduce handover time"]

    first = objectives.editors[0]
    click(first.remove)
    assert [e.summary() for e in objectives.editors] == ["Reduce handover time"]
    assert objectives.editors[0].title.text() == "New objective 1"
    assert objectives.undo_button.isVisible()
    assert objectives.undo_button.text() == "Undo remove: Mentor a student…"
    assert objectives.undo_button.accessibleName() == "Undo removing objective: Mentor a student paramedic"
    assert unsaved_everywhere(unlocked, page)          # the form and the status bar agree
    qtbot.waitUntil(lambda: saved_everywhere(unlocked, page), timeout=3000)
    assert [o.title for o in repo.get(page.conversation.id).new_objectives] == ["Reduce handover time"]

    click(objectives.undo_button)                       # back in place, with its text
    assert [e.summary() for e in objectives.editors] == ["Mentor a student paramedic", "Reduce handover time"]
    assert objectives.editors[0] is first and first.title.text() == "New objective 1"
    assert not objectives.undo_button.isVisible()
    assert unsaved_everywhere(unlocked, page)
    qtbot.waitUntil(lambda: saved_everywhere(unlocked, page), timeout=3000)
    assert [o.title for o in repo.get(page.conversation.id).new_objectives] == [
        "Mentor a student paramedic", "Reduce handover time"]

    # Ctrl+Z outside a text field puts it back too (focus is on Undo remove after a removal)
    click(objectives.editors[1].remove)
    assert QApplication.focusWidget() is objectives.undo_button
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert [e.summary() for e in objectives.editors] == ["Mentor a student paramedic", "Reduce handover time"]

    # inside a text field Ctrl+Z undoes typing, not the removal
    click(objectives.editors[1].remove)
    measure = objectives.editors[0].measure
    measure.setFocus()
    type_text(measure, "x")
    QTest.keyClick(measure, Qt.Key.Key_Z, CTRL)
    assert measure.text() == "" and len(objectives.editors) == 1

    # leaving the section makes the removal final
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, CTRL)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, CTRL)
    assert page.current_section is perf
    assert not objectives.undo_button.isVisible() and len(objectives.editors) == 1
    QTest.keyClick(objectives.add_button, Qt.Key.Key_Z, CTRL)
    assert len(objectives.editors) == 1
    assert saved_everywhere(unlocked, page)
    assert [o.title for o in repo.get(page.conversation.id).new_objectives] == ["Mentor a student paramedic"]


def test_actions_and_development_needs_can_be_put_back_too(unlocked, qtbot):
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.EADR)
    wb, dev = page.sections[0], page.sections[4]
    for section, repeating, text in ((wb, wb.actions, "Occupational health referral"),
                                     (dev, dev.items, "ILS instructor course")):
        page.steps.setCurrentRow(page.sections.index(section))
        click(repeating.add_button)
        type_text(QApplication.focusWidget(), text)
        click(repeating.editors[0].remove)
        assert repeating.editors == [] and repeating.empty.isVisible()
        assert repeating.undo_button.accessibleName().endswith(text)
        click(repeating.undo_button)
        assert [e.summary() for e in repeating.editors] == [text] and not repeating.empty.isVisible()
    qtbot.waitUntil(lambda: saved_everywhere(unlocked, page), timeout=3000)
    stored = shell.workspace.conversations().get(page.conversation.id)
    assert stored.wellbeing.actions[0].text == "Occupational health referral"
    assert stored.development[0].need == "ILS instructor course"


def test_enter_presses_the_focused_button_but_makes_a_new_line_in_notes(unlocked):
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.EADR)
    wb = page.sections[0]
    wb.actions.add_button.setFocus()
    QTest.keyClick(wb.actions.add_button, Qt.Key.Key_Return)
    assert len(wb.actions.editors) == 1
    wb.notes.setFocus()
    type_text(wb.notes, "One")
    QTest.keyClick(wb.notes, Qt.Key.Key_Return)
    type_text(wb.notes, "Two")
    assert wb.notes.text() == "One\nTwo"


def test_a_focused_note_shows_a_thicker_frame(unlocked):
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.EADR)
    notes = page.sections[0].notes
    page.steps.setFocus()
    QApplication.processEvents()
    before = notes.grab().toImage()
    notes.setFocus()
    QApplication.processEvents()
    after = notes.grab().toImage()
    # two pixels in from the edge: plain background before, the focus frame after (width, not only colour)
    assert QColor(before.pixel(2, notes.height() // 2)) != QColor(after.pixel(2, notes.height() // 2))
    assert QColor(after.pixel(2, notes.height() // 2)) == QColor(after.pixel(0, notes.height() // 2))


def test_every_field_has_a_name_unique_within_its_section(unlocked):
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.EADR)
    wb, values, perf, talent, dev, sign = page.sections
    for repeating in (wb.actions, perf.objectives, perf.objectives, dev.items, dev.items):
        page.steps.setCurrentRow(page.sections.index(repeating.parentWidget()))
        click(repeating.add_button)
    titles = [r._objective.title for r in perf.reviews]
    assert [r.outcome.accessibleName() for r in perf.reviews] == [
        f"Outcome of objective {i}: {t}" for i, t in enumerate(titles, 1)]
    assert perf.objectives.editors[1].measure.accessibleName() == "Measure of new objective 2"
    for section in page.sections:
        names = [w.accessibleName() or QAccessible.queryAccessibleInterface(w).text(QAccessible.Text.Name)
                 for w in section.findChildren(QWidget)   # set names, else what a screen reader reads (a button's text)
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(section)]
        assert all(names), f"{section.section.label}: a field without a name"
        duplicates = {n for n in names if names.count(n) > 1}
        assert not duplicates, f"{section.section.label}: {duplicates}"


def test_down_from_the_team_search_goes_to_the_results(unlocked):
    from PySide6.QtWidgets import QToolButton
    team = unlocked.shell.team
    person = fresh_person(unlocked.shell)
    QTest.keyClick(QApplication.focusWidget() or unlocked, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is team.search
    type_text(team.search, "no such person anywhere")
    QTest.keyClick(team.search, Qt.Key.Key_Down)            # nothing to go to: the search keeps the keyboard
    assert QApplication.focusWidget() is team.search
    team.search.selectAll()
    type_text(team.search, person.assignment_number)
    QTest.keyClick(team.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is team.table
    assert team.table.currentIndex().row() == 0
    assert team.panel.isVisible()
    clear = [b for b in team.search.findChildren(QToolButton)]
    assert clear and clear[0].accessibleName() == "Clear: search the team"
