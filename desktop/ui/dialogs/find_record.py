"""Find by record ID or scan (Ctrl+Shift+F): a USB barcode scanner types a paper form's QR text and Enter
here, or the manager types the record ID printed on the form; the record opens for typing up."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.record_code import Lookup, read_code
from desktop.store.workspace import Workspace
from desktop.ui.widgets.forms import FieldError


class FindRecordDialog(QDialog):
    """Accepted with `found` set to a record that can be opened; anything else is explained in place, with
    the text selected so the next scan replaces it."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Find by record ID or scan")
        self.workspace = workspace
        self.found: Lookup | None = None
        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        intro = QLabel("Scan the QR code at the top of a paper form, or type the record ID printed beside it or at "
                       "the foot of its pages (the first 8 characters are enough).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code = QLineEdit()
        self.code.setPlaceholderText("For example: 1a2b3c4d")
        self.code.setMaxLength(200)
        self.code.setAccessibleName("Record ID or scan")
        self.code.setAccessibleDescription("The QR code's text from a scanner, or the record ID typed by hand")
        caption = QLabel("&Record ID or scan")
        caption.setBuddy(self.code)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.code, 1)
        layout.addLayout(row)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = buttons.addButton("&Open record", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.find)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.code.textEdited.connect(lambda text: self.error.clear_error())

    def find(self) -> None:
        """Look the text up: open the record, or say why not (unknown, a leaver's, deleted, discarded)."""
        text = self.code.text()
        code = read_code(text)
        if code is None:
            self.error.show_error("That is not a record ID. It is printed at the foot of every page of the form, "
                                  "like 1a2b3c4d-…; a name or assignment number is found on the Team page (Ctrl+F).")
        else:
            found = self.workspace.records().find(code)
            if found.opens:
                self.found = found
                self.accept()
                return
            self.error.show_error(found.message())
        self.adjustSize()   # the message is read in full, not cut off
        self.code.selectAll()
        self.code.setFocus()
