"""Staff → Leavers past retention…: the retention period, the leavers whose period is over, and deletion."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop.domain.dates import uk
from desktop.domain.retention import (
    MAX_RETENTION_YEARS, MIN_RETENTION_YEARS, RETENTION_EXPLAINED, NotPastRetention, PastRetention,
)
from desktop.store.workspace import RetentionError, Workspace
from desktop.ui.feedback.tidy import tidy_feedback
from desktop.ui.widgets.forms import FieldError

COLUMNS = ("Name", "Assignment number", "Leaving date", "Past retention since")


class RetentionDialog(QDialog):
    """Emits `deleted(assignment_number)` after each deletion, so the team list can refresh."""

    deleted = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.today = today or date.today()
        self.due: list[PastRetention] = []
        self.setWindowTitle("Leavers past retention")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.explained = QLabel()
        self.explained.setWordWrap(True)
        layout.addWidget(self.explained)

        period = QHBoxLayout()
        caption = QLabel("&Keep leavers' records for")
        self.years = QSpinBox()
        self.years.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.years.setSuffix(" years after leaving")
        self.years.setAccessibleName("Keep leavers' records for, in years after leaving")
        caption.setBuddy(self.years)
        self.years.setMinimumHeight(self.years.sizeHint().height() + 6)   # DejaVu's descenders need the room
        self.apply_button = QPushButton("&Use this period")
        self.apply_button.setAutoDefault(False)   # Enter in the dialog must never delete or apply by accident
        self.apply_button.setEnabled(False)
        period.addWidget(caption)
        period.addWidget(self.years)
        period.addWidget(self.apply_button)
        period.addStretch(1)
        layout.addLayout(period)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Leavers past the retention period")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.empty = QLabel("No leavers are past the retention period.")
        self.empty.setObjectName("hint")
        layout.addWidget(self.empty)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Outcome")
        layout.addWidget(self.status)
        self.error = FieldError()
        layout.addWidget(self.error)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.delete_button = buttons.addButton("&Delete their records…", QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.years.valueChanged.connect(lambda value: self.apply_button.setEnabled(
            value != self.workspace.retention_years()))
        self.apply_button.clicked.connect(self.apply_period)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.years.setValue(workspace.retention_years())
        self.reload()

    def reload(self) -> None:
        years = self.workspace.retention_years()
        self.explained.setText(RETENTION_EXPLAINED.format(years=years) + " Deleting removes everything held "
                               "about the person from this workspace: EADRs, wellbeing notes, CPD and training.")
        self.due = self.workspace.past_retention(self.today, years)
        self.table.setRowCount(len(self.due))
        for row, item in enumerate(self.due):
            person = item.staff
            for column, text in enumerate((f"{person.last_name}, {person.first_name}", person.assignment_number,
                                           uk(person.leaving_date), uk(item.since))):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.AccessibleTextRole, f"{COLUMNS[column]}: {text}")
                self.table.setItem(row, column, cell)
        self.table.setVisible(bool(self.due))
        self.empty.setVisible(not self.due)
        if self.due:
            self.table.selectRow(0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.delete_button.setEnabled(self.selected() is not None)

    def selected(self) -> PastRetention | None:
        rows = self.table.selectionModel().selectedRows()
        return self.due[rows[0].row()] if rows and self.table.isVisibleTo(self) else None

    def apply_period(self) -> None:
        self.workspace.set_retention_years(self.years.value())
        self.apply_button.setEnabled(False)
        self.status.setText(f"Leavers' records are now kept for {self.years.value()} years after leaving.")
        self.reload()

    def delete_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        person = item.staff
        answer = QMessageBox.question(
            self, "Delete these records?",
            f"Delete everything held about {person.first_name} {person.last_name} (assignment number "
            f"{person.assignment_number}), who left on {uk(person.leaving_date)}?\n\nTheir EADRs, wellbeing "
            "notes, CPD and training records are removed from this workspace for good. The audit log keeps only "
            "the assignment number. Older backups still hold a copy until they are rotated away.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.error.clear_error()
        try:
            done = self.workspace.delete_leaver(person, self.today)
        except (NotPastRetention, RetentionError) as exc:
            self.error.show_error(f"Not deleted: {exc}")
            return
        tidy_feedback(self.workspace)    # files of their 360 rounds beside the database go too
        self.status.setText(f"Deleted the records of assignment number {done.assignment_number} "
                            f"({done.total} records).")
        self.deleted.emit(done.assignment_number)
        self.reload()
