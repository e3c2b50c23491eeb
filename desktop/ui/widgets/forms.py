"""Small helpers so every field has a visible label, an accessible name and an error line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget


class FieldError(QLabel):
    """An inline error under a field: words and a symbol, not colour alone."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(f"⚠ {text}")
        self.setAccessibleName(f"Error: {text}")
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()


def write_failure_text(path: Path, exc: OSError) -> str:
    """The words for a file that could not be written: the store's own message names the file and the
    cause (disk full, read-only folder); anything else still names the file and what to do."""
    from desktop.store.workspace import WriteFailed
    if isinstance(exc, WriteFailed):
        return str(exc)
    return f"{path} could not be written: {exc.strerror or exc}. Choose another folder; nothing was changed."


def sub_heading(text: str, buddy: QWidget) -> QLabel:
    """A section heading that is also the label of the list or table under it (Alt+letter focuses it)."""
    label = QLabel(text)
    label.setObjectName("subHeading")
    label.setBuddy(buddy)
    return label


def compact(combo: QComboBox, characters: int = 12) -> QComboBox:
    """Stop a combo box sizing itself to its longest item, which pushes forms off screen."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


def add_field(form: QFormLayout, label: str, widget: QWidget, help_text: str = "") -> FieldError:
    """Add `widget` with a buddy label (Alt+letter works) and return its error line."""
    caption = QLabel(label)
    caption.setBuddy(widget)
    widget.setAccessibleName(label.replace("&", ""))
    if help_text:
        widget.setAccessibleDescription(help_text)
        widget.setToolTip(help_text)
    error = FieldError()
    form.addRow(caption, widget)
    # A row of its own: QFormLayout gives a wrapped label the height it needs only
    # when the label is the row's own field, not when nested in another layout.
    form.addRow("", error)
    return error
