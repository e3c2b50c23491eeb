from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QPlainTextEdit, QSpinBox

from desktop.store.audit import entries
from desktop.ui.main_window import MainWindow
from tests.gui.conftest import choose_menu, click, click_row, press_keys, retype, type_text, unlock_by_keys
from tests.gui.test_conversation import fresh_person
from tests.gui.modal import answer_next


def visible_text(window) -> str:
    parts = []
    for cls in (QLabel, QLineEdit, QPlainTextEdit):
        for widget in window.findChildren(cls):
            if widget.isVisible():
                parts.append(widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text())
    return "\n".join(parts) + window.windowTitle()


def test_ctrl_l_locks_with_nothing_personal_on_screen_and_unlock_returns_to_the_same_place(unlocked, qtbot):
    shell = unlocked.shell
    person = fresh_person(shell)
    shell.team.select(person.id)
    answer_next(qtbot, "Start new EADR")                                             # nothing open: it asks
    click(qtbot, shell.team.panel.eadr_button)                                       # Start EADR
    page = shell.conversation
    click_row(qtbot, page.steps, 1)
    assert page.steps.currentRow() == 1
    type_text(page.sections[1].fields["Care"], "Stayed with Mrs Ó Súilleabháin")   # not yet autosaved
    conversation_id = page.conversation.id
    press_keys(qtbot, unlocked, "Ctrl+L")
    assert unlocked.workspace is None and unlocked.shell is None
    assert unlocked.stack.currentWidget() is unlocked.unlock
    screen = visible_text(unlocked)
    assert person.last_name not in screen and "Súilleabháin" not in screen
    assert "Unlock to carry on where you were" in unlocked.unlock.notice.text()
    qtbot.keyClicks(unlocked.unlock.passphrase, "demo")
    qtbot.keyClick(unlocked.unlock.passphrase, Qt.Key.Key_Return)
    again = unlocked.shell.conversation
    assert again is not None and again.conversation.id == conversation_id
    assert again.steps.currentRow() == 1
    assert again.sections[1].fields["Care"].text() == "Stayed with Mrs Ó Súilleabháin"


def test_idle_timer_locks_and_its_length_is_a_workspace_setting(unlocked, qtbot, modal):
    assert unlocked.session.idle.isActive() and unlocked.session.idle.interval() == 5 * 60_000

    def twelve(dialog) -> None:
        spin = dialog.findChild(QSpinBox)
        retype(qtbot, spin, "12")
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    modal.when(QInputDialog, twelve)
    choose_menu(qtbot, unlocked, "Workspace", "Auto-lock after…")
    assert unlocked.session.idle.interval() == 12 * 60_000
    assert unlocked.workspace.setting("auto_lock_minutes") == "12"
    unlocked.session.idle.timeout.emit()
    assert unlocked.workspace is None and "period without use" in unlocked.unlock.notice.text()


def test_unsaved_profile_edits_survive_a_lock(unlocked, qtbot):
    team = unlocked.shell.team
    click_row(qtbot, team.table, 0)
    person = team.panel.staff
    retype(qtbot, team.panel.inputs["email"], "changed.before.lock@nhs.net")
    press_keys(qtbot, unlocked, "Ctrl+L")
    assert unlocked.shell is None
    unlock_by_keys(qtbot, unlocked)
    panel = unlocked.shell.team.panel
    assert panel.staff.id == person.id and panel.inputs["email"].text() == "changed.before.lock@nhs.net"
    assert panel.is_dirty()


def test_a_second_window_on_the_same_workspace_is_refused(window, qtbot):
    second = MainWindow(window.folder, window.folder)
    qtbot.addWidget(second)
    assert not second.unlock.button.isEnabled() and not second.unlock.passphrase.isEnabled()
    assert "already open in another EADR Station window" in second.unlock.error.text()


def test_failed_unlocks_slow_down_and_are_audited(window, qtbot):
    page = window.unlock
    for attempt in range(2):
        unlock_by_keys(qtbot, window, f"wrong {attempt}")
    assert not page.button.isEnabled() and "Wait 1 second before the next try" in page.error.text()
    qtbot.waitUntil(page.button.isEnabled, timeout=3000)
    page.passphrase.clear()
    qtbot.keyClicks(page.passphrase, "demo")
    qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    assert entries(window.workspace.db, limit=2)[0].summary == "Unlocked after 2 failed attempts"


def test_a_large_workspace_checked_in_the_background_locks_and_unlocks_cleanly(window, qtbot, monkeypatch):
    """The background page check finishes (or is waited for) before its window closes the workspace."""
    import desktop.store.database as database
    monkeypatch.setattr(database, "FULL_CHECK_BYTES", 0)
    for _ in range(2):
        unlock_by_keys(qtbot, window)
        assert window.shell is not None and not window.workspace.pages_checked
        qtbot.waitUntil(lambda: window.session.page_check is None, timeout=10000)   # finished, nothing found
        press_keys(qtbot, window, "Ctrl+L")
        assert window.shell is None and "damaged" not in window.unlock.notice.text()
    unlock_by_keys(qtbot, window)
    press_keys(qtbot, window, "Ctrl+L")   # straight away: the check still running is waited for, not left behind
    assert window.shell is None
