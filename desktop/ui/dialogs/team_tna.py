"""The team's training needs analysis for a planning year: by category, and who needs what by when,
so a manager can plan release for training. Which needs count is desktop.domain.tna.in_year, the same
rule HR's hub report uses."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.conversation import ItemStatus
from desktop.domain.dates import uk
from desktop.domain.staff import Staff
from desktop.domain.tna import CategoryLine, Need, PlanningYear, by_category, needs_in_year, summary_text
from desktop.store.workspace import Workspace
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.widgets.forms import sub_heading
from desktop.ui.widgets.tables import list_table

Row = tuple[Need, str, Staff | None]


def _name(row: Row) -> str:
    return row[2].display_name if row[2] else "Unknown"


class TeamTnaDialog(QDialog):
    def __init__(self, workspace: Workspace, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Team training needs (TNA)")
        self.needs = workspace.conversations().team_needs()
        self.people = {p.id: p for p in workspace.staff().all()}
        this = PlanningYear.containing(today)
        self.year = QComboBox()
        self.year.setAccessibleName("Planning year")
        for fy in (PlanningYear(this.year - 1), this, PlanningYear(this.year + 1)):
            self.year.addItem(fy.text(), fy.year)
        self.year.setCurrentIndex(1)
        form = QFormLayout()
        label = QLabel("Planning &year (financial year):")
        label.setBuddy(self.year)
        form.addRow(label, self.year)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Training needs in words")
        self.categories = ObjectTableModel[CategoryLine]([
            Column("Category", lambda c: c.category),
            Column("Needs", lambda c: str(c.needs), sort_key=lambda c: c.needs, align_right=True),
            Column("People", lambda c: str(c.people), sort_key=lambda c: c.people, align_right=True),
            Column("Not started", lambda c: str(c.not_started), sort_key=lambda c: c.not_started, align_right=True),
            Column("In progress", lambda c: str(c.in_progress), sort_key=lambda c: c.in_progress, align_right=True),
            Column("Done", lambda c: str(c.done), sort_key=lambda c: c.done, align_right=True),
            Column("Carried over", lambda c: str(c.carried), sort_key=lambda c: c.carried, align_right=True,
                   header_tip="Still open from last year's plan"),
            Column("Hours", lambda c: f"{c.hours:g}" if c.costed else "—", sort_key=lambda c: c.hours,
                   align_right=True, header_tip="Estimated hours, of the needs that have an estimate"),
            Column("Cost", lambda c: f"£{c.cost:,.0f}" if c.costed else "—", sort_key=lambda c: c.cost,
                   align_right=True, header_tip="Estimated cost, of the needs that have an estimate"),
        ], self)
        self.category_table = list_table(self.categories, "Training needs by category", stretch=0, sort_column=1,
                                         order=Qt.SortOrder.DescendingOrder)
        self.who = ObjectTableModel[Row]([
            Column("Category", lambda r: r[0].category or "Uncategorised"),
            Column("Name", _name, sort_key=lambda r: r[2].sort_name if r[2] else ""),
            Column("Need", lambda r: r[0].need),
            Column("Target date", lambda r: uk(r[0].target_date, "No date") + (" (carried over)" if r[1] == "carried"
                                                                                   else ""),
                   sort_key=lambda r: r[0].target_date or date.max),
            Column("Status", lambda r: ItemStatus(r[0].status).label),
            Column("Hours", lambda r: "" if r[0].hours is None else f"{r[0].hours:g}", sort_key=lambda r: r[0].hours or 0,
                   align_right=True),
            Column("Cost", lambda r: "" if r[0].cost is None else f"£{r[0].cost:,.0f}", sort_key=lambda r: r[0].cost or 0,
                   align_right=True),
        ], self)
        self.who_table = list_table(self.who, "Who needs what, by category", stretch=2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(sub_heading("By &category", self.category_table))
        layout.addWidget(self.category_table, 1)
        layout.addWidget(sub_heading("&Who needs what", self.who_table))
        layout.addWidget(self.who_table, 2)
        layout.addWidget(buttons)
        self.year.currentIndexChanged.connect(lambda _index: self.show_year())
        self.show_year()
        self.resize(1000, 640)

    def show_year(self) -> None:
        fy = PlanningYear(self.year.currentData())
        chosen = needs_in_year(self.needs, fy)
        self.summary.setText(summary_text(fy, chosen))
        self.categories.set_rows(by_category(chosen))
        self.who.set_rows([(need, why, self.people.get(need.staff_id)) for need, why in chosen])
