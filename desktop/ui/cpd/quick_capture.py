"""Quick capture (Ctrl+K from anywhere): note a CPD activity in seconds, reflect on it later."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget,
)

from desktop.domain.cpd import ActivityType, CpdEntry, CpdValidationError
from desktop.domain.dates import DateFormatError
from desktop.domain.staff import Staff
from desktop.store.workspace import CpdRepository
from desktop.ui.cpd.fields import activity_type_combo, hours_field
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import add_field, compact


class QuickCaptureDialog(QDialog):
    """Person, title, date, type, hours; Enter saves. The entry is marked 'reflection to add'."""

    def __init__(self, repo: CpdRepository, people: list[Staff], current: Staff | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Quick CPD capture")
        self.repo = repo
        self.saved_entry: CpdEntry | None = None
        self.person = compact(QComboBox(), 24)
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for p in sorted(people, key=lambda s: s.sort_name):
            self.person.addItem(f"{p.last_name}, {p.preferred_name or p.first_name} ({p.assignment_number})", p.id)
        completer = self.person.completer()
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        if current is not None:
            self.person.setCurrentIndex(self.person.findData(current.id))
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.title.setPlaceholderText("For example: read the new JRCALC sepsis guidance")
        self.day = DateField()
        self.day.set_date(date.today())
        self.kind = activity_type_combo()
        self.hours = hours_field(1.0)
        form = QFormLayout(self)
        self.errors = {"person": add_field(form, "&Staff member", self.person),
                       "title": add_field(form, "&Title", self.title),
                       "start_date": add_field(form, "&Date", self.day),
                       "activity_type": add_field(form, "T&ype", self.kind),
                       "hours": add_field(form, "&Hours", self.hours)}
        note = QLabel("Saved as “reflection to add”: write the reflection later in the person's CPD log.")
        note.setWordWrap(True)
        note.setObjectName("hint")
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        (self.title if current is not None else self.person).setFocus()

    def save(self) -> None:
        for error in self.errors.values():
            error.clear_error()
        staff_id = self.person.currentData() if self.person.currentIndex() >= 0 and \
            self.person.currentText() == self.person.itemText(self.person.currentIndex()) else None
        if not staff_id:
            self.errors["person"].show_error("Choose someone from the list (type part of their name).")
            return
        try:
            day = self.day.date()
        except DateFormatError as exc:
            self.errors["start_date"].show_error(str(exc))
            return
        if day is None:
            self.errors["start_date"].show_error("Enter the date, for example 23/11/2026.")
            return
        entry = CpdEntry(staff_id=staff_id, title=self.title.text(), start_date=day, quick_capture=True,
                         activity_type=ActivityType(self.kind.currentData()), hours=self.hours.value())
        try:
            self.saved_entry = self.repo.save(entry, date.today())
        except CpdValidationError as exc:
            for name, text in exc.problems.items():
                self.errors.get(name, self.errors["title"]).show_error(text)
            return
        self.accept()
