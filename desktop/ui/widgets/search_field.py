"""A search box that Esc clears, as people expect from search-as-you-type, and Down leaves for the results."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QToolButton, QWidget


class SearchField(QLineEdit):
    def __init__(self, placeholder: str, accessible_name: str, parent=None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(accessible_name)
        self.setClearButtonEnabled(True)
        for button in self.findChildren(QToolButton):  # Qt's clear button has no name of its own
            button.setAccessibleName(f"Clear: {accessible_name.lower()}")
            button.setToolTip("Clear the search (Esc)")

    def results(self) -> QAbstractItemView | None:
        """The list or table the search filters: the next one along the Tab order (even when it is
        hidden because nothing matches, so Down never jumps to some other list)."""
        widget: QWidget = self.nextInFocusChain()
        while widget is not self:
            if isinstance(widget, QAbstractItemView):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            view = self.results()
            if (view is not None and view.isVisible() and view.isEnabled() and view.model() is not None
                    and view.model().rowCount() > 0):
                if not view.currentIndex().isValid():
                    view.setCurrentIndex(view.model().index(0, 0))
                view.setFocus(Qt.FocusReason.TabFocusReason)
                event.accept()
                return
        super().keyPressEvent(event)
