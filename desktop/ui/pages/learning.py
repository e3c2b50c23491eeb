"""The team's CPD and training: hours this year by type, entries waiting for reflection, and training
status by course with the people whose training needs action. Enter on a row opens that person."""

from __future__ import annotations

from datetime import date

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop.domain import clock
from desktop.domain.cpd import ActivityType, hours_text
from desktop.domain.dates import uk
from desktop.domain.training import STATE_ORDER, TrainingState
from desktop.domain.learning import CourseLine, TeamLearning
from desktop.store.workspace import Workspace
from desktop.sync.roster import RosterFileError
from desktop.ui.dialogs.team_tna import TeamTnaDialog
from desktop.ui.dialogs.training_import import TrainingImportDialog
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.widgets.forms import sub_heading
from desktop.ui.widgets.tables import list_table


class LearningOverviewPage(QWidget):
    """Emits `person_requested(staff, tab, entry_id)` to open someone's CPD and training."""

    person_requested = Signal(object, str, object)
    training_imported = Signal(str)   # the status bar's words after completions were imported

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.data: TeamLearning | None = None
        title = QLabel("CPD and training")
        title.setObjectName("pageHeading")
        self.capture_button = QPushButton("Quick CPD capture… (Ctrl+K)")
        top = QHBoxLayout()
        self.tna_button = QPushButton("Team training &needs (TNA)…")
        self.tna_button.setToolTip("Development needs for a planning year by category, with who needs what by "
                                   "when, to plan release for training")
        self.tna_button.clicked.connect(self.show_tna)
        self.tna_dialog: TeamTnaDialog | None = None
        self.import_button = QPushButton("Import training from &ESR…")
        self.import_button.setToolTip("Add completions from an ESR/OLM competency or learning report saved as CSV; "
                                      "you see every row before anything is written")
        self.import_button.clicked.connect(self.choose_training_file)
        top.addWidget(title, 1)
        top.addWidget(self.tna_button)
        top.addWidget(self.capture_button)
        self.hours = QLabel()
        self.hours.setWordWrap(True)
        self.hours.setAccessibleName("CPD hours this year by activity type")

        self.courses = ObjectTableModel[CourseLine]([
            Column("Course", lambda c: c.course.title),
            Column("Renewal", lambda c: c.course.renewal_text()),
            *[Column(state.label, lambda c, s=state: str(c.counts[s]), sort_key=lambda c, s=state: c.counts[s],
                     align_right=True, header_tip=f"People whose training on this course is {state.label.lower()}")
              for state in reversed(STATE_ORDER)],
            Column("In date %", lambda c: f"{c.in_date_percent()}%" if c.in_date_percent() is not None else "—",
                   sort_key=lambda c: c.in_date_percent() or 0, align_right=True,
                   header_tip="People in date or expiring, of the people the course applies to"),
        ], self)
        self.course_table = list_table(self.courses, "Training status by course", stretch=0)
        self.action = ObjectTableModel([
            Column("Name", lambda pair: pair[0].display_name, sort_key=lambda pair: pair[0].sort_name),
            Column("Course", lambda pair: pair[1].course.title),
            Column("Status", lambda pair: pair[1].text(),
                   sort_key=lambda pair: (STATE_ORDER.index(pair[1].state), pair[1].expires_on or date.min),
                   foreground=lambda pair: "#B00020" if pair[1].state in (TrainingState.EXPIRED, TrainingState.NEVER)
                   else "#8A5300"),
        ], self)
        self.action_table = list_table(self.action, "Training that needs action", sort_column=2)
        self.waiting = ObjectTableModel([
            Column("Name", lambda pair: pair[0].display_name, sort_key=lambda pair: pair[0].sort_name),
            Column("Date", lambda pair: uk(pair[1].start_date), sort_key=lambda pair: pair[1].start_date),
            Column("Activity", lambda pair: pair[1].title),
        ], self)
        self.waiting_table = list_table(self.waiting, "CPD entries waiting for reflection", stretch=2, sort_column=1)
        self.waiting_heading = sub_heading("", self.waiting_table)
        self.action_heading = sub_heading("", self.action_table)
        for heading in (self.waiting_heading, self.action_heading):
            heading.setWordWrap(True)   # long counts wrap instead of widening the page past a small screen

        self.empty = QLabel("No staff in this workspace yet.\n\nImport your station's roster from ESR "
                            "(File → Import roster…, Ctrl+I): each person's training status and CPD then show here.")
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.body = QWidget()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hours)
        course_bar = QHBoxLayout()   # the import sits by the training it fills in (the top row is full at 150%)
        course_bar.addWidget(sub_heading("Training by &course: how many people are in each state", self.course_table),
                             1)
        course_bar.addWidget(self.import_button)
        layout.addLayout(course_bar)
        layout.addWidget(self.course_table, 3)
        lower = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.action_heading)
        left.addWidget(self.action_table)
        right.addWidget(self.waiting_heading)
        right.addWidget(self.waiting_table)
        lower.addLayout(left, 1)
        lower.addLayout(right, 1)
        layout.addLayout(lower, 2)
        self.action_table.activated.connect(
            lambda index: self._open(self.action.object_at(index.row()), "training"))
        self.waiting_table.activated.connect(
            lambda index: self._open(self.waiting.object_at(index.row()), "cpd"))

    def show_tna(self) -> None:
        """Open the team TNA beside the page (not blocking it), for this financial year to begin with."""
        self.tna_dialog = TeamTnaDialog(self.workspace, date.today(), self)
        self.tna_dialog.open()

    def choose_training_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import training from ESR/OLM", str(Path.home()),
                                              "CSV files (*.csv *.txt);;All files (*)")
        if path:
            self.import_training(Path(path))

    def import_training(self, path: Path) -> TrainingImportDialog | None:
        """Preview `path` with its course names to match; returns the dialog (closed) or None if refused."""
        try:
            dialog = TrainingImportDialog(path, self.workspace, clock.today(), self)
        except RosterFileError as exc:
            QMessageBox.warning(self, "Training not imported", f"{exc}\n\nNothing was changed.")
            return None
        if dialog.exec() == TrainingImportDialog.DialogCode.Accepted:
            self.reload()
            self.training_imported.emit(f"Training imported from {path.name}: {dialog.plan.summary()}")
        return dialog

    def _open(self, pair, tab: str) -> None:
        if pair is not None:
            self.person_requested.emit(pair[0], tab, pair[1].id if tab == "cpd" else None)

    def reload(self) -> None:
        data = self.data = self.workspace.team_learning(date.today())
        self.empty.setVisible(not data.active_staff)
        self.body.setVisible(bool(data.active_staff))
        parts = [f"{kind.label} {hours_text(data.hours_by_type.get(kind, 0))} h" for kind in ActivityType]
        self.hours.setText(f"CPD logged by the team since {uk(data.since)} (this financial year): "
                           f"{hours_text(data.total_hours)} hours in all. " + " · ".join(parts) + ".")
        self.courses.set_rows(data.courses)
        self.action.set_rows(data.needing_action)
        self.waiting.set_rows(data.waiting)
        counts = data.training_counts()
        records = len(data.needing_action)
        self.action_heading.setText(
            f"Training needing &action: {_count(records, 'course record')} of "
            f"{_people({p.id for p, _ in data.needing_action})} ({counts[TrainingState.EXPIRED]} expired, "
            f"{counts[TrainingState.NEVER]} never done, {counts[TrainingState.EXPIRING]} expiring within 60 days)")
        self.waiting_heading.setText(f"&Waiting for reflection: {_count(len(data.waiting), 'CPD entry', 'CPD entries')} "
                                     f"of {_people({p.id for p, _ in data.waiting})}")


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _people(ids: set) -> str:
    return _count(len(ids), "person", "people")
