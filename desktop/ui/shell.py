"""The unlocked workspace: navigation on the left, the chosen page on the right."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from desktop.domain.conversation import Kind
from desktop.domain.staff import Staff
from desktop.store.workspace import Workspace
from desktop.ui.conversation.page import ConversationPage
from desktop.ui.pages.audit import AuditPage
from desktop.ui.pages.team import TeamPage


class Shell(QWidget):
    saved = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.conversation: ConversationPage | None = None
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
        self.team.saved.connect(self.saved)
        self.team.conversation_requested.connect(self.open_conversation)
        self.nav.setCurrentRow(0)

    def _show_page(self, row: int) -> None:
        if self.conversation is not None:
            self.close_conversation()
        page = self.pages.widget(row)
        if page is self.audit:
            self.audit.reload()
        self.pages.setCurrentIndex(row)

    def open_conversation(self, staff: Staff, kind: Kind) -> ConversationPage:
        """Resume the person's unfinished conversation of this kind, or start one."""
        if not self.team._confirm_leave_panel():
            return self.conversation  # type: ignore[return-value]
        repo = self.workspace.conversations()
        existing = repo.open_for(staff.id or "")
        conversation = existing if existing is not None and existing.kind is kind else repo.start(staff.id or "", kind)
        if self.conversation is not None:
            self.close_conversation()
        page = ConversationPage(repo, self.workspace.profile(), staff, conversation)
        page.closed.connect(self.close_conversation)
        page.saved.connect(self.saved)
        self.conversation = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        page.steps.setFocus()
        return page

    def close_conversation(self) -> None:
        page, self.conversation = self.conversation, None
        if page is None:
            return
        page.save_now()
        staff_id = page.staff.id
        self.pages.removeWidget(page)
        page.deleteLater()
        self.pages.setCurrentWidget(self.team)
        self.team.reload(select_id=staff_id)
        self.team.table.setFocus()
