"""Their words beside the manager's: the staff member's preparation for the section on screen.

Read-only and headed as theirs in words (not by colour alone). BRING_KEY brings the sentence at the cursor,
or the selected text, across into the field the manager was writing in; pressing it again brings the next
sentence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.domain.conversation import Section
from desktop.domain.preparation import Preparation, sentence_at

BRING_KEY = "Ctrl+Shift+B"


class TheirWords(QWidget):
    """Shows one section's part of a preparation; `take()` gives the next piece to bring across."""

    preparation_requested = Signal()

    def __init__(self, first_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("theirWords")
        self.first_name = first_name
        self.preparation: Preparation | None = None
        self._headings: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(f"In {first_name}'s own words")
        self.heading.setObjectName("subHeading")
        self.heading.setWordWrap(True)
        self.source = QLabel()
        self.source.setObjectName("hint")
        self.source.setWordWrap(True)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setTabChangesFocus(True)
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.setAccessibleName(f"{first_name}'s own words, from their preparation (read-only)")
        self.heading.setBuddy(self.view)
        self.bring_button = QPushButton(f"Bring across ({BRING_KEY})")
        self.bring_button.setToolTip("Adds the sentence at the cursor, or the selected text, to the field you "
                                     f"were writing in. Press {BRING_KEY} again for the next sentence.")
        self.prepare_button = QPushButton("Their preparation…")
        self.prepare_button.setToolTip("Open the preparation screen for them, or print their preparation form")
        self.prepare_button.clicked.connect(lambda: self.preparation_requested.emit())
        row = QVBoxLayout()   # one above the other: the side column is narrow on a 1024-pixel screen
        for button in (self.bring_button, self.prepare_button):
            line = QHBoxLayout()
            line.addWidget(button)
            line.addStretch(1)
            row.addLayout(line)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Brought across")
        for widget in (self.heading, self.source, self.view):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def show_section(self, preparation: Preparation | None, source: str, section: Section,
                     read_only: bool) -> None:
        self.preparation = preparation
        parts = preparation.for_section(section) if preparation else []
        self._headings = {f"{heading}:" for heading, _ in parts}
        self.view.setPlainText("\n\n".join(f"{heading}:\n{text}" for heading, text in parts))
        if preparation is None:
            self.source.setText(f"{self.first_name} has not prepared yet. They can, on this PC or on paper: "
                                "press Their preparation….")
        elif not parts:
            self.source.setText(f"{source} Nothing of theirs for this section.")
        else:
            self.source.setText(f"{source} Their words, not yours: {BRING_KEY} brings a sentence into the field "
                                "you were writing in.")
        self.bring_button.setVisible(bool(parts) and not read_only)
        self.view.setVisible(bool(parts))
        self.prepare_button.setVisible(not read_only)
        self.status.clear()
        self.view.moveCursor(QTextCursor.MoveOperation.Start)

    def take(self) -> str:
        """The selected text, else the sentence at the cursor; the cursor moves past it for the next press."""
        cursor = self.view.textCursor()
        text = self.view.toPlainText()
        if cursor.hasSelection():
            taken = cursor.selectedText().replace("\u2029", "\n").strip()
            end = cursor.selectionEnd()
        else:
            position = cursor.position()
            while True:
                start, end = sentence_at(text, position)
                taken = text[start:end]
                if taken in self._headings and end < len(text):
                    position = end + 1     # a heading is ours, not theirs: take the sentence under it
                    continue
                break
            if taken in self._headings:
                taken = ""
        while end < len(text) and text[end].isspace():   # onto the next sentence, for the next press
            end += 1
        cursor.clearSelection()
        cursor.setPosition(min(len(text), end))
        self.view.setTextCursor(cursor)
        return taken
