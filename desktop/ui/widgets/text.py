"""Multi-line text that plays well with the keyboard (Tab moves on) and says what it is."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit


class NoteEdit(QPlainTextEdit):
    """A plain-text box; Tab moves to the next field so a whole form works without a mouse."""

    edited = Signal()

    def __init__(self, accessible_name: str, placeholder: str = "", lines: int = 3, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(placeholder)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(max(height, self.fontMetrics().lineSpacing() * 12))
        self.textChanged.connect(self.edited)

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        if text != self.toPlainText():
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)
