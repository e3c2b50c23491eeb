"""Multi-line text that plays well with the keyboard (Tab moves on) and says what it is."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy


class NoteEdit(QPlainTextEdit):
    """A plain-text box; Tab moves to the next field so a whole form works without a mouse."""

    edited = Signal()

    def __init__(self, accessible_name: str, placeholder: str = "", lines: int = 3, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(placeholder)
        self._min_lines, self._max_lines = lines, max(lines, 14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self.edited)
        self.textChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        """Grow with the text (up to a limit, then scroll) so long notes stay readable."""
        metrics = self.fontMetrics()
        width = max(50, self.viewport().width() - 2 * int(self.document().documentMargin()))
        text = self.toPlainText() or " "
        height = metrics.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text).height()
        lines = max(1, round(height / metrics.lineSpacing()))
        if lines > 1:
            lines += 1  # the document wraps a little differently from QFontMetrics; never hide a line
        shown = min(max(lines, self._min_lines), self._max_lines)
        frame = self.frameWidth() * 2 + 2 * int(self.document().documentMargin())
        self.setFixedHeight(shown * metrics.lineSpacing() + frame + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        if text != self.toPlainText():
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)
