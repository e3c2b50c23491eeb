"""The EADR on a station's small screen (1024×768): every field and button can be scrolled into view,
nothing is cut off at the side, the signatures are in view when sign-off opens, and the talent
placement reads as words agreed together."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QScrollArea,
    QTextEdit, QWidget,
)

from desktop.domain.conversation import IMPACT_CHOICES, Kind
from tests.gui.conftest import type_text
from tests.gui.test_conversation import click, fresh_person
from tests.unit.test_documents import pdf_text

INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractButton, QDateEdit, QAbstractSpinBox)


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def scroller_of(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


def scroll_whole(scroller: QScrollArea, section: QWidget, widget: QWidget) -> None:
    """Scroll so all of `widget` shows (ensureWidgetVisible shows only a text field's cursor line)."""
    bar = scroller.verticalScrollBar()
    top = widget.mapTo(section, QPoint(0, 0)).y()
    bottom = top + widget.height()
    if bottom > bar.value() + scroller.viewport().height():
        bar.setValue(bottom - scroller.viewport().height())
    if top < bar.value():
        bar.setValue(top)


def assert_reachable(section: QWidget, scroller: QScrollArea) -> int:
    """Scroll to each visible input of `section` and check all of it is then on screen."""
    checked = 0
    for widget in section.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisibleTo(section):
            continue
        if widget.parentWidget() is not None and isinstance(widget.parentWidget(), QLineEdit):
            continue  # a line edit's own clear button
        name = widget.accessibleName() or widget.objectName() or type(widget).__name__
        for _ in range(4):  # as a person scrolls: wrapped lines may settle their height on the way
            scroll_whole(scroller, section, widget)
            settle()
            shown = QRect(widget.mapTo(scroller.viewport(), QPoint(0, 0)), widget.size())
            if scroller.viewport().rect().contains(shown):
                break
        assert widget.width() > 0 and widget.height() > 0, f"{name} has no size"
        bar = scroller.verticalScrollBar()
        assert scroller.viewport().rect().contains(shown), (f"{name} cannot be scrolled fully into view: {shown}; "
                                                            f"scroll {bar.value()}/{bar.maximum()}, section {section.geometry()}")
        checked += 1
    return checked


# 910×512 is what a 1366×768 screen leaves at 150 % scaling.
@pytest.mark.parametrize("size", [(1024, 768), (1366, 768), (910, 512)])
def test_every_input_of_every_section_can_be_scrolled_into_view(unlocked, size):
    unlocked.resize(*size)
    settle()
    assert (unlocked.width(), unlocked.height()) == size
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.EADR)
    wb, values, perf, talent, dev, sign = page.sections
    lists = {wb: wb.actions, perf: perf.objectives, dev: dev.items}
    total = 0
    for row, section in enumerate(page.sections):
        page.steps.setCurrentRow(row)
        settle()
        if section in lists:   # a list is checked with items in it and Undo remove showing
            repeating = lists[section]
            click(repeating.add_button)
            click(repeating.add_button)
            type_text(QApplication.focusWidget(), "Confidence leading difficult conversations with families")
            click(repeating.editors[1].remove)
            assert repeating.undo_button.isVisible()
            settle()
        scroller = scroller_of(section)
        assert scroller.horizontalScrollBar().maximum() == 0, f"{section.section.label} needs sideways scrolling"
        total += assert_reachable(section, scroller)
    click(sign.on_paper)                     # the paper-signature fields show instead of the typed name
    settle()
    total += assert_reachable(sign, scroller_of(sign))
    for widget in (page.back, page.print_button, page.previous, page.next, page.steps):
        assert QRect(widget.mapTo(unlocked, QPoint(0, 0)), widget.size()).bottom() < unlocked.statusBar().y()
    assert total > 60


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_the_signatures_are_in_view_when_sign_off_opens(unlocked, size):
    unlocked.resize(*size)
    settle()
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.EADR)
    page.steps.setFocus()
    for _ in range(len(page.sections) - 1):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        settle()
    sign = page.signoff_section
    assert page.current_section is sign
    assert QApplication.focusWidget() is sign.summary       # Next section puts the keyboard in the first field
    viewport = scroller_of(sign).viewport()
    for widget in (sign.staff_sign_button, sign.manager_sign_button, sign.staff_name, sign.manager_name):
        shown = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
        bar = scroller_of(sign).verticalScrollBar()
        assert viewport.rect().contains(shown), (f"{widget.accessibleName() or widget.text()} is out of view: "
                                                 f"{shown}, scroll {bar.value()}/{bar.maximum()}")


