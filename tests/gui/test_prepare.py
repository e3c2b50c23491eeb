"""*Prepare for my EADR*, pressed as people press it: a staff member with a code on the lock screen, the
manager opening the screen for a person (the workspace locks behind it), and the manager bringing the
person's own words across into the EADR with one key. Screenshots go to /tmp/h22."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenuBar

from desktop.domain.conversation import Kind
from desktop.domain.preparation import Preparation
from desktop.security.feedback360 import format_code
from desktop.security.preparation import code_for
from desktop.security.unlock import unlock_workspace
from desktop.ui.feedback import prepare as prepare_ui
from desktop.ui.feedback.prepare import PrepareWindow
from tests.gui.conftest import type_text, unlock_by_keys
from tests.gui.test_give_feedback import use_code

SHOTS = Path("/tmp/h22")


def _with_objectives(ws):
    """A person whose last signed EADR agreed objectives (last year's, to reflect on)."""
    repo = ws.conversations()
    for person in ws.staff().all():
        last = repo.last_signed(person.id)
        if person.is_active and last is not None and last.new_objectives:
            return person, [o.title for o in last.new_objectives]
    raise AssertionError("the demo has nobody with a signed EADR and objectives")


def _shots(widget, name: str, qtbot) -> None:
    SHOTS.mkdir(exist_ok=True)
    for w, h in ((1366, 768), (1024, 768)):
        widget.resize(w, h)
        qtbot.wait(30)
        widget.grab().save(str(SHOTS / f"{name}-{w}.png"))


def test_a_person_prepares_with_a_code_and_nothing_else_is_reachable(qtbot, window, demo_folder):
    ws = unlock_workspace(demo_folder, "demo")
    try:
        person, objectives = _with_objectives(ws)
        code, _until = code_for(ws, person)
    finally:
        ws.close()
    assert window.unlock.code_button.text() == "&Use a code…"
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "lock-screen.png"))
    qtbot.mouseClick(window.unlock.code_button, Qt.MouseButton.LeftButton)
    code_window = window.unlock.code_window
    type_text(code_window.code, "ABCD-EFGH-JK2")     # one letter short: named, nothing opens
    qtbot.keyClick(code_window.code, Qt.Key.Key_Return)
    assert "12 letters and numbers" in code_window.code_error.text() and window.unlock.kiosk_window is None
    code_window.grab().save(str(SHOTS / "use-a-code.png"))
    code_window.code.clear()
    kiosk = use_code(qtbot, window, code_window, format_code(code).lower())
    assert isinstance(kiosk, PrepareWindow) and person.display_name in kiosk.windowTitle()
    assert kiosk.tabs is None                  # opened with a code: no earlier records shown
    assert [title for title, _ in kiosk.objectives] == objectives
    # Keyboard only: the first field has the keyboard; Tab goes on to the values.
    assert QApplication.focusWidget() is kiosk.wellbeing
    type_text(kiosk.wellbeing, "Tired after a run of nights, but coping.")
    qtbot.keyClick(kiosk.wellbeing, Qt.Key.Key_Tab)
    first_value = next(iter(kiosk.values.values()))
    assert QApplication.focusWidget() is first_value
    type_text(first_value, "Stayed with a frightened patient until her daughter came.")
    for edit in (kiosk.wellbeing, *kiosk.values.values(), *(e for _, e in kiosk.objectives), kiosk.development,
                 kiosk.career):
        assert edit.accessibleName(), edit
    _shots(kiosk, "kiosk-code", qtbot)
    # Nothing else: modal, no menus, Tab stays inside, the main window's shortcuts do nothing.
    assert not kiosk.findChildren(QMenuBar)
    assert QApplication.activeModalWidget() is kiosk
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert kiosk.isAncestorOf(QApplication.focusWidget())
    for key, mod in ((Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)):
        qtbot.keyClick(QApplication.focusWidget(), key, mod)
        assert QApplication.activeModalWidget() is kiosk and window.workspace is None
    # Esc: kept, back to the lock screen.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)
    assert window.stack.currentWidget() is window.unlock and window.workspace is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.unlock.passphrase)
    # The same code carries on where they left off.
    qtbot.mouseClick(window.unlock.code_button, Qt.MouseButton.LeftButton)
    again = use_code(qtbot, window, window.unlock.code_window, code)
    assert again.wellbeing.text() == "Tired after a run of nights, but coping."
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)
    # The manager unlocks: it is collected into the workspace.
    unlock_by_keys(qtbot, window)
    assert window.workspace is not None
    stored = window.workspace.preparations().current(person.id)
    assert stored.preparation.wellbeing == "Tired after a run of nights, but coping." and not stored.finished
    assert "frightened patient" in next(iter(stored.preparation.values.values()))


