"""The unlocked workspace: navigation on the left, the chosen page on the right."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from desktop.store.workspace import Workspace
from desktop.ui.pages.audit import AuditPage
from desktop.ui.pages.team import TeamPage


class Shell(QWidget):
    """Navigation on the left, the chosen page on the right."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Pages")
        self.nav.setFixedWidth(128)
        self.pages = QStackedWidget()
        self.team = TeamPage(workspace)
        self.audit = AuditPage(workspace)
        for title, page in (("Team", self.team), ("Audit log", self.audit)):
            QListWidgetItem(title, self.nav)
            self.pages.addWidget(page)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(0)

    def _show_page(self, row: int) -> None:
        page = self.pages.widget(row)
        if page is self.audit:
            self.audit.reload()
        self.pages.setCurrentIndex(row)