def test_a_disabled_ready_for_sign_off_says_why(unlocked):
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.EADR)
    sign = page.signoff_section
    page.steps.setCurrentRow(len(page.sections) - 1)
    settle()
    # nothing recorded yet: a planned conversation
    assert not sign.ready_button.isEnabled()
    assert sign.ready_why.isVisible() and "Nothing is recorded yet" in sign.ready_why.text()
    assert sign.ready_button.toolTip() == sign.ready_why.text()
    from tests.gui.conftest import type_text
    type_text(sign.summary, "A good year.")
    QTest.keyClick(sign.summary, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)   # Ctrl+S saves now
    assert page.conversation.summary == "A good year."
    assert not sign.ready_button.isEnabled()
    why = sign.ready_why.text()
    assert "Not ready yet" in why and "an objective" in why and "Agree at least one thing to learn" in why
    assert "Not yet discussed: wellbeing, values" in sign.ready_button.toolTip()


def test_talent_is_agreed_together_in_words_not_grades(unlocked, tmp_path):
    shell = unlocked.shell
    person = fresh_person(shell)
    page = shell.open_conversation(person, Kind.EADR)
    talent = page.sections[3]
    page.steps.setCurrentRow(3)
    settle()
    words = " ".join(w.text() for w in talent.findChildren(QWidget) if hasattr(w, "text") and callable(w.text)
                     and isinstance(w.text(), str))
    assert "Agree these together" in words and "not a grade" in words
    for bare in ("Low", "Moderate", "High"):
        assert bare not in [b.text() for b in talent.findChildren(QAbstractButton)]
    # each real option has a one-line description beside it, and a name a screen reader can tell apart
    for choice in IMPACT_CHOICES[1:]:
        assert choice.description in words
    names = [b.accessibleName() for b in talent.findChildren(QAbstractButton)]
    assert len(names) == len(set(names))
    click(talent.impact.buttons[2])
    click(talent.growth.buttons[3])
    assert talent.placement.text() == ("What you have agreed together: doing the role well; keen to grow further.")
    assert page.save_now()
    stored = shell.workspace.conversations().get(page.conversation.id)
    assert (stored.talent.impact, stored.talent.growth) == ("moderate", "high")
    # the printed record uses the same words
    from desktop.documents.eadr_record import EadrRecord, RecordContext
    ws = shell.workspace
    record = EadrRecord(stored, RecordContext(person, ws.info.station_name, ws.profile()))
    (tmp_path / "record.pdf").write_bytes(record.to_bytes())
    printed = " ".join(pdf_text(tmp_path / "record.pdf").split())
    assert "Doing the role well" in printed and "Keen to grow further" in printed
    assert "How the role is" in printed and "Timing of a next" in printed   # the labels wrap in their column


def test_ready_for_sign_off_once_every_theme_has_something(unlocked):
    from tests.gui.conftest import type_text
    shell = unlocked.shell
    page = shell.open_conversation(fresh_person(shell), Kind.EADR)
    wb, values, perf, talent, dev, sign = page.sections
    type_text(wb.held_on, "23/11/2026")
    type_text(next(iter(values.fields.values())), "Stayed with a frightened patient's wife.")
    page.steps.setCurrentRow(2)
    click(perf.objectives.add_button)
    editor = perf.objectives.editors[0]
    type_text(editor.title_edit, "Mentor a student paramedic")
    type_text(editor.measure, "Two placements")
    type_text(editor.target, "30/06/2027")
    page.steps.setCurrentRow(3)
    click(talent.readiness.buttons[2])
    page.steps.setCurrentRow(4)
    click(dev.items.add_button)
    type_text(dev.items.editors[0].need, "ILS instructor course")
    page.steps.setCurrentRow(5)
    settle()
    assert sign.ready_button.isEnabled() and not sign.ready_why.isVisible()
    click(sign.ready_button)
    assert page.status_label.text() == "Status: Awaiting sign-off"
    assert not sign.ready_button.isEnabled() and "Already marked ready" in sign.ready_why.text()
