"""The conversation page: sections in a calm order, a guide alongside, and autosave.

Autosave: the first unsaved edit starts a short timer and the record is saved when it
fires, so nothing typed waits more than about 1.2 s, however long the typing goes on;
also on every change of section, and on leaving.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QScrollArea,
    QStackedWidget, QVBoxLayout, QWidget,
)

from desktop.domain.conversation import Conversation, RecordLocked, Status
from desktop.domain.dates import uk
from desktop.domain.staff import Staff
from desktop.domain.trust import TrustProfile
from desktop.store.conversation_repo import ConversationRepository
from desktop.store.files import FREE_SPACE, is_disk_full
from desktop.ui.conversation.guide import GuidePanel
from desktop.ui.conversation.editors import RepeatingList
from desktop.ui.conversation.sections import SECTION_WIDGETS, SectionWidget, SignOffSection
from desktop.ui.widgets.panes import main_with_side
from desktop.ui.widgets.tab_order import chain, reading_order

AUTOSAVE_MS = 1200


class ConversationPage(QWidget):
    """Emits `closed()` when the manager goes back to the team, `saved(message)` after writes."""

    closed = Signal()
    saved = Signal(str)
    print_requested = Signal(object)   # the Conversation, saved

    def __init__(self, repo: ConversationRepository, profile: TrustProfile, staff: Staff,
                 conversation: Conversation, parent: QWidget | None = None):
        super().__init__(parent)
        self.repo = repo
        self.staff = staff
        self.conversation = conversation
        self._dirty = False
        self._loading = False
        self._told_full = False

        self.title = QLabel()
        self.title.setObjectName("pageHeading")
        self.status_label = QLabel()
        self.status_label.setObjectName("statusPill")
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Saved state")
        self.back = QPushButton("← Back to team")
        self.back.setToolTip("Saves and returns to the team (Esc)")
        self.print_button = QPushButton("Print…")
        self.print_button.setToolTip("Preview, print or save the record as a PDF (Ctrl+P)")
        header = QHBoxLayout()
        header.addWidget(self.back)
        header.addWidget(self.title, 1)
        header.addWidget(self.print_button)
        header.addWidget(self.status_label)
        header.addWidget(self.saved_label)

        self.banner = QWidget()
        self.banner.setObjectName("lockedBanner")
        banner_row = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.reopen_button = QPushButton("Reopen…")
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.reopen_button)

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setAccessibleName("Sections")
        self.steps.setFixedWidth(218)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.sections: list[SectionWidget] = []
        for section in conversation.sections:
            widget = SECTION_WIDGETS[section](profile)
            widget.changed.connect(self._edited)
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroller.setWidget(widget)
            self.stack.addWidget(scroller)
            self.sections.append(widget)
            QListWidgetItem(f"{len(self.sections)}. {section.label}", self.steps)
        self.guide = GuidePanel(profile)
        self.guide.setMinimumWidth(240)

        self.previous = QPushButton("Previous")
        self.next = QPushButton("Next section")
        self.next.setToolTip("Ctrl+Page Down")
        self.previous.setToolTip("Ctrl+Page Up")
        nav = QHBoxLayout()
        nav.addWidget(self.previous)
        nav.addStretch(1)
        nav.addWidget(self.next)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.stack, 1)
        centre_layout.addLayout(nav)

        splitter = main_with_side(centre, self.guide, (760, 270))
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addWidget(splitter, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        self.steps.currentRowChanged.connect(self._go_to)
        self.previous.clicked.connect(lambda: self.steps.setCurrentRow(max(0, self.steps.currentRow() - 1)))
        self.next.clicked.connect(lambda: self.steps.setCurrentRow(min(len(self.sections) - 1,
                                                                       self.steps.currentRow() + 1)))
        self.back.clicked.connect(self.leave)
        self.print_button.clicked.connect(self.request_print)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.request_print)
        self.reopen_button.clicked.connect(self._reopen)
        signoff = self.signoff_section
        if signoff is not None:
            signoff.sign_requested.connect(self._sign)
            signoff.ready_requested.connect(self._ready)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, activated=self.next.click)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, activated=self.previous.click)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.leave)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_now)

        for widget in self.sections:
            for repeating in widget.findChildren(RepeatingList):
                repeating.items_changed.connect(self.fix_tab_order)
        self._show(conversation)
        start = [s.value for s in conversation.sections].index(conversation.current_section) \
            if conversation.current_section in [s.value for s in conversation.sections] else 0
        self.steps.setCurrentRow(start)  # shows the section through _go_to

    # --- showing ------------------------------------------------------------
    @property
    def signoff_section(self) -> SignOffSection | None:
        return next((s for s in self.sections if isinstance(s, SignOffSection)), None)

    @property
    def current_section(self) -> SectionWidget:
        return self.sections[max(0, self.steps.currentRow())]

    def _show(self, c: Conversation) -> None:
        self._loading = True
        for widget in self.sections:
            widget.load(c)
            widget.set_read_only(c.read_only)
        self._loading = False
        self.title.setText(f"{c.kind.label} with {self.staff.display_name}")
        self.status_label.setText(f"Status: {c.status.label}")
        if c.read_only:
            s = c.signoff
            self.banner_text.setText(
                f"<b>Signed off</b>: staff member {uk(s.staff_signed_on)}{' on paper' if s.on_paper else ''}, "
                f"manager {uk(s.manager_signed_on)}. The record is read-only; reopening needs a reason and is "
                "kept in the audit log.")
        self.banner.setVisible(c.read_only)
        self.fix_tab_order()
        self.saved_label.setText("All changes saved" if c.updated_at else "")

    def fix_tab_order(self) -> None:
        """Tab follows reading order: header, sections list, the section's fields, then the buttons."""
        chain([self.back, self.print_button, self.reopen_button, self.steps, *reading_order(self.stack), self.previous, self.next])

    def _go_to(self, row: int) -> None:
        if row < 0:
            return
        self.save_now()
        self.stack.setCurrentIndex(row)
        section = self.sections[row].section
        self.guide.show_section(section)
        self.previous.setEnabled(row > 0)
        self.next.setEnabled(row < len(self.sections) - 1)
        if isinstance(self.sections[row], SignOffSection):
            self.sections[row].show_checklist(self._read_all())

    # --- saving ----------------------------------------------------------------
    def _edited(self) -> None:
        if self._loading or self.conversation.read_only:
            return
        self._dirty = True
        self.saved_label.setText("Unsaved changes…")
        if not self.timer.isActive():  # counts from the first unsaved edit: typing on never defers it
            self.timer.start()

    def _read_all(self) -> Conversation:
        c = self.conversation
        for widget in self.sections:
            c = widget.read(c)
        return c.with_changes(current_section=self.current_section.section.value)

    def save_now(self) -> bool:
        """Save if anything changed; True if the record is saved."""
        self.timer.stop()
        if self.conversation.read_only:
            return True
        current = self.current_section.section.value if self.steps.currentRow() >= 0 else ""
        if not self._dirty and (current == self.conversation.current_section
                                or self.conversation.status is Status.PLANNED):
            return True  # merely looking at a planned record does not start it
        try:
            self.conversation = self.repo.save(self._read_all())
        except RecordLocked as exc:
            self.saved_label.setText(str(exc))
            return False
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            # What is typed stays on screen and the last save stays in the workspace; say so once, then retry.
            self.saved_label.setText("Not saved: disk full")
            if not self._told_full:
                self._told_full = True
                folder = Path(self.repo.db.execute("PRAGMA database_list").fetchone()[2]).parent
                QMessageBox.warning(self, "Disk full", f"Your latest changes were not saved in {folder}: disk full. "
                                    f"{FREE_SPACE}, then press Ctrl+S; what you typed is still on screen. What was "
                                    "saved before is intact and nothing needs restoring.")
            return False
        self._told_full = False
        was_dirty, self._dirty = self._dirty, False
        self.status_label.setText(f"Status: {self.conversation.status.label}")
        self.saved_label.setText(f"Saved {datetime.now():%H:%M:%S}")
        if was_dirty:
            self.saved.emit(f"Saved {self.conversation.kind.noun} with {self.staff.display_name}")
        if isinstance(self.current_section, SignOffSection):
            self.current_section.show_checklist(self.conversation)
        return True

    def request_print(self) -> None:
        if self.save_now():
            self.print_requested.emit(self.conversation)

    def leave(self) -> None:
        if self.save_now():
            self.closed.emit()

    # --- status changes -------------------------------------------------------------
    def _ready(self) -> None:
        self.save_now()
        self.conversation = self.repo.set_status(self.conversation, Status.AWAITING_SIGNOFF)
        self._show(self.conversation)
        self.saved.emit("Marked ready for sign-off")

    def _sign(self) -> None:
        self.timer.stop()
        self.conversation = self.repo.sign(self._read_all())
        self._dirty = False
        self._show(self.conversation)
        if self.conversation.status is Status.SIGNED_OFF:
            self.saved.emit(f"Signed off: {self.conversation.kind.label} with {self.staff.display_name}")
        else:
            self.saved_label.setText(f"Signature recorded {datetime.now():%H:%M:%S}")

    def _reopen(self) -> None:
        reason, ok = QInputDialog.getText(self, "Reopen a signed record",
                                          "Why does this signed record need to change? (kept in the audit log)")
        if not ok:
            return
        try:
            self.conversation = self.repo.reopen(self.conversation.id or "", reason)
        except ValueError as exc:
            QMessageBox.warning(self, "Not reopened", str(exc))
            return
        self._show(self.conversation)
        self.saved.emit("Record reopened; both signatures are needed again")
