"""What the lock screen's restricted screens share (360 feedback, EADR preparation, the view of a conversation):
a window of their own, modal over the whole app, and a last page that thanks the person and goes back to the lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

KIOSK_FLAGS = Qt.WindowType.Window | Qt.WindowType.WindowTitleHint | Qt.WindowType.WindowCloseButtonHint


def make_kiosk(window: QDialog, title: str, name: str) -> None:
    """Modal over the whole application, so nothing else of the workspace can be reached while it shows."""
    window.setWindowTitle(title)
    window.setWindowModality(Qt.WindowModality.ApplicationModal)
    window.setAccessibleName(name)


class ThanksPage(QWidget):
    """"Thank you", what happened to their words, and *Back to the lock screen* (the default button)."""

    def __init__(self, text: str, window: QDialog):
        super().__init__()
        layout = QVBoxLayout(self)
        title = QLabel("Thank you")
        title.setObjectName("cardTitle")
        words = QLabel(text)
        words.setWordWrap(True)
        self.button = QPushButton("Back to the lock screen")
        self.button.setDefault(True)
        self.button.clicked.connect(window.accept)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(words)
        layout.addLayout(row)
        layout.addStretch(1)
