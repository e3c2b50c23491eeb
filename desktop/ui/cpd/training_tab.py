"""One person's mandatory and statutory training: each course's status in words, and recording a completion."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout,
    QWidget,
)

from desktop.domain.dates import DateFormatError, uk
from desktop.domain.staff import Staff
from desktop.domain.training import Course, TrainingState
from desktop.store.workspace import Workspace
from desktop.ui.models.cpd_table import TrainingTableModel
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import add_field, compact
from desktop.ui.widgets.tables import list_table


class CompletionDialog(QDialog):
    """Which course, and when it was completed."""

    def __init__(self, courses: list[Course], chosen: Course | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Record training completed")
        self.course = compact(QComboBox(), 30)
        for course in courses:
            self.course.addItem(f"{course.title} ({course.renewal_text().lower()})", course.code)
        if chosen is not None:
            self.course.setCurrentIndex(self.course.findData(chosen.code))
        self.completed = DateField()
        self.completed.set_date(date.today())
        form = QFormLayout(self)
        add_field(form, "&Course", self.course)
        self.error = add_field(form, "Completed &on", self.completed, "The date on the certificate or in ESR")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.courses = {c.code: c for c in courses}

    def _accept(self) -> None:
        try:
            day = self.completed.date()
        except DateFormatError as exc:
            self.error.show_error(str(exc))
            return
        if day is None or day > date.today():
            self.error.show_error("Enter the date it was completed (today or earlier), for example 23/11/2026.")
            return
        self.accept()

    def result_value(self) -> tuple[Course, date]:
        day = self.completed.date()
        assert day is not None
        return self.courses[self.course.currentData()], day


class TrainingTab(QWidget):
    saved = Signal(str)

    def __init__(self, workspace: Workspace, staff: Staff, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.repo = workspace.training()
        self.staff = staff
        self.model = TrainingTableModel(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Training summary")
        self.record_button = QPushButton("&Record completion…")
        self.record_button.setToolTip("Record a course completed; its expiry follows the course's renewal period")
        self.undo_button = QPushButton("Remove &latest record…")
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.record_button)
        bar.addWidget(self.undo_button)
        self.table = list_table(self.model, "Training courses and status", stretch=0, sort_column=2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.record_button.clicked.connect(lambda: self.record())
        self.undo_button.clicked.connect(self._remove_latest)
        self.table.activated.connect(lambda index: self.record())
        # Nothing to remove until a course is chosen: pressing it then did nothing at all.
        self.table.selectionModel().currentRowChanged.connect(lambda current, previous: self._update_undo())
        self.reload()

    def _update_undo(self) -> None:
        chosen = self._selected_course() is not None
        self.undo_button.setEnabled(chosen)
        self.undo_button.setToolTip("Remove the selected course's latest completion, if it was recorded by mistake"
                                    if chosen else "Choose a course in the table first, then remove its latest "
                                    "completion if it was recorded by mistake")

    def reload(self) -> None:
        statuses = self.repo.status_for(self.staff.id or "", self.staff.role, date.today())
        self.model.set_rows(statuses)
        counts = {state: sum(1 for s in statuses if s.state is state) for state in TrainingState}
        if not statuses:
            self.summary.setText("No mandatory courses apply to this role.")
        else:
            parts = [f"{counts[s]} {s.label.lower()}" for s in TrainingState if counts[s]]
            self.summary.setText(f"{len(statuses)} courses apply to a {self.staff.role.label.lower()}: "
                                 + ", ".join(parts) + ". Expiring means within 60 days.")
        self._update_undo()

    def _selected_course(self) -> Course | None:
        status = self.model.object_at(self.table.currentIndex().row())
        return status.course if status else None

    def record(self, completion: tuple[Course, date] | None = None) -> bool:
        """Ask for (or take) a course and date, and store the completion."""
        if completion is None:
            dialog = CompletionDialog([s.course for s in self.model.objects], self._selected_course(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            completion = dialog.result_value()
        course, day = completion
        self.repo.record(self.staff.id or "", course, day, date.today())
        self.saved.emit(f"{course.title}: completed {uk(day)} recorded")
        self.reload()
        return True

    def _remove_latest(self) -> None:
        course = self._selected_course()
        if course is None:
            return
        history = self.repo.history(self.staff.id or "", course.id or "")
        if not history:
            QMessageBox.information(self, "Nothing to remove", f"No completion of {course.title} is recorded.")
            return
        record_id, done, _ = history[0]
        answer = QMessageBox.question(self, "Remove training record",
                                      f"Remove the completion of {course.title} on {uk(done)}?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.repo.remove(record_id)
            self.saved.emit(f"Removed the {uk(done)} completion of {course.title}")
            self.reload()


