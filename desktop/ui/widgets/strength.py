"""The passphrase strength meter and hint, shared by creating a workspace and changing the passphrase."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar

from desktop.security.strength import MIN_LENGTH, assess

EMPTY_HINT = f"Use at least {MIN_LENGTH} characters. Three or four unrelated words are easy to remember."


class StrengthMeter(QObject):
    """A bar (0–4) and a sentence in words (not colour alone) under a passphrase field, updated as it is typed.

    Added to the form as two rows of their own: QFormLayout gives a wrapped label the height it needs only
    when the label is a row's own field."""

    def __init__(self, field: QLineEdit, form: QFormLayout, parent: QObject | None = None):
        super().__init__(parent or field)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName("Passphrase strength")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setObjectName("hint")
        form.addRow("", self.bar)
        form.addRow("", self.hint)
        field.textChanged.connect(self.show_strength)
        self.show_strength("")

    def show_strength(self, text: str) -> None:
        result = assess(text)
        self.bar.setValue(result.score)
        self.bar.setAccessibleDescription(result.label if text else "Nothing typed yet")
        hint = result.hint.removeprefix(f"{result.label}. ")   # "Good. Good. Another word…" reads as a stutter
        self.hint.setText(f"Strength: {result.label}. {hint}" if text else EMPTY_HINT)
