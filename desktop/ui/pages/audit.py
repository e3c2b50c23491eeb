"""The audit log: every create, change, import and unlock, newest first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.domain.dates import uk_timestamp
from desktop.store.workspace import AuditEntry, Workspace
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.widgets.search_field import SearchField


# The stored record kinds in words a manager uses.
_RECORDS = {"cpd_entry": "CPD entry", "cpd_evidence": "CPD evidence", "training_record": "Training record",
            "training_records": "Training records", "training_courses": "Training courses", "staff": "Person",
            "conversation": "Conversation", "document": "Document", "workspace": "Workspace", "roster": "Roster",
            "bundle": "Sync bundle"}

_COLUMNS: list[Column[AuditEntry]] = [
    Column("When", lambda e: uk_timestamp(e.at), sort_key=lambda e: e.at),
    Column("Who", lambda e: e.actor, tooltip=lambda e: f"Done by {e.actor}"),
    Column("About", lambda e: e.person or "—", tooltip=lambda e: e.person and f"About {e.person}"),
    Column("Action", lambda e: e.action.capitalize()),
    Column("Record", lambda e: _RECORDS.get(e.entity, e.entity.replace("_", " ").capitalize())),
    Column("What happened", lambda e: e.summary, tooltip=lambda e: e.summary),
]


class AuditPage(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.model: ObjectTableModel[AuditEntry] = ObjectTableModel(_COLUMNS, self)
        self.search = SearchField("Filter by a person's name, who did it, action or date…",
                                  "Filter the audit log by name, action or date")
        label = QLabel("Fi&lter")
        label.setBuddy(self.search)
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.search, 1)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit log")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((130, 130, 150, 80, 120)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.count.setObjectName("hint")
        layout = QVBoxLayout(self)
        intro = QLabel("Who did what, to whose records, and when. Entries cannot be edited; they hold no wellbeing "
                       "detail. Once a leaver's records are deleted, entries about them show the assignment number.")
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.search.textChanged.connect(self._filter)

    def reload(self) -> None:
        self.model.set_rows(self.workspace.audit_entries(limit=20000))
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self.count.setText(f"Showing {self.model.rowCount()} of {self.model.total} entries")