@pytest.fixture
def shown(monkeypatch):
    """The manager's preparation dialog shows instead of blocking, so the test presses its buttons."""
    seen: dict[str, object] = {}

    def show(self):
        seen[type(self).__name__] = self
        self.show()
        return 0
    monkeypatch.setattr(prepare_ui.PreparationDialog, "exec", show)
    return seen


def test_the_manager_opens_the_screen_for_a_person_and_the_workspace_locks_behind_it(qtbot, unlocked, shown):
    window = unlocked
    person, _objectives = _with_objectives(window.workspace)
    window.shell.team.select(person.id)
    assert window.shell.team.panel.prepare_button.isVisible()
    qtbot.mouseClick(window.shell.team.panel.prepare_button, Qt.MouseButton.LeftButton)
    dialog = shown["PreparationDialog"]
    qtbot.waitExposed(dialog)
    assert "nothing written yet" in dialog.state.text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is not None)
    kiosk = window.unlock.kiosk_window
    assert window.workspace is None and window.stack.currentWidget() is window.unlock   # locked behind it
    qtbot.waitUntil(kiosk.isActiveWindow)
    assert kiosk.tabs is not None and "signed off" in kiosk.previous.toPlainText()   # their own records, read-only
    assert kiosk.previous.isReadOnly()
    type_text(kiosk.wellbeing, "Back on days now, much better.")
    kiosk.career.setFocus()
    type_text(kiosk.career, "Specialist paramedic in urgent care.")
    _shots(kiosk, "kiosk-manager", qtbot)
    kiosk.tabs.setCurrentIndex(1)
    kiosk.grab().save(str(SHOTS / "kiosk-previous-1024.png"))
    kiosk.tabs.setCurrentIndex(0)
    qtbot.mouseClick(kiosk.finish_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentWidget() is kiosk.thanks
    qtbot.keyClick(kiosk.thanks_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)
    assert window.workspace is None
    unlock_by_keys(qtbot, window)
    stored = window.workspace.preparations().current(person.id)
    assert stored.finished and stored.preparation.career == "Specialist paramedic in urgent care."


def test_their_words_beside_the_eadr_and_one_key_brings_a_sentence_across(qtbot, unlocked):
    window = unlocked
    ws = window.workspace
    repo = ws.conversations()
    person = next(s for s in ws.staff().all() if s.is_active and (repo.open_for(s.id) is None
                                                                   or repo.open_for(s.id).kind is Kind.EADR))
    ws.preparations().keep(person.id, Preparation(wellbeing="Nights are hard at the moment. The team keeps me "
                                                  "going.", career="Critical care one day."), True, "test")
    if repo.open_for(person.id) is None:
        repo.start(person.id)
    window.shell.team.reload(select_id=person.id)
    window.shell.team.select(person.id)
    qtbot.mouseClick(window.shell.team.panel.eadr_button, Qt.MouseButton.LeftButton)
    page = window.shell.conversation
    assert page is not None and page.their_words is not None
    page.steps.setFocus()
    qtbot.keyClick(page.steps, Qt.Key.Key_Home)           # the first section: check-in and wellbeing
    words = page.their_words
    assert words.heading.text() == f"In {person.first_name}'s own words"
    assert "Nights are hard at the moment." in words.view.toPlainText()
    assert "Ctrl+Shift+B" in words.bring_button.text() and "own preparation" in words.source.text()
    notes = page.sections[0].notes
    notes.setFocus()
    type_text(notes, "We talked about rest.")
    qtbot.keyClick(notes, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert notes.text() == "We talked about rest. Nights are hard at the moment."
    qtbot.keyClick(notes, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert notes.text() == "We talked about rest. Nights are hard at the moment. The team keeps me going."
    assert "Brought across" in words.status.text()
    # Keyboard only: Tab from the section's last button into their words, select two words, bring them across.
    page.next.setFocus()
    qtbot.keyClick(page.next, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is words.view
    qtbot.keyClick(words.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(words.view, Qt.Key.Key_Down)
    for _ in range(2):
        qtbot.keyClick(words.view, Qt.Key.Key_Right,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(words.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert notes.text() == "We talked about rest. Nights are hard at the moment. The team keeps me going. Nights are"
    notes.setFocus()
    for _ in range(len(" Nights are")):
        qtbot.keyClick(notes, Qt.Key.Key_Backspace)
    _shots(window, "conversation-their-words", qtbot)
    window.resize(1366, 768)
    qtbot.keyClick(notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "The team keeps me going." in repo.get(page.conversation.id).private_notes
    # The talent section shows their career hopes.
    qtbot.keyClick(notes, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.current_section.section.value == "talent"
    assert "Critical care one day." in words.view.toPlainText()


def test_from_the_eadr_the_manager_hands_over_the_pc_and_their_new_words_appear_beside_it(qtbot, unlocked, shown):
    window = unlocked
    ws = window.workspace
    repo = ws.conversations()
    person = next(s for s in ws.staff().all() if s.is_active and repo.open_for(s.id) is None)
    repo.start(person.id)
    window.shell.team.reload(select_id=person.id)
    window.shell.team.select(person.id)
    qtbot.mouseClick(window.shell.team.panel.eadr_button, Qt.MouseButton.LeftButton)
    page = window.shell.conversation
    words = page.their_words
    assert "has not prepared yet" in words.source.text() and not words.view.isVisible()
    qtbot.mouseClick(words.prepare_button, Qt.MouseButton.LeftButton)
    dialog = shown["PreparationDialog"]
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(SHOTS / "manager-dialog.png"))
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is not None)
    kiosk = window.unlock.kiosk_window
    assert window.workspace is None
    qtbot.waitUntil(kiosk.isActiveWindow)
    type_text(kiosk.wellbeing, "Better since moving to days.")
    qtbot.keyClick(kiosk.wellbeing, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)
    unlock_by_keys(qtbot, window)
    page = window.shell.conversation          # the EADR is open again where the manager was
    assert page is not None and page.staff.id == person.id
    page.steps.setFocus()
    qtbot.keyClick(page.steps, Qt.Key.Key_Home)
    assert "Better since moving to days." in page.their_words.view.toPlainText()


def test_the_preparation_form_prints_through_the_preview_with_a_code_that_opens_it(qtbot, unlocked, shown,
                                                                                   monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.dialogs.print_preview import PrintPreview
    from tests.unit.test_documents import pdf_text
    monkeypatch.setattr(PrintPreview, "exec", lambda self: (shown.__setitem__("PrintPreview", self), self.show())[0])
    window = unlocked
    person, objectives = _with_objectives(window.workspace)
    window.shell.team.select(person.id)
    qtbot.mouseClick(window.shell.team.panel.prepare_button, Qt.MouseButton.LeftButton)
    dialog = shown["PreparationDialog"]
    assert dialog.with_code.isChecked()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    preview = shown["PrintPreview"]
    qtbot.waitExposed(preview)
    assert "the only copy of the code" in preview.windowTitle() and preview.pdf_bytes.startswith(b"%PDF")
    target = tmp_path / "prep.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    text = pdf_text(target)
    assert f"Preparing for your EADR — {person.first_name}" in text and objectives[0][:20] in text
    code = next(w.rstrip(".") for w in text.split() if w.count("-") == 2 and len(w.rstrip(".")) == 14)
    entries = window.workspace.db.execute("SELECT summary FROM audit_log ORDER BY rowid DESC LIMIT 3").fetchall()
    assert any("EADR preparation form" in e[0] and "one-time code" in e[0] for e in entries)
    preview.close()
    dialog.close()
    # The code works on the lock screen.
    window.lock()
    qtbot.mouseClick(window.unlock.code_button, Qt.MouseButton.LeftButton)
    kiosk = use_code(qtbot, window, window.unlock.code_window, code)
    assert isinstance(kiosk, PrepareWindow) and kiosk.session.staff_name == person.display_name
    kiosk.close()
