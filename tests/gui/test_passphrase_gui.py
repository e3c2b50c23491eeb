"""Workspace → Change passphrase…: inline refusals beside each field, then the new passphrase unlocks."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

import desktop.ui.dialogs.passphrase as passphrase_dialog
from desktop.ui.dialogs.passphrase import ChangePassphraseDialog
from tests.conftest import FAST
from tests.gui.conftest import choose_menu, click, press_keys, type_text, unlock_by_keys

NEW = "lantern otter quarry velvet"


@pytest.fixture
def fast_dialog(monkeypatch):
    """The menu's dialog with cheap key derivation (Argon2's real cost is tested in tests/unit)."""
    class Fast(ChangePassphraseDialog):
        def __init__(self, workspace, parent=None):
            super().__init__(workspace, parent, params=FAST)
    monkeypatch.setattr(passphrase_dialog, "ChangePassphraseDialog", Fast)


def _fill(qtbot, dialog, current, new, repeat):
    for field, text in ((dialog.current, current), (dialog.new, new), (dialog.repeat, repeat)):
        field.clear()
        type_text(field, text)


def test_change_passphrase_dialog_refuses_inline_then_changes_it(unlocked, qtbot, modal, fast_dialog):
    key_before = (unlocked.workspace.folder / "key.json").read_bytes()
    outcome = {}

    def use(dialog) -> None:
        names = {w.accessibleName() for w in (dialog.current, dialog.new, dialog.repeat)}
        assert names == {"Current passphrase", "New passphrase", "Repeat new passphrase"}
        _fill(qtbot, dialog, "demo", "short", "short")
        click(qtbot, dialog.change_button)
        assert dialog.errors["new"].isVisible() and "Too short" in dialog.errors["new"].text()
        assert dialog.isVisible()

        _fill(qtbot, dialog, "demo", NEW, NEW + "!")
        click(qtbot, dialog.change_button)
        assert "different" in dialog.errors["repeat"].text() and not dialog.errors["new"].isVisible()

        _fill(qtbot, dialog, "not it at all", NEW, NEW)
        click(qtbot, dialog.change_button)
        assert "not this workspace's current passphrase" in dialog.errors["current"].text()
        assert (unlocked.workspace.folder / "key.json").read_bytes() == key_before

        _fill(qtbot, dialog, "demo", "Zoë’s ambulance rota", "Zoë’s ambulance rota")   # non-ASCII as real keys
        qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
        outcome["result"] = dialog.result()
        outcome["cleared"] = dialog.current.text() == "" and dialog.new.text() == ""
    modal.when(ChangePassphraseDialog, use)
    choose_menu(qtbot, unlocked, "Workspace", "Change passphrase…")
    assert outcome == {"result": QDialog.DialogCode.Accepted, "cleared": True}
    assert "Passphrase changed" in unlocked.statusBar().currentMessage()

    press_keys(qtbot, unlocked, "Ctrl+L")
    unlock_by_keys(qtbot, unlocked, "demo")
    assert unlocked.shell is None and "does not open" in unlocked.unlock.error.text()
    unlocked.unlock._pause = lambda seconds: None   # no waiting after the failure in a test
    unlocked.unlock.passphrase.clear()
    type_text(unlocked.unlock.passphrase, "Zoë’s ambulance rota")
    qtbot.keyClick(unlocked.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not unlocked.unlock.busy, timeout=30000)
    assert unlocked.shell is not None and unlocked.passphrase_action.isEnabled()


def test_menu_offers_change_passphrase_only_when_unlocked(window):
    assert not window.passphrase_action.isEnabled()
    assert "Change &passphrase…" in [a.text() for a in window.menuBar().actions()[2].menu().actions()]


def test_dialog_screenshot_fits(unlocked, qtbot, tmp_path):
    dialog = ChangePassphraseDialog(unlocked.workspace, unlocked, params=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.new, "lantern otter")
    click(qtbot, dialog.change_button)
    qtbot.wait(10)
    assert dialog.errors["current"].isVisible()
    hint = dialog.meter.hint
    assert hint.geometry().bottom() <= hint.parentWidget().height() and dialog.height() < 700
    dialog.grab().save(str(tmp_path / "change-passphrase.png"))
