from PySide6.QtWidgets import QLabel, QMessageBox

from desktop.domain.staff import Staff
from desktop.security.unlock import unlock_workspace
from desktop.store.backups import list_backups
from desktop.ui.dialogs.restore import RestoreDialog
from tests.gui.conftest import choose_menu, unlock_by_keys


def test_back_up_now_and_on_closing_only_when_something_changed(unlocked, qtbot):
    folder = unlocked.workspace.folder
    choose_menu(qtbot, unlocked, "Workspace", "Back up now")
    qtbot.waitUntil(lambda: "Backup saved" in unlocked.statusBar().currentMessage(), timeout=20000)   # in the background
    assert [b.kind for b in list_backups(folder)] == ["manual"]
    assert unlocked.session.timed_backup() is None   # the 30-minute timer: nothing changed since, no copy
    assert len(list_backups(folder)) == 1
    unlocked.workspace.staff().add(Staff("99999999", "Zoë", "Fernández"))
    choose_menu(qtbot, unlocked, "File", "Quit")
    assert not unlocked.isVisible()
    assert [b.kind for b in list_backups(folder)] == ["on-close", "manual"]


def test_restore_from_the_menu_goes_back_and_keeps_what_it_replaced(unlocked, qtbot, modal):
    ws = unlocked.workspace
    folder = ws.folder
    choose_menu(qtbot, unlocked, "Workspace", "Back up now")
    qtbot.waitUntil(lambda: "Backup saved" in unlocked.statusBar().currentMessage(), timeout=20000)
    ws.staff().add(Staff("99999999", "Zoë", "Fernández"))
    words: list[str] = []
    modal.when(RestoreDialog, lambda d: words.append(" ".join(label.text() for label in d.findChildren(QLabel))))
    modal.press(RestoreDialog, "Restore this copy")

    def question(w) -> bool:
        return isinstance(w, QMessageBox) and w.windowTitle() == "Restore this backup?"
    modal.when(question, lambda box: words.append(box.text()))
    modal.press(question, "Yes")
    choose_menu(qtbot, unlocked, "Workspace", "Restore from a backup…")
    assert modal.seen == ["RestoreDialog", "RestoreDialog", "QMessageBox", "QMessageBox"]
    # Both the choice and the question say a restore makes the next bundle resend everything to HR.
    assert len(words) == 2 and all("the next bundle sends everything to HR again" in w for w in words)
    assert unlocked.workspace is None and unlocked.stack.currentWidget() is unlocked.unlock
    qtbot.waitUntil(lambda: "Restored the copy" in unlocked.unlock.notice.text(), timeout=20000)   # in the background
    assert unlocked.unlock.isEnabled()
    unlock_by_keys(qtbot, unlocked)
    assert unlocked.workspace.staff().by_assignment("99999999") is None
    kinds = [b.kind for b in list_backups(folder)]
    assert "before-restore" in kinds
    choose_menu(qtbot, unlocked, "File", "Quit")
    with unlock_workspace(folder, "demo") as again:
        assert again.staff().by_assignment("99999999") is None


def test_the_30_minute_backup_runs_in_the_background_when_something_changed(unlocked, qtbot):
    """The timer fires (as it would after 30 minutes): the copy is made off the GUI thread, the status bar says
    so, and the next tick with nothing new makes none."""
    folder = unlocked.workspace.folder
    assert unlocked.session.backup_timer.isActive() and unlocked.session.backup_timer.interval() == 30 * 60_000
    unlocked.workspace.staff().add(Staff("99999999", "Zoë", "Fernández"))
    before = len(list_backups(folder))
    unlocked.session.backup_timer.timeout.emit()
    qtbot.waitUntil(lambda: "Automatic backup saved" in unlocked.statusBar().currentMessage(), timeout=20000)
    assert [b.kind for b in list_backups(folder)][0] == "auto" and len(list_backups(folder)) == before + 1
    unlocked.session.backup_timer.timeout.emit()
    assert unlocked.session.backup is None or not unlocked.session.backup.running
    assert len(list_backups(folder)) == before + 1
