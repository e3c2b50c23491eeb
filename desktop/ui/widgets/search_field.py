"""A search box that Esc clears, as people expect from search-as-you-type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QToolButton


class SearchField(QLineEdit):
    def __init__(self, placeholder: str, accessible_name: str, parent=None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(accessible_name)
        self.setClearButtonEnabled(True)
        for button in self.findChildren(QToolButton):  # Qt's clear button has no name of its own
            button.setAccessibleName(f"Clear: {accessible_name.lower()}")
            button.setToolTip("Clear the search (Esc)")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)
