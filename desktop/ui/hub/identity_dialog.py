"""The passphrase HR chooses for its exported age identity (Hub → Export HR's age identity…)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop.hub.service import IDENTITY_WARNING


class IdentityPassphraseDialog(QDialog):
    """A new passphrase for the identity file, typed twice; at least 8 characters."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export HR's age identity")
        form = QFormLayout(self)
        intro = QLabel("The identity opens every station bundle with the standard age tool. Choose a passphrase "
                       "for the file. " + IDENTITY_WARNING)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.first, self.second = QLineEdit(), QLineEdit()
        for field, text in ((self.first, "&Passphrase"), (self.second, "The &same again")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(text.replace("&", ""))
            form.addRow(text, field)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def passphrase(self) -> str:
        return self.first.text()

    def _check(self) -> None:
        if len(self.first.text()) < 8:
            self.problem.setText("Problem: the passphrase must be at least 8 characters.")
        elif self.first.text() != self.second.text():
            self.problem.setText("Problem: the two passphrases differ; type the same one twice.")
        else:
            self.accept()
