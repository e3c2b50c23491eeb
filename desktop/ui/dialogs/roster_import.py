"""Preview a roster file row by row, then import it in one transaction."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QTableView,
    QVBoxLayout,
)

from desktop.store.workspace import StaffRepository
from desktop.sync.roster import Outcome, RosterPlan, RosterRow, apply_plan, plan_import
from desktop.ui.models.object_table import Column, ObjectTableModel

_COLUMNS: list[Column[RosterRow]] = [
    Column("Row", lambda r: str(r.row), sort_key=lambda r: r.row, align_right=True),
    Column("Outcome", lambda r: r.outcome.label),
    Column("Assignment no.", lambda r: r.assignment_number or "—"),
    Column("Name", lambda r: r.name or "—"),
    Column("Details", lambda r: r.reason, tooltip=lambda r: r.reason),
]


class RosterImportDialog(QDialog):
    """Raises RosterFileError from the constructor if the file cannot be used at all."""

    def __init__(self, path: Path, repo: StaffRepository, parent=None):
        super().__init__(parent)
        self.repo = repo
        self.plan: RosterPlan = plan_import(path, repo)
        self.setWindowTitle(f"Import roster — {path.name}")
        self.resize(980, 560)
        layout = QVBoxLayout(self)

        p = self.plan
        summary = QLabel(
            f"<b>{path.name}</b>: {p.count(Outcome.ADD)} to add, {p.count(Outcome.UPDATE)} to update, "
            f"{p.count(Outcome.UNCHANGED)} unchanged, {p.count(Outcome.REFUSED)} refused. "
            "Nothing has been written yet.")
        summary.setWordWrap(True)
        summary.setAccessibleName("Import summary")
        layout.addWidget(summary)
        matched = ", ".join(f"{header}" for header in p.columns.values())
        columns = QLabel(f"Columns used: {matched}. Row numbers are as a spreadsheet shows them.")
        columns.setObjectName("hint")
        columns.setWordWrap(True)
        layout.addWidget(columns)

        bar = QHBoxLayout()
        show_label = QLabel("&Show")
        self.show_filter = QComboBox()
        self.show_filter.addItem("All rows", None)
        for outcome in Outcome:
            self.show_filter.addItem(f"{outcome.label} ({p.count(outcome)})", outcome.value)
        self.show_filter.setAccessibleName("Show rows")
        show_label.setBuddy(self.show_filter)
        bar.addWidget(show_label)
        bar.addWidget(self.show_filter)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.model: ObjectTableModel[RosterRow] = ObjectTableModel(_COLUMNS, self)
        self.model.set_muted(lambda r: r.outcome is Outcome.UNCHANGED)
        self.model.set_rows(p.rows)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Roster rows")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        if p.refused:
            first = p.refused[0]
            self.show_filter.setCurrentIndex(self.show_filter.findData(Outcome.REFUSED.value))
            note = QLabel(f"⚠ {len(p.refused)} row{'s' if len(p.refused) != 1 else ''} will be left out "
                          f"(first: row {first.row}, {first.reason}). Fix them in the file and import "
                          "it again; the other rows are not held up.")
            note.setObjectName("warning")
            note.setWordWrap(True)
            layout.addWidget(note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        changes = p.changes
        self.import_button = buttons.addButton(
            f"Import {changes} change{'s' if changes != 1 else ''}" if changes else "Nothing to import",
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(changes > 0)
        buttons.accepted.connect(self._import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_filter.currentIndexChanged.connect(self._filter)
        self._filter()

    def _filter(self) -> None:
        outcome = Outcome(self.show_filter.currentData()) if self.show_filter.currentData() else None
        self.model.set_filter(predicate=(lambda r: r.outcome is outcome) if outcome else None)

    def _import(self) -> None:
        apply_plan(self.plan, self.repo)
        self.accept()
