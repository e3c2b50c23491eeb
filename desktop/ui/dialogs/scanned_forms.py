"""What a scan held: the forms found by their codes, and the pages to match to a person by hand."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFrame, QGridLayout, QGroupBox, QLabel, QListWidget, QScrollArea,
    QVBoxLayout, QWidget,
)

from desktop.documents.scans import FoundForm, ScanSplit, ScannedPage
from desktop.domain.staff import Staff

LEAVE_OUT = ""


def form_line(found: FoundForm) -> str:
    c = found.conversation
    return (f"{found.staff.display_name} ({found.staff.assignment_number}) — {c.kind.label}, "
            f"{c.status.label.lower()} — {found.form.source_text}")


class ScannedFormsDialog(QDialog):
    """Accept keeps each form (and each page matched here) with its record, then types them up in order."""

    def __init__(self, found: Sequence[FoundForm], parts: ScanSplit, people: Sequence[Staff],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Scanned forms")
        self.found, self.parts = list(found), parts
        self.choices: list[QComboBox] = []
        layout = QVBoxLayout(self)

        words = [f"{parts.page_count} page{'s' if parts.page_count != 1 else ''} read",
                 f"{len(found)} form{'s' if len(found) != 1 else ''} found by their codes"]
        if parts.unmatched:
            words.append(f"{len(parts.unmatched)} page{'s' if len(parts.unmatched) != 1 else ''} to match by hand")
        summary = QLabel("; ".join(words) + ".")
        summary.setWordWrap(True)
        summary.setObjectName("sectionHeading")
        layout.addWidget(summary)

        forms_box = QGroupBox("Forms found — each opens beside its record for typing up, in this order")
        box = QVBoxLayout(forms_box)
        self.forms = QListWidget()
        self.forms.setAccessibleName("Forms found")
        for item in self.found:
            self.forms.addItem(form_line(item))
        if not self.found:
            self.forms.addItem("None: no page carried a code this workspace knows.")
        self.forms.setMaximumHeight(24 + 22 * min(6, max(1, len(self.found))))
        box.addWidget(self.forms)
        layout.addWidget(forms_box)

        if parts.unmatched:
            match_box = QGroupBox("Pages without a readable code — choose whose form each page is")
            outer = QVBoxLayout(match_box)
            hint = QLabel("The top of each page is shown. A page left out is not kept: scan it again later, or "
                          "match it here.")
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            outer.addWidget(hint)
            grid_host = QWidget()
            grid = QGridLayout(grid_host)
            for row, page in enumerate(parts.unmatched):
                grid.addWidget(self._thumbnail(page), row, 0, Qt.AlignmentFlag.AlignTop)
                text = QLabel(f"<b>{page.label}</b><br>{page.problem.capitalize()}.")
                text.setWordWrap(True)
                choice = self._choice(page, people)
                caption = QLabel("Belongs &to")
                caption.setBuddy(choice)
                column = QVBoxLayout()
                column.addWidget(text)
                column.addWidget(caption)
                column.addWidget(choice)
                column.addStretch(1)
                grid.addLayout(column, row, 1)
            grid.setColumnStretch(1, 1)
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setWidget(grid_host)
            outer.addWidget(scroller, 1)
            layout.addWidget(match_box, 1)

        notes = []
        if parts.blank:
            notes.append(f"{len(parts.blank)} blank page{'s' if len(parts.blank) != 1 else ''} (the backs of "
                         "sheets) left out.")
        if parts.slips:
            notes.append(f"{len(parts.slips)} code slip{'s' if len(parts.slips) != 1 else ''} (360 feedback, a "
                         "staff member's view or preparation) left out: they are not records; each person types "
                         "their own answers in with their code.")
        if notes:
            note = QLabel(" ".join(notes))
            note.setWordWrap(True)
            note.setObjectName("hint")
            layout.addWidget(note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.keep_button = buttons.addButton("&Keep with the records and type up",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button.setDefault(True)
        self.keep_button.setToolTip("Keeps each form's pages, encrypted, with its record (the signed paper copy), "
                                    "then opens the first beside its fields")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_keep()
        self.resize(760, 620 if parts.unmatched else 360)

    def _thumbnail(self, page: ScannedPage) -> QLabel:
        label = QLabel()
        pixmap = QPixmap()
        pixmap.loadFromData(page.thumbnail, "PNG")
        label.setPixmap(pixmap.scaledToWidth(300, Qt.TransformationMode.SmoothTransformation))
        label.setFrameShape(QFrame.Shape.Box)
        label.setAccessibleName(f"Top of {page.label}")
        return label

    def _choice(self, page: ScannedPage, people: Sequence[Staff]) -> QComboBox:
        choice = QComboBox()
        choice.setAccessibleName(f"Whose form is {page.label}")
        choice.addItem("Leave it out (not kept)", LEAVE_OUT)
        for item in self.found:
            choice.addItem(f"{item.staff.display_name}'s form above ({item.form.source_text})",
                           f"form:{item.conversation.id}")
        for person in people:
            choice.addItem(f"{person.display_name} ({person.assignment_number})", f"staff:{person.id}")
        choice.currentIndexChanged.connect(lambda _index: self._update_keep())
        self.choices.append(choice)
        return choice

    def _update_keep(self) -> None:
        matched = sum(1 for c in self.choices if c.currentData() != LEAVE_OUT)
        self.keep_button.setEnabled(bool(self.found) or matched > 0)

    def assignments(self) -> list[tuple[ScannedPage, str]]:
        """Each page matched by hand and what it was matched to ("form:<record id>" or "staff:<staff id>")."""
        return [(page, choice.currentData()) for page, choice in zip(self.parts.unmatched, self.choices)
                if choice.currentData() != LEAVE_OUT]
