"""Where the manager was when the workspace locked, so unlocking returns them there."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.cpd import CpdEntry, CpdValidationError
from desktop.ui.shell import Shell


@dataclass(frozen=True)
class Place:
    page_row: int = 0
    staff_id: str | None = None
    conversation_id: str | None = None
    section_row: int = 0
    # Unsaved edits in the staff panel, held in memory only while locked (never written unasked).
    panel_values: dict[str, str] = field(default_factory=dict)
    # A person's CPD and training page: whose, which tab, and a CPD entry being typed (in memory only).
    learning_staff_id: str | None = None
    learning_tab: int = 0
    cpd_draft: CpdEntry | None = None
    # Typing up scanned forms: the scan beside the fields, its page, and the forms still to come (record IDs).
    scan_shown: bool = False
    scan_page: int = 0
    scan_queue: tuple[str, ...] = ()

    @classmethod
    def of(cls, shell: Shell) -> Place:
        team, page = shell.team, shell.conversation
        panel = team.panel
        values = {}
        if panel.is_dirty() and not panel.is_new:
            values = {key: edit.text() for key, edit in panel.inputs.items()}
        learning, draft = shell.learning, None
        if learning is not None and learning.log.is_dirty():
            try:
                draft = learning.log.editor.entry()
            except CpdValidationError:
                draft = None   # a date that is not a date: nothing sensible to hold
        return cls(page_row=shell.nav.currentRow(), staff_id=panel.staff.id if panel.staff else None,
                   conversation_id=page.conversation.id if page else None,
                   section_row=page.steps.currentRow() if page else 0, panel_values=values,
                   learning_staff_id=learning.staff.id if learning else None,
                   learning_tab=learning.tabs.currentIndex() if learning else 0, cpd_draft=draft,
                   scan_shown=bool(page and page.viewer.isVisible()), scan_page=page.viewer.index if page else 0,
                   scan_queue=tuple(c.id or "" for _staff, c in shell.scan_queue) if page else ())

    def _restore_scan(self, shell: Shell, page) -> None:
        queue = []
        for record_id in self.scan_queue:
            conversation = shell.workspace.conversations().get(record_id)
            person = shell.workspace.staff().get(conversation.staff_id) if conversation else None
            if conversation is not None and person is not None:
                queue.append((person, conversation))
        shell.scan_queue = queue
        if page.show_scan(remaining=len(queue)):
            page.viewer.turn(self.scan_page)

    def restore(self, shell: Shell) -> None:
        shell.nav.setCurrentRow(self.page_row)
        if self.staff_id:
            shell.team.select(self.staff_id)
            for key, text in self.panel_values.items():
                shell.team.panel.inputs[key].setText(text)
        if self.conversation_id:
            staff = shell.workspace.staff().get(self.staff_id or "") if self.staff_id else None
            conversation = shell.workspace.conversations().get(self.conversation_id)
            if conversation is not None:
                staff = staff or shell.workspace.staff().get(conversation.staff_id)
                if staff is not None:
                    page = shell.show_conversation(staff, conversation)
                    page.steps.setCurrentRow(self.section_row)
                    if self.scan_shown:
                        self._restore_scan(shell, page)
        if self.learning_staff_id:
            staff = shell.workspace.staff().get(self.learning_staff_id)
            if staff is not None:
                learning = shell.open_learning(staff)
                if learning is not None:
                    learning.tabs.setCurrentIndex(self.learning_tab)
                    if self.cpd_draft is not None:
                        learning.log.show_draft(self.cpd_draft)
