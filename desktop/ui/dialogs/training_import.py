"""Import training completions from an ESR/OLM export: match its course names to the catalogue, preview
every row, then write them in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QScrollArea,
    QTableView, QVBoxLayout, QWidget,
)

from desktop.domain.dates import uk
from desktop.store.workspace import Workspace
from desktop.sync.training_import import (
    IGNORE, UNMAPPED, CompletionRow, CourseName, Outcome, TrainingPlan, apply_plan, plan_import,
)
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.widgets.forms import compact, sub_heading

_IGNORE = "\0ignore"   # a combo's data for "Ignore" (None would read as "no data")

_COLUMNS: list[Column[CompletionRow]] = [
    Column("Row", lambda r: str(r.row), sort_key=lambda r: r.row, align_right=True),
    Column("Outcome", lambda r: r.outcome.label),
    Column("Assignment no.", lambda r: r.assignment_number or "—"),
    Column("Name", lambda r: r.name or "—"),
    Column("Course", lambda r: r.course_text or r.course_name or "—",
           tooltip=lambda r: f"In the file: {r.course_name}" if r.course_name else ""),
    Column("Completed", lambda r: uk(r.completed_on), sort_key=lambda r: r.completed_on or date.min),
    Column("Expires", lambda r: uk(r.expires_on), sort_key=lambda r: r.expires_on or date.min),
    Column("Details", lambda r: r.reason, tooltip=lambda r: r.reason),
]


class TrainingImportDialog(QDialog):
    """Raises RosterFileError from the constructor if the file cannot be used at all."""

    def __init__(self, path: Path, workspace: Workspace, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.training = workspace.training()
        self.plan: TrainingPlan = plan_import(path, self.training, workspace.staff(), today)
        self.setWindowTitle(f"Import training — {path.name}")
        self.resize(1180, 680)   # fitted inside a smaller screen as it opens
        layout = QVBoxLayout(self)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        layout.addWidget(self.summary)
        columns = QLabel(f"Columns used: {', '.join(self.plan.columns.values())}. Row numbers are as a spreadsheet "
                         "shows them.")
        columns.setObjectName("hint")
        columns.setWordWrap(True)
        layout.addWidget(columns)

        # Course names: one chooser per distinct name in the file, those still to choose first.
        self.course_combos: dict[str, QComboBox] = {}
        self._name_labels: dict[str, tuple[QLabel, QLabel, str]] = {}   # caption, how it matched, shortened name
        names = QWidget()
        grid = QGridLayout(names)
        grid.setContentsMargins(0, 0, 4, 0)
        grid.setColumnStretch(0, 1)
        metrics = QFontMetrics(self.font())
        ordered = sorted(self.plan.names.values(), key=lambda n: (not n.needs_choice, n.name.lower()))
        for row, entry in enumerate(ordered):
            combo = self._course_combo(entry)
            combo.setFixedWidth(370)
            shown = metrics.elidedText(entry.name, Qt.TextElideMode.ElideMiddle, 380)
            caption = QLabel()
            caption.setTextFormat(Qt.TextFormat.PlainText)
            caption.setBuddy(combo)
            caption.setToolTip(entry.name)
            combo.setAccessibleName(f"Course for {entry.name}")
            combo.setAccessibleDescription(f"Matched by: {entry.matched_by.label}")
            how = QLabel()
            how.setObjectName("hint")
            self._name_labels[entry.name] = (caption, how, shown)
            grid.addWidget(caption, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(how, row, 2)
            self.course_combos[entry.name] = combo
        scroll = QScrollArea()
        scroll.setWidget(names)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMaximumHeight(min(190, names.sizeHint().height() + 4))
        self.names_heading = sub_heading("", scroll)
        layout.addWidget(self.names_heading)
        names_hint = QLabel("Choose the catalogue course each name counts as, or Ignore for a course the station "
                            "does not track. Your choices are remembered for the next file.")
        names_hint.setObjectName("hint")
        names_hint.setWordWrap(True)
        layout.addWidget(names_hint)
        layout.addWidget(scroll)

        bar = QHBoxLayout()
        show_label = QLabel("&Show")
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName("Show rows")
        show_label.setBuddy(self.show_filter)
        bar.addWidget(show_label)
        bar.addWidget(self.show_filter)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.model: ObjectTableModel[CompletionRow] = ObjectTableModel(_COLUMNS, self)
        self.model.set_muted(lambda r: r.outcome in (Outcome.UNCHANGED, Outcome.IGNORED))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Training rows")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(sub_heading("&Preview: what each row of the file will do", self.table))
        layout.addWidget(self.table, 1)
        self.row_details = QLabel("Select a row to read its details in full.")
        self.row_details.setObjectName("hint")
        self.row_details.setWordWrap(True)
        self.row_details.setAccessibleName("Details of the selected row")
        self.row_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.row_details)
        self.table.selectionModel().currentRowChanged.connect(lambda current, previous: self._row_chosen())
        self.note = QLabel()
        self.note.setObjectName("warning")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_filter.currentIndexChanged.connect(lambda index: self._filter())
        self._refresh(first=True)
        self.table.setColumnWidth(4, 210)

    def _course_combo(self, entry: CourseName) -> QComboBox:
        combo = compact(QComboBox(), 30)
        combo.addItem("Choose a course…", UNMAPPED)
        combo.addItem("Ignore: not a course the station tracks", _IGNORE)
        for course in self.plan.holdings.courses:
            combo.addItem(f"{course.title} ({course.code})", course.code)
        combo.setCurrentIndex(combo.findData(_IGNORE if entry.code is IGNORE else entry.code))
        combo.currentIndexChanged.connect(lambda index, name=entry.name, box=combo: self._chosen(name, box))
        return combo

    def _chosen(self, name: str, combo: QComboBox) -> None:
        code = combo.currentData()
        self.plan.choose(name, IGNORE if code == _IGNORE else code)
        self._refresh()

    def _refresh(self, first: bool = False) -> None:
        p = self.plan
        waiting = len(p.unmapped)
        self.summary.setText(
            f"<b>{p.file.name}</b>: {p.count(Outcome.ADD)} to add, {p.count(Outcome.UPDATE)} to update, "
            f"{p.count(Outcome.UNCHANGED)} unchanged, {p.count(Outcome.IGNORED)} ignored, "
            f"{p.count(Outcome.REFUSED)} refused. Nothing has been written yet.")
        for entry in p.names.values():   # a choice made shows at once beside its name
            caption, how, shown = self._name_labels.get(entry.name, (None, None, ""))
            if caption is not None and how is not None:
                caption.setText(f"⚠ {shown}" if entry.needs_choice else shown)
                how.setText(f"{entry.rows} row{'s' if entry.rows != 1 else ''} · "
                            + ("to choose" if entry.needs_choice else entry.matched_by.label))
        self.names_heading.setText(f"&Course names in the file ({len(p.names)}): "
                                   + (f"{waiting} to choose" if waiting else "all matched"))
        current = self.show_filter.currentData()
        self.show_filter.blockSignals(True)
        self.show_filter.clear()
        self.show_filter.addItem(f"All rows ({len(p.rows)})", None)
        for outcome in Outcome:
            self.show_filter.addItem(f"{outcome.label} ({p.count(outcome)})", outcome.value)
        if first and p.refused:
            current = Outcome.REFUSED.value
        self.show_filter.setCurrentIndex(max(0, self.show_filter.findData(current)))
        self.show_filter.blockSignals(False)
        self.model.set_rows(p.rows)
        self._filter()
        self.row_details.setText("Select a row to read its details in full.")
        if p.refused:
            first_row = p.refused[0]
            self.note.setText(f"⚠ {len(p.refused)} row{'s' if len(p.refused) != 1 else ''} will be left out "
                              f"(first: row {first_row.row}, {first_row.reason}). Fix them in the file and import "
                              "it again; the other rows are not held up.")
        self.note.setVisible(bool(p.refused))
        changes = p.changes
        self.import_button.setText(f"&Import {changes} change{'s' if changes != 1 else ''}" if changes
                                   else "Nothing to import")
        self.import_button.setEnabled(changes > 0)

    def _row_chosen(self) -> None:
        """The highlighted row's details in full (the table's column cuts long reasons short)."""
        index = self.table.currentIndex()
        row = self.model.object_at(index.row()) if index.isValid() else None
        if row is not None:
            course = f" · {row.course_name}" if row.course_name else ""
            self.row_details.setText(f"Row {row.row} · {row.outcome.label} · {row.name or row.assignment_number}"
                                     f"{course}: {row.reason}")

    def _filter(self) -> None:
        value = self.show_filter.currentData()
        outcome = Outcome(value) if value else None
        self.model.set_filter(predicate=(lambda r: r.outcome is outcome) if outcome else None)

    def _import(self) -> None:
        apply_plan(self.plan, self.training)
        self.accept()
