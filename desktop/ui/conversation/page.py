"""The conversation page: sections in a calm order, a guide alongside, and autosave.

Autosave is the app's one rule (desktop/ui/widgets/autosave.py): the first unsaved edit starts a
short timer and the record is saved when it fires, so nothing typed waits more than about 1.2 s,
however long the typing goes on; also on every change of section, and on leaving.
"""

from __future__ import annotations

import html
import json
from datetime import date, datetime
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
    QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop.domain.conversation import Conversation, Kind, RecordLocked, Status
from desktop.domain.preparation import Preparation
from desktop.domain.dates import uk
from desktop.domain.paper import PaperCopy
from desktop.domain.staff import Staff
from desktop.domain.trust import TrustProfile
from desktop.store.workspace import FREE_SPACE, ConversationRepository, is_disk_full
from desktop.ui.conversation.guide import GuidePanel
from desktop.ui.conversation.editors import RepeatingList
from desktop.ui.conversation.sections import SECTION_WIDGETS, SectionWidget, SignOffSection
from desktop.ui.conversation.their_words import BRING_KEY, TheirWords
from desktop.ui.widgets.autosave import AUTOSAVE_MS, AutosaveTimer
from desktop.ui.widgets.panes import main_with_side
from desktop.ui.widgets.scan_viewer import ScanViewer, to_qimage
from desktop.ui.widgets.tab_order import chain, reading_order

class PaperCopies(Protocol):
    """The workspace's scanned paper forms (Workspace.paper())."""

    def for_conversation(self, conversation_id: str) -> list[PaperCopy]: ...

    def content(self, copy_id: str) -> bytes: ...


def status_text(c: Conversation) -> str:
    """The header's status, which says whose signature is awaited once one person has signed."""
    s = c.signoff
    if c.status is not Status.SIGNED_OFF and s.staff_signed and not s.manager_signed:
        return "Status: Waiting for your signature"
    if c.status is not Status.SIGNED_OFF and s.manager_signed and not s.staff_signed:
        return "Status: Waiting for the staff member's signature"
    return f"Status: {c.status.label}"


def hr_review_text(review: dict | None) -> str:
    """HR's dip-sample review for the signed record's banner, in words (HTML-escaped)."""
    if review is None:
        return ""
    yours = f"{review['station_score']}%" if review["station_score"] is not None else "not scored"
    missed = [label for label, met in json.loads(review["checks"] or "[]") if not met]
    text = (f"<br><b>Reviewed by HR</b> ({review['period']} dip sample, {uk(date.fromisoformat(review['reviewed_at'][:10]))}): "
            f"HR's checklist score {review['score']}%, yours {yours}.")
    if missed:
        text += " Not met in HR's view: " + html.escape("; ".join(missed)) + "."
    if review["comment"]:
        text += " HR's comment: “" + html.escape(review["comment"]) + "”"
    return text


