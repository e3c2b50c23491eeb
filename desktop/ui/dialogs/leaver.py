"""Confirm marking someone as a leaver, with the date they left."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from desktop.domain.dates import DateFormatError
from desktop.domain.staff import Staff
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import add_field


class LeaverDialog(QDialog):
    def __init__(self, staff: Staff, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Mark {staff.display_name} as a leaver")
        layout = QVBoxLayout(self)
        text = QLabel(f"{staff.display_name}'s record is kept, with everything recorded about them. "
                      "They are hidden from the team list unless you show leavers, and you can "
                      "reinstate them later.")
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.leaving_date = DateField()
        self.leaving_date.set_date(date.today())
        self.error = add_field(form, "&Leaving date", self.leaving_date, "The last day of employment, dd/mm/yyyy")
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Mark as leaver", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def _accept(self) -> None:
        try:
            value = self.leaving_date.date()
        except DateFormatError as exc:
            self.error.show_error(str(exc))
            return
        if value is None:
            self.error.show_error("Enter the date they left, such as 23/11/2026")
            return
        self.accept()

    def chosen_date(self) -> date:
        value = self.leaving_date.date()
        assert value is not None
        return value
