"""A UK date field that may be left blank (QDateEdit cannot be)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit

from desktop.domain.dates import DateFormatError, parse_date, uk


class DateField(QLineEdit):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(10)

    def set_date(self, value: date | None) -> None:
        self.setText(uk(value, ""))

    def date(self) -> date | None:
        """The date typed, None if blank; raises DateFormatError if not a date."""
        text = self.text().strip()
        return parse_date(text) if text else None

    def is_valid(self) -> bool:
        try:
            self.date()
        except DateFormatError:
            return False
        return True