class _EnterPresses(QObject):
    """Enter or Return on a focused button presses it, as Space does."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QPushButton)
                and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)):
            if watched.isEnabled():
                watched.click()
            return True
        return False


class ConversationPage(QWidget):
    """Emits `closed()` when the manager goes back to the team, `saved(message)` after writes."""

    closed = Signal()
    saved = Signal(str)
    signed_off = Signal()              # both signatures in: the automatic sync writes a bundle for HR
    unsaved = Signal()                 # edits not written yet: the status bar must not say "saved"
    print_requested = Signal(object)   # the Conversation, saved
    leadership_requested = Signal()    # the leadership self-assessment and 360 feedback, for people who lead
    next_form_requested = Signal()     # typing up a pile of scanned forms: the next one
    preparation_requested = Signal()   # the staff member's own preparation: the screen for them, or the form
    verdict_handover_requested = Signal(object)   # the signed Conversation: lock and show the verdict kiosk
    verdict_code_requested = Signal(object)       # the signed Conversation: print a one-time code for later

    def __init__(self, repo: ConversationRepository, profile: TrustProfile, staff: Staff,
                 conversation: Conversation, parent: QWidget | None = None,
                 preparation: Preparation | None = None, preparation_source: str = "",
                 paper: PaperCopies | None = None):
        super().__init__(parent)
        self.repo = repo
        self.paper = paper
        self.copies: list[PaperCopy] = []
        self.staff = staff
        self.conversation = conversation
        self.preparation = preparation
        self.preparation_source = preparation_source
        self._bring_target: QWidget | None = None
        self._dirty = False
        self._loading = False
        self._enter = _EnterPresses(self)
        self._told_full = False

        self.title = QLabel()
        self.title.setObjectName("pageHeading")
        self.title.setWordWrap(True)   # a long name wraps on a small screen rather than being cut off
        self.status_label = QLabel()
        self.status_label.setObjectName("statusPill")
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Saved state")
        self.back = QPushButton("← Back to team")
        self.back.setToolTip("Saves and returns to the team (Esc)")
        self.print_button = QPushButton("Print…")
        self.print_button.setToolTip("Preview, print or save the record as a PDF (Ctrl+P)")
        self.paper_button = QPushButton("Paper copy")
        self.paper_button.setCheckable(True)
        self.paper_button.setToolTip("Show or hide the scanned paper form beside the fields (Ctrl+Shift+V)")
        self.paper_button.setAccessibleName("Show the scanned paper copy")
        self.next_form_button = QPushButton("Next scanned form ▶")
        self.next_form_button.setToolTip("Saves, then opens the next form from the scan (Ctrl+Shift+Page Down)")
        self.next_form_button.hide()
        header = QHBoxLayout()
        header.addWidget(self.back)
        header.addWidget(self.title, 1)
        header.addWidget(self.paper_button)
        header.addWidget(self.print_button)
        header.addWidget(self.status_label)
        header.addWidget(self.saved_label)

        self.banner = QWidget()
        self.banner.setObjectName("lockedBanner")
        banner_row = QHBoxLayout(self.banner)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.reopen_button = QPushButton("Reopen…")
        # Their view of the conversation (docs/staff-verdict.md): answered on this PC after a handover, or later.
        self.handover_button = QPushButton("&Hand over for their view…")
        self.handover_button.setToolTip("Locks the workspace and shows them four short questions about the "
                                        "conversation; you never see their answers")
        self.verdict_code_button = QPushButton("Print a code for their &view…")
        self.verdict_code_button.setToolTip("A one-time code to answer later on this PC's lock screen")
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.handover_button)
        banner_row.addWidget(self.verdict_code_button)
        banner_row.addWidget(self.reopen_button)
        self.verdict_given: str | None = None    # "given on dd/mm/yyyy", set by the shell

        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setAccessibleName("Sections")
        self.steps.setWordWrap(True)     # on a small (or 150 %) screen the list narrows and names wrap
        self.steps.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.steps.setResizeMode(QListWidget.ResizeMode.Adjust)   # re-measure the rows when it narrows
        self.steps.setFixedWidth(218)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.sections: list[SectionWidget] = []
        for section in conversation.sections:
            widget = SECTION_WIDGETS[section](profile)
            widget.changed.connect(self._edited)
            widget.leadership_requested.connect(self.leadership_requested)
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            # As needed, never off: on a small screen a field may scroll, but it is never cut off.
            scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            scroller.setWidget(widget)
            self.stack.addWidget(scroller)
            self.sections.append(widget)
            QListWidgetItem(f"{len(self.sections)}. {section.label}", self.steps)
        self.guide = GuidePanel(profile)
        self.guide.setMinimumWidth(200)

        self.previous = QPushButton("Previous")
        self.next = QPushButton("Next section")
        self.next.setToolTip("Saves, then opens the next section (Ctrl+Page Down)")
        self.previous.setToolTip("Saves, then opens the previous section (Ctrl+Page Up)")
        nav = QHBoxLayout()
        nav.addWidget(self.previous)
        nav.addStretch(1)
        nav.addWidget(self.next)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.stack, 1)
        centre_layout.addLayout(nav)

        # An EADR has the staff member's own preparation beside it, above the guide.
        self.their_words: TheirWords | None = None
        side: QWidget = self.guide
        if conversation.kind is Kind.EADR:
            self.their_words = TheirWords(staff.first_name or staff.display_name)
            self.their_words.preparation_requested.connect(self.preparation_requested)
            self.their_words.bring_button.clicked.connect(lambda: self.bring_across())
            side = QSplitter(Qt.Orientation.Vertical)
            side.addWidget(self.their_words)
            side.addWidget(self.guide)
            side.setChildrenCollapsible(False)
            side.setSizes([380, 260])
            QShortcut(QKeySequence(BRING_KEY), self, activated=self.bring_across)
            QApplication.instance().focusChanged.connect(self._focus_moved)
        splitter = self.splitter = main_with_side(centre, side, (760, 270))
        self.side = side   # the guide (and their words): the scan takes its place while typing up
        self.viewer = ScanViewer()
        self.viewer.setMinimumWidth(260)
        self.viewer.hide()
        self.viewer.install_shortcuts(self)
        self.viewer.heading_row.addWidget(self.next_form_button, 0, Qt.AlignmentFlag.AlignTop)
        splitter.addWidget(self.viewer)
        splitter.setStretchFactor(2, 4)
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addWidget(splitter, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

        self.timer = AutosaveTimer(self, self.save_now, AUTOSAVE_MS)  # AUTOSAVE_MS read here: tests may set it
        self.steps.currentRowChanged.connect(self._go_to)
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(+1))
        self.back.clicked.connect(self.leave)
        self.print_button.clicked.connect(self.request_print)
        self.paper_button.toggled.connect(self._toggle_scan)
        self.next_form_button.clicked.connect(self._next_form)
        QShortcut(QKeySequence("Ctrl+Shift+V"), self, activated=lambda: self.paper_button.isVisible()
                  and self.paper_button.click()).setWhatsThis("Show or hide the scanned paper copy")
        QShortcut(QKeySequence("Ctrl+Shift+PgDown"), self, activated=lambda: self.next_form_button.isVisible()
                  and self.next_form_button.click()).setWhatsThis("Save, and open the next form from the scan")
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.request_print)
        self.reopen_button.clicked.connect(self._reopen)
        self.handover_button.clicked.connect(lambda: self.verdict_handover_requested.emit(self.conversation))
        self.verdict_code_button.clicked.connect(lambda: self.verdict_code_requested.emit(self.conversation))
        signoff = self.signoff_section
        if signoff is not None:
            signoff.sign_requested.connect(self._sign)
            signoff.ready_requested.connect(self._ready)
            signoff.paper_requested.connect(lambda: self.paper_button.setChecked(True))   # shows the scan
        QShortcut(QKeySequence("Ctrl+PgDown"), self, activated=lambda: self.step(+1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, activated=lambda: self.step(-1))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.leave)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_now)

        signoff = self.signoff_section
        if signoff is not None:
            bar = signoff.parentWidget().parentWidget().verticalScrollBar()  # viewport → scroll area
            bar.rangeChanged.connect(lambda *_: self._show_signatures())
            bar.actionTriggered.connect(lambda *_: setattr(self, "_signatures_pending", False))
        for widget in self.sections:
            for repeating in widget.findChildren(RepeatingList):
                repeating.items_changed.connect(self.fix_tab_order)
        self._show(conversation)
        self.load_copies()
        start = [s.value for s in conversation.sections].index(conversation.current_section) \
            if conversation.current_section in [s.value for s in conversation.sections] else 0
        self.steps.setCurrentRow(start)  # shows the section through _go_to

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """On a narrow window the sections list and the guide give the section itself more room."""
        width = event.size().width() - (420 if self.viewer.isVisible() else 0)   # typing up: the scan needs room
        self.steps.setFixedWidth(218 if width >= 1000 else 176 if width >= 800 else 150)
        self.guide.setMinimumWidth(200 if width >= 1000 else 170 if width >= 800 else 150)
        super().resizeEvent(event)

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
        self.status_label.setText(status_text(c))
        if c.read_only:
            s = c.signoff
            self.banner_text.setText(
                f"<b>Signed off</b>: staff member {uk(s.staff_signed_on)}{' on paper' if s.on_paper else ''}, "
                f"manager {uk(s.manager_signed_on)}. The record is read-only; reopening needs a reason and is "
                "kept in the audit log." + hr_review_text(self.repo.hr_review(c.id or ""))
                + (f" Their view of the conversation was given {self.verdict_given}." if self.verdict_given else ""))
        offer = c.read_only and c.kind is Kind.EADR and not self.verdict_given
        self.handover_button.setVisible(offer)
        self.verdict_code_button.setVisible(offer)
        self.banner.setVisible(c.read_only)
        self.fix_tab_order()
        self.saved_label.setText("All changes saved" if c.updated_at else "")

    # --- the scanned paper copy ---------------------------------------------------
    def load_copies(self) -> list[PaperCopy]:
        """The record's scanned paper forms, newest first; the header button and sign-off point to them."""
        self.copies = self.paper.for_conversation(self.conversation.id or "") if self.paper is not None else []
        self.paper_button.setVisible(bool(self.copies))
        if self.signoff_section is not None:
            self.signoff_section.set_paper_copies(self.copies)
        return self.copies

    def show_scan(self, remaining: int | None = None) -> bool:
        """The newest scanned paper form beside the fields, in place of the guide (typing up). `remaining`:
        forms still to type up from the same scan, offered by the Next scanned form button."""
        if remaining is not None:
            self.next_form_button.setText(f"Next form ▶ ({remaining} more)")
            self.next_form_button.setVisible(remaining > 0)
        copies = self.copies or self.load_copies()
        if not copies:
            return False
        from desktop.documents.scans import render_pages
        copy = copies[0]
        try:
            content = self.paper.content(copy.id)
        except ValueError as exc:   # the kept scan no longer matches its SHA-256: say so, show nothing false
            QMessageBox.warning(self, "Scanned paper copy not shown", f"{exc}. Restore a backup from before "
                                "this happened (Workspace → Restore from a backup…), or scan the form again.")
            return False
        images = [to_qimage(image) for image in render_pages(content, dpi=150)]
        self.viewer.set_pages(images, "Scanned form", copy.describe())
        self.side.hide()
        self.viewer.show()
        self._split_for_scan()
        QTimer.singleShot(0, self, self._split_for_scan)   # again once the page has its real width
        self.paper_button.blockSignals(True)
        self.paper_button.setChecked(True)
        self.paper_button.blockSignals(False)
        self.resizeEvent(QResizeEvent(self.size(), self.size()))
        return True

    def _split_for_scan(self) -> None:
        """Half each, but the fields get the width they need not to scroll sideways where the scan can spare it."""
        if not self.viewer.isVisible():
            return
        total = max(1, self.splitter.width() - self.splitter.handleWidth())
        needed = max(s.minimumSizeHint().width() for s in self.sections) + 40   # the fields, and a scroll bar
        fields = max(total // 2, min(needed, total - 320))
        self.splitter.setSizes([fields, 0, total - fields])

    def _toggle_scan(self, on: bool) -> None:
        if not on:
            self.hide_scan()
        elif not self.show_scan():
            self.hide_scan()   # nothing to show: the button goes back up

    def hide_scan(self) -> None:
        self.viewer.hide()
        self.side.show()
        self.splitter.setSizes([760, 270, 0])
        self.paper_button.blockSignals(True)
        self.paper_button.setChecked(False)
        self.paper_button.blockSignals(False)
        self.resizeEvent(QResizeEvent(self.size(), self.size()))

    def _next_form(self) -> None:
        if self.save_now():
            self.next_form_requested.emit()

    def set_verdict_given(self, given: str | None) -> None:
        """The shell says whether (and when) their view was given; the banner follows."""
        self.verdict_given = given
        self._show(self.conversation)

    def reload_from_store(self) -> None:
        """Show the record as stored (a dialog added development items to it); save first."""
        stored = self.repo.get(self.conversation.id or "")
        if stored is not None:
            self.conversation = stored
            self._show(stored)

    def fix_tab_order(self) -> None:
        """Tab follows reading order: header, sections list, the section's fields, then the buttons.
        Every button also answers Enter (outside a dialog Qt buttons take only Space)."""
        words = self.their_words
        beside = [words.view, words.bring_button, words.prepare_button] if words is not None else []
        chain([self.back, self.paper_button, self.print_button, self.handover_button, self.verdict_code_button,
               self.reopen_button, self.steps, *reading_order(self.stack), self.previous, self.next,
               *beside,   # their words, in the column on the right, come after the section
               self.next_form_button, self.viewer.previous, self.viewer.next, self.viewer.scroller,
               self.viewer.zoom_out, self.viewer.zoom_in, self.viewer.fit])
        for button in self.findChildren(QPushButton):
            button.removeEventFilter(self._enter)
            button.installEventFilter(self._enter)

    def step(self, delta: int) -> None:
        """Next or previous section, with the keyboard in its first field."""
        row = min(len(self.sections) - 1, max(0, self.steps.currentRow() + delta))
        if row != self.steps.currentRow():
            self.steps.setCurrentRow(row)
            self._focus_section()

    def _focus_section(self) -> None:
        section = self.current_section
        scroller = self.stack.currentWidget()
        assert isinstance(scroller, QScrollArea)
        if not isinstance(section, SignOffSection):
            scroller.verticalScrollBar().setValue(0)
        first = section.first_field()
        if first is not None and not self.conversation.read_only:
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def _go_to(self, row: int) -> None:
        if row < 0:
            return
        self.save_now()
        previous = self.stack.currentIndex()
        if 0 <= previous < len(self.sections) and previous != row:
            self.sections[previous].forget_removed()   # leaving a section makes removals final
        self.stack.setCurrentIndex(row)
        section = self.sections[row].section
        self.guide.show_section(section)
        if self.their_words is not None:
            self.their_words.show_section(self.preparation, self.preparation_source, section,
                                          self.conversation.read_only)
        self._bring_target = None
        self.previous.setEnabled(row > 0)
        self.next.setEnabled(row < len(self.sections) - 1)
        if isinstance(self.sections[row], SignOffSection):
            self.sections[row].show_checklist(self._read_all())
            self._signatures_pending = True
            self._show_signatures_soon()
        else:
            self._signatures_pending = False

    _signatures_pending = False

    def _show_signatures_soon(self, passes: int = 3) -> None:
        """Now, and again over the next few turns of the event loop while wrapped lines settle."""
        self._show_signatures()
        if passes and self._signatures_pending:
            QTimer.singleShot(0, self, lambda: self._show_signatures_soon(passes - 1))  # dropped with the page

    def _show_signatures(self) -> None:
        """Opening the sign-off section brings both signatures into view. Wrapped lines take a few
        layout passes to find their height, so this runs again as the scroll range settles, until
        the manager types or scrolls."""
        section = self.signoff_section
        scroller = self.stack.currentWidget()
        if (not self._signatures_pending or section is None or self.conversation.read_only
                or not isinstance(scroller, QScrollArea) or scroller.widget() is not section):
            return
        scroller.ensureWidgetVisible(section.staff_box, 0, 8)
        scroller.ensureWidgetVisible(section.manager_sign_button, 0, 8)   # the last word: it must show

    # --- their words ------------------------------------------------------------
    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Remember the field the manager was writing in, for the bring-across key."""
        if self._is_field(new):
            self._bring_target = new

    def _is_field(self, widget: QWidget | None) -> bool:
        if not isinstance(widget, (QLineEdit, QPlainTextEdit)) or widget.isReadOnly():
            return False
        scroller = self.stack.currentWidget()
        return scroller is not None and scroller.isAncestorOf(widget)

    def bring_across(self) -> None:
        """BRING_KEY: their sentence at the cursor (or their selection) into the field being written in."""
        words = self.their_words
        if words is None or self.conversation.read_only:
            return
        if not words.view.isVisible():
            words.status.setText("Nothing of theirs to bring across in this section.")
            return
        target = self._bring_target if self._is_field(self._bring_target) else None
        if target is None:
            first = self.current_section.first_field()
            target = first if self._is_field(first) else None
        if target is None:
            words.status.setText("Tab into the field you are writing in first, then press " + BRING_KEY + ".")
            return
        text = words.take()
        if not text:
            words.status.setText("That was the last of their words here.")
            return
        if isinstance(target, QPlainTextEdit):
            cursor = target.textCursor()
            if target is not self._bring_target:
                cursor.movePosition(cursor.MoveOperation.End)
            before = target.toPlainText()[:cursor.position()]
            cursor.insertText((" " if before and not before[-1].isspace() else "") + text)
            target.setTextCursor(cursor)
        else:
            assert isinstance(target, QLineEdit)
            before = target.text()[:target.cursorPosition()]
            target.insert((" " if before and not before[-1].isspace() else "") + text)
        self._bring_target = target
        self._edited()
        words.status.setText(f"Brought across into “{target.accessibleName()}”.")

    # --- saving ----------------------------------------------------------------
    def _edited(self) -> None:
        if self._loading or self.conversation.read_only:
            return
        self._dirty = True
        self._signatures_pending = False
        self.saved_label.setText("Unsaved changes…")
        self.unsaved.emit()
        self.timer.edited()  # counts from the first unsaved edit: typing on never defers it

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
            self.unsaved.emit()
            return False
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            # What is typed stays on screen and the last save stays in the workspace; say so once, then retry.
            self.saved_label.setText("Not saved: disk full")
            if not self._told_full:
                self._told_full = True
                folder = self.repo.folder()
                QMessageBox.warning(self, "Disk full", f"Your latest changes were not saved in {folder}: disk full. "
                                    f"{FREE_SPACE}, then press Ctrl+S; what you typed is still on screen. What was "
                                    "saved before is intact and nothing needs restoring.")
            return False
        self._told_full = False
        was_dirty, self._dirty = self._dirty, False
        self.status_label.setText(status_text(self.conversation))
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
            self.saved.emit(f"Signed off: {self.conversation.kind.label} with {self.staff.display_name}. "
                            "The record is now read-only.")
            self.signed_off.emit()
        else:
            self._signatures_pending = True   # keep the manager's signature in view: it is next
            self._show_signatures_soon()
            self.saved_label.setText(f"Saved {datetime.now():%H:%M:%S}")
            self.saved.emit(self.signoff_section.state.text() if self.signoff_section else "Signature recorded")

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
