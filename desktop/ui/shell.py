"""The unlocked workspace: navigation on the left, the chosen page on the right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem, QMessageBox, QStackedWidget, QWidget,
)

from desktop.domain.conversation import Conversation, Kind
from desktop.domain.staff import Staff
from desktop.store.workspace import Workspace
from desktop.ui import print_actions
from desktop.ui.conversation.page import ConversationPage
from desktop.ui.pages.audit import AuditPage
from desktop.ui.pages.sync import SyncPage
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
        self.sync = SyncPage(workspace)
        for title, page in (("Team", self.team), ("Sync", self.sync), ("Audit log", self.audit)):
            QListWidgetItem(title, self.nav)
            self.pages.addWidget(page)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.nav.currentRowChanged.connect(self._show_page)
        self.team.saved.connect(self.saved)
        self.sync.saved.connect(self.saved)
        self.team.conversation_requested.connect(self.open_conversation)
        self.team.record_requested.connect(self.open_record)
        self.team.panel.subject_access_requested.connect(self.export_subject_access)
        self.team.panel.blank_form_requested.connect(
            lambda staff: (dialog := print_actions.preview_blank_forms(self, self.workspace, [staff])) and dialog.exec())
        self.nav.setCurrentRow(0)

    def export_subject_access(self, staff: Staff, folder: Path | None = None) -> tuple[Path, Path] | None:
        """Everything held about `staff`, private notes included, as JSON and PDF in a chosen folder."""
        from desktop.documents.subject_access import export
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, f"Folder for {staff.display_name}'s records")
            if not chosen:
                return None
            folder = Path(chosen)
        try:
            paths = export(self.workspace, staff, folder)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported", f"{folder}: {exc.strerror}. Choose another folder; nothing "
                                "was written there.")
            return None
        self.saved.emit(f"Subject access export saved in {folder}")
        return paths

    def shutdown(self) -> None:
        """Save what is open and stop reacting to events; the workspace is about to close."""
        if self.conversation is not None:
            self.conversation.save_now()
            self.conversation.timer.stop()
        self.team.shutdown()
        self.blockSignals(True)

    def _show_page(self, row: int) -> None:
        if self.conversation is not None:
            self.close_conversation()
        page = self.pages.widget(row)
        if page is self.audit:
            self.audit.reload()
        elif page is self.sync:
            self.sync.reload()
        self.pages.setCurrentIndex(row)

    def open_conversation(self, staff: Staff, kind: Kind) -> ConversationPage | None:
        """Resume the person's unfinished conversation of this kind, or start one."""
        if not self.team.confirm_leave_panel():
            return None
        repo = self.workspace.conversations()
        existing = repo.open_for(staff.id or "")
        conversation = existing if existing is not None and existing.kind is kind else repo.start(staff.id or "", kind)
        return self.show_conversation(staff, conversation)

    def open_record(self, staff: Staff, conversation_id: str) -> ConversationPage | None:
        """An earlier conversation, as it was recorded (read-only once signed off)."""
        conversation = self.workspace.conversations().get(conversation_id)
        if conversation is None or not self.team.confirm_leave_panel():
            return None
        return self.show_conversation(staff, conversation)

    def show_conversation(self, staff: Staff, conversation: Conversation) -> ConversationPage:
        repo = self.workspace.conversations()
        if self.conversation is not None:
            self.close_conversation()
        page = ConversationPage(repo, self.workspace.profile(), staff, conversation)
        page.closed.connect(self.close_conversation)
        page.print_requested.connect(lambda c: print_actions.preview_record(self, self.workspace, staff, c).exec())
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
