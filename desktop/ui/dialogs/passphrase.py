"""Workspace → Change passphrase…: the current passphrase, the new one twice, with the strength meter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.security.keyfile import DEFAULT_PARAMS, Argon2Params, KeyFileError, WrongPassphrase
from desktop.security.passphrase import PassphraseRefused, change_passphrase, check_new
from desktop.store.workspace import Workspace
from desktop.ui.widgets.forms import FieldError, add_field, write_failure_text
from desktop.ui.widgets.strength import StrengthMeter


def _secret() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(280)
    return field


class ChangePassphraseDialog(QDialog):
    """Accepted only once the key file holds the new passphrase; every refusal is said beside its field."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, params: Argon2Params = DEFAULT_PARAMS):
        super().__init__(parent)
        self.workspace = workspace
        self.params = params
        self.setWindowTitle("Change passphrase")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel("The new passphrase opens this workspace from now on; the old one stops working. Your "
                       "records stay exactly as they are.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.current, self.new, self.repeat = _secret(), _secret(), _secret()
        self.errors = {
            "current": add_field(form, "&Current passphrase", self.current, "The passphrase you unlock with today"),
            "new": add_field(form, "&New passphrase", self.new,
                             "At least 10 characters; a few unrelated words work well"),
        }
        self.meter = StrengthMeter(self.new, form, self)
        self.errors["repeat"] = add_field(form, "&Repeat new passphrase", self.repeat, "Type the new passphrase again")
        layout.addLayout(form)
        self.form_error = FieldError()
        layout.addWidget(self.form_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.change_button = buttons.addButton("Change passphrase", QDialogButtonBox.ButtonRole.AcceptRole)
        self.change_button.setDefault(True)
        buttons.accepted.connect(self.try_change)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.current.setFocus()

    def _refuse(self, field: str, text: str) -> None:
        self.errors[field].show_error(text)
        {"current": self.current, "new": self.new, "repeat": self.repeat}[field].setFocus()
        self.adjustSize()   # make room for the message rather than clip it

    def try_change(self) -> None:
        for error in (*self.errors.values(), self.form_error):
            error.clear_error()
        current, new = self.current.text(), self.new.text()
        if not current:
            return self._refuse("current", "Type the passphrase you unlock with now.")
        try:
            check_new(current, new)
        except PassphraseRefused as exc:
            return self._refuse("new", str(exc))
        if self.repeat.text() != new:
            return self._refuse("repeat", "The two new passphrases are different. Type it again.")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)   # two key derivations: about a second
        try:
            change_passphrase(self.workspace, current, new, self.params)
        except WrongPassphrase:
            self.current.selectAll()
            return self._refuse("current", "That is not this workspace's current passphrase. Check Caps Lock.")
        except PassphraseRefused as exc:
            return self._refuse("new", str(exc))
        except KeyFileError as exc:
            self.form_error.show_error(f"{exc}. Nothing was changed.")
            self.adjustSize()
            return None
        except OSError as exc:
            self.form_error.show_error(write_failure_text(self.workspace.folder / "key.json", exc))
            self.adjustSize()
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.accept()
        return None
