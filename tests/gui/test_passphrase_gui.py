"""Workspace → Change passphrase…: inline refusals beside each field, then the new passphrase unlocks."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.ui.dialogs.passphrase import ChangePassphraseDialog
from tests.conftest import FAST
from tests.gui.conftest import type_text

NEW = "lantern otter quarry velvet"


def _fill(dialog, current, new, repeat):
    for field, text in ((dialog.current, current), (dialog.new, new), (dialog.repeat, repeat)):
        field.clear()
        type_text(field, text)


def test_change_passphrase_dialog_refuses_inline_then_changes_it(unlocked, qtbot):
    assert unlocked.passphrase_action.isEnabled()
    dialog = ChangePassphraseDialog(unlocked.workspace, unlocked, params=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    names = {w.accessibleName() for w in (dialog.current, dialog.new, dialog.repeat)}
    assert names == {"Current passphrase", "New passphrase", "Repeat new passphrase"}
    key_before = (unlocked.workspace.folder / "key.json").read_bytes()

    _fill(dialog, "demo", "short", "short")
    dialog.change_button.click()
    assert dialog.errors["new"].isVisible() and "Too short" in dialog.errors["new"].text()
    assert dialog.isVisible()

    _fill(dialog, "demo", NEW, NEW + "!")
    dialog.change_button.click()
    assert "different" in dialog.errors["repeat"].text() and not dialog.errors["new"].isVisible()

    _fill(dialog, "not it at all", NEW, NEW)
    dialog.change_button.click()
    assert "not this workspace's current passphrase" in dialog.errors["current"].text()
    assert (unlocked.workspace.folder / "key.json").read_bytes() == key_before

    _fill(dialog, "demo", "Zoë’s ambulance rota", "Zoë’s ambulance rota")   # non-ASCII typed as real keys
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.current.text() == "" and dialog.new.text() == ""

    unlocked.lock()
    unlocked.unlock.passphrase.setText("demo")
    unlocked.unlock.try_unlock()
    assert unlocked.shell is None and "does not open" in unlocked.unlock.error.text()
    unlocked.unlock._pause = lambda seconds: None
    unlocked.unlock.passphrase.setText("Zoë’s ambulance rota")
    unlocked.unlock.try_unlock()
    assert unlocked.shell is not None
    assert not unlocked.passphrase_action.isEnabled() or unlocked.workspace is not None


def test_menu_offers_change_passphrase_only_when_unlocked(window):
    assert not window.passphrase_action.isEnabled()
    assert "Change &passphrase…" in [a.text() for a in window.menuBar().actions()[2].menu().actions()]


def test_dialog_screenshot_fits(unlocked, qtbot, tmp_path):
    dialog = ChangePassphraseDialog(unlocked.workspace, unlocked, params=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.new, "lantern otter")
    dialog.change_button.click()
    qtbot.wait(10)
    assert dialog.errors["current"].isVisible()
    hint = dialog.meter.hint
    assert hint.geometry().bottom() <= hint.parentWidget().height() and dialog.height() < 700
    dialog.grab().save(str(tmp_path / "change-passphrase.png"))
