from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.domain.staff import Staff
from desktop.security.unlock import unlock_workspace
from desktop.store.backups import list_backups
from desktop.ui.dialogs.restore import RestoreDialog


def test_back_up_now_and_on_closing_only_when_something_changed(unlocked):
    folder = unlocked.workspace.folder
    unlocked.backup_action.trigger()
    assert [b.kind for b in list_backups(folder)] == ["manual"]
    assert "Backup saved" in unlocked.statusBar().currentMessage()
    unlocked._timed_backup()                       # nothing changed since: no automatic copy
    assert len(list_backups(folder)) == 1
    unlocked.workspace.staff().add(Staff("99999999", "Zoë", "Fernández"))
    unlocked.close()
    assert [b.kind for b in list_backups(folder)] == ["on-close", "manual"]


def test_restore_from_the_menu_goes_back_and_keeps_what_it_replaced(unlocked, monkeypatch):
    ws = unlocked.workspace
    folder = ws.folder
    unlocked.backup_action.trigger()
    ws.staff().add(Staff("99999999", "Zoë", "Fernández"))
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    unlocked.restore_action.trigger()
    assert unlocked.workspace is None and unlocked.stack.currentWidget() is unlocked.unlock
    assert "Restored the copy" in unlocked.unlock.notice.text()
    unlocked.unlock.passphrase.setText("demo")
    unlocked.unlock.try_unlock()
    assert unlocked.workspace.staff().by_assignment("99999999") is None
    kinds = [b.kind for b in list_backups(folder)]
    assert "before-restore" in kinds
    unlocked.close()
    with unlock_workspace(folder, "demo") as again:
        assert again.staff().by_assignment("99999999") is None
