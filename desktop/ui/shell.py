"""The unlocked workspace: navigation on the left, the chosen page on the right."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem, QMessageBox, QWidget,
)
from shiboken6 import isValid

from desktop.domain import clock
from desktop.domain.checkin import evidence_window
from desktop.domain.conversation import Conversation, Kind
from desktop.domain.dates import uk
from desktop.domain.verdict import figure
from desktop.domain.home import Target, Reminder, ReminderKind
from desktop.domain.record_code import Lookup
from desktop.domain.staff import Staff
from desktop.store.workspace import Workspace
from desktop.ui import print_actions
from desktop.ui.errors import show_error
from desktop.ui.home_reading import HomeReading, read_home
from desktop.ui.operations import Operation
from desktop.ui.auto_sync import AutoSync
from desktop.ui.conversation.page import ConversationPage
from desktop.ui.cpd.page import LearningPage
from desktop.ui.dialogs.start_conversation import ask_which_conversation
from desktop.ui.pages.audit import AuditPage
from desktop.ui.pages.home import HomePage
from desktop.ui.pages.learning import LearningOverviewPage
from desktop.ui.pages.sync import SyncPage
from desktop.ui.pages.team import TeamPage
from desktop.ui.widgets.forms import write_failure_text
from desktop.ui.widgets.screen_fit import PageStack, scrolling


class Shell(QWidget):
    """Home and the team are built at unlock (they share one computation of the team's facts); the
    other navigation pages are built the first time they are shown or asked for."""

    saved = Signal(str)
    unsaved = Signal()   # a page holds edits not yet written (autosave pending)
    signed_off = Signal()   # a record was signed off (the automatic sync writes a bundle)
    capture_requested = Signal()
    kiosk_requested = Signal(object)   # a PreparationSession: the main window locks and shows it
    verdict_handover = Signal(object, object)   # (Staff, signed Conversation): lock and show the verdict kiosk
    # The navigation, top to bottom: (title, attribute). The last three are built on first use.
    _NAV = (("Home", "home"), ("Team", "team"), ("CPD & training", "overview"), ("Sync", "sync"),
            ("Audit log", "audit"))
    _LAZY = ("overview", "sync", "audit")

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, ahead: HomeReading | None = None):
        """`ahead`: the team and Home already worked out while unlocking (`home_reading.read_ahead`, on the unlocking
        thread), so the first Home appears without another pass over the team here."""
        super().__init__(parent)
        self.workspace = workspace
        self.conversation: ConversationPage | None = None
        self.leadership_dialog = None   # the leadership self-assessment and 360 dialog while it is open
        self.learning: LearningPage | None = None
        self.auto_sync: AutoSync | None = None   # the main window's, given by attach_auto_sync
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Pages")
        self.nav.setFixedWidth(156)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = PageStack()
        if ahead is not None:
            people, facts = ahead.people, ahead.facts
        else:
            people = workspace.staff().all()
            facts = workspace.team_facts(people, clock.today())   # once, for Home and the team table
        self._home_ahead = ahead
        self._home_work: Operation[HomeReading] | None = None
        self._home_ticket = 0
        self.home = HomePage(workspace.manager_name, workspace.info.station_name)   # filled when shown
        self.team = TeamPage(workspace, team=(people, facts))
        self._built: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        for title, name in self._NAV:
            QListWidgetItem(title, self.nav)
            if name in self._LAZY:
                self._placeholders[name] = QWidget()
            self.pages.addWidget(self._placeholders.get(name) or getattr(self, name))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(scrolling(self.pages), 1)   # a small screen scrolls the page instead of hiding it
        self._row = 0   # the navigation page shown (or under a person's page): its name stays highlighted
        self.nav.currentRowChanged.connect(self._show_page)
        # Clicking (or Enter on) the highlighted name while a person's page covers it goes back to that page;
        # the row does not change, so currentRowChanged alone would do nothing.
        self.nav.itemClicked.connect(self._nav_clicked)
        self.nav.itemActivated.connect(self._nav_clicked)
        self.team.saved.connect(self.saved)
        self.team.conversation_requested.connect(self.open_conversation)
        self.team.conversation_offered.connect(self.offer_conversation)
        self.team.roster_imported.connect(self._after_import)
        self.team.record_requested.connect(self.open_record)
        self.team.record_found.connect(self.open_found)
        self.team.panel.subject_access_requested.connect(self.export_subject_access)
        self.team.panel.subject_access_print_requested.connect(
            lambda staff: print_actions.open_subject_access(self, self.workspace, staff))
        self.team.panel.learning_requested.connect(lambda staff: self.open_learning(staff))
        self.team.panel.leadership_requested.connect(lambda staff: self.open_leadership(staff))
        self.team.panel.preparation_requested.connect(lambda staff: self.open_preparation(staff))
        self.team.panel.checkin_requested.connect(lambda staff: self.log_checkin(staff))
        self.team.panel.plan_requested.connect(lambda staff: self.edit_wellbeing_plan(staff))
        self.home.reminder_opened.connect(self.open_reminder)
        self.home.more_requested.connect(self._more)
        self.home.import_requested.connect(lambda: self.go_to_team() and self.team.choose_roster())
        self.home.add_requested.connect(lambda: self.go_to_team() and self.team.start_add())
        self.team.panel.blank_form_requested.connect(
            lambda staff: print_actions.preview_blank_forms(self, self.workspace, [staff]))
        self.nav.setCurrentRow(0)

    # --- pages built on first use ----------------------------------------------------
    def _lazy(self, name: str) -> QWidget:
        page = self._built.get(name)
        if page is None:
            page = self._build(name)
            self._built[name] = page
            placeholder = self._placeholders.pop(name)
            index = self.pages.indexOf(placeholder)
            current = self.pages.currentIndex()
            self.pages.insertWidget(index, page)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages.setCurrentIndex(current)
        return page

    def _build(self, name: str) -> QWidget:
        if name == "overview":
            overview = LearningOverviewPage(self.workspace)
            overview.person_requested.connect(self.open_learning)
            overview.capture_button.clicked.connect(self.capture_requested)
            overview.training_imported.connect(self._training_imported)
            return overview
        if name == "sync":
            sync = SyncPage(self.workspace, self.auto_sync)
            sync.saved.connect(self.saved)
            return sync
        return AuditPage(self.workspace)

    @property
    def overview(self) -> LearningOverviewPage:
        return self._lazy("overview")  # type: ignore[return-value]

    @property
    def sync(self) -> SyncPage:
        return self._lazy("sync")  # type: ignore[return-value]

    @property
    def audit(self) -> AuditPage:
        return self._lazy("audit")  # type: ignore[return-value]

    def _is(self, widget: QWidget | None, name: str) -> bool:
        """Whether `widget` is the lazily built page `name`, without building it."""
        return widget is not None and self._built.get(name) is widget

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
            QMessageBox.warning(self, "Not exported", write_failure_text(folder, exc))
            return None
        self.saved.emit(f"Subject access export saved in {folder}")
        return paths

    def shutdown(self) -> None:
        """Save what is open and stop reacting to events; the workspace is about to close."""
        if self.conversation is not None:
            self.conversation.save_now()
            self.conversation.timer.stop()
        if self.learning is not None:
            self.learning.profile.save_now()
            self.learning.log.autosave.stop()   # its draft is kept by the Place; the database is about to close
        self.team.shutdown()
        self.blockSignals(True)

    def back_to_team(self) -> bool:
        """Close any conversation or CPD log and show the team; False if the manager chose to stay."""
        previous = self.nav.currentRow()
        team_row = self.pages.indexOf(self.team)
        self._show_page(team_row)
        moved = self.conversation is None and self.learning is None
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(team_row if moved else previous)
        self.nav.blockSignals(False)
        return moved and self.team.confirm_leave_panel()

    def _nav_clicked(self, item: QListWidgetItem) -> None:
        row = self.nav.row(item)
        if row == self._row and self.pages.currentWidget() is not self.pages.widget(row):
            self._show_page(row)

    def _show_page(self, row: int) -> None:
        if self.conversation is not None:
            self.close_conversation()
        if self.learning is not None and not self.close_learning():
            self.nav.blockSignals(True)   # the manager stayed with an unsaved entry: so does the highlight
            self.nav.setCurrentRow(self._row)
            self.nav.blockSignals(False)
            return
        name = self._NAV[row][1]
        page = getattr(self, name)   # builds a lazy page the first time
        if page is self.home:
            self.refresh_home()
        elif name in self._LAZY:
            page.reload()
        self.pages.setCurrentIndex(row)
        self._row = row

    def go_to_team(self) -> bool:
        """Show the team page, closing a person's page first; False if the manager chose to stay there.
        The team's commands (Add person, Find, Import roster) act where the person can see them."""
        self.show_page(self.team)
        return self.pages.currentWidget() is self.team

    def show_page(self, page: QWidget) -> None:
        """Go to one of the navigation's pages."""
        row = self.pages.indexOf(page)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        elif self.pages.currentWidget() is not page:
            self._show_page(row)

    def _after_import(self) -> None:
        """A roster import changed the team: Home's reminders and figures, and an open overview, follow at once."""
        self.refresh_home()
        if "overview" in self._built:
            self.overview.reload()

    def _training_imported(self, message: str) -> None:
        """Completions came in from ESR: the team's training facts and Home follow, and the status bar says so."""
        self.team.reload()
        self.refresh_home()
        self.saved.emit(message)

    @property
    def home_pending(self) -> bool:
        """True while Home's figures are being worked out in the background."""
        return self._home_work is not None and self._home_work.running

    def refresh_home(self) -> None:
        """From the team table's facts, which every write keeps current. The reminders and figures are worked
        out on a reader connection in the background (about 0.7 s for 7,000 staff); Home keeps what it showed,
        or says it is working them out, until they arrive."""
        ahead, self._home_ahead = self._home_ahead, None
        if ahead is not None:   # read at unlock; the verdicts just folded in are counted again here (cheap)
            verdicts = self.workspace.verdicts()
            self._show_home(replace(ahead, figure=figure(verdicts.counts()), given=verdicts.given_count()))
            return
        people, facts = self.team.people_and_facts
        people, facts, today = list(people), dict(facts), clock.today()   # the GUI may change its own copies
        workspace = self.workspace
        self._home_ticket += 1
        ticket = self._home_ticket
        self.home.working()

        def work(_progress) -> HomeReading:
            with workspace.reading() as reader:   # a connection of its own, on this worker thread
                return read_home(reader, people, facts, today)

        def done(reading: HomeReading) -> None:
            if ticket == self._home_ticket and isValid(self.home):   # a later refresh supersedes this one
                self._show_home(reading)

        def failed(exc: Exception) -> None:
            if ticket == self._home_ticket and isValid(self.home):
                self.home.not_worked_out()
                show_error(self, exc, "Home could not be worked out")
        self._home_work = Operation(self.home, work).success(done).failure(failed).run_in_background()

    def _show_home(self, reading: HomeReading) -> None:
        self.home.show_summary(reading.summary, reading.today)
        self.home.show_verdicts(reading.figure, reading.given)
        self.home.show_sync(self.auto_sync.headline if self.auto_sync is not None else "")

    def attach_auto_sync(self, auto_sync: AutoSync) -> None:
        """The automatic sync's status on Home and the Sync page, kept current."""
        self.auto_sync = auto_sync
        auto_sync.status_changed.connect(self._sync_status)
        self.home.show_sync(auto_sync.headline)

    def _sync_status(self, _status: str) -> None:
        if self.auto_sync is not None:
            self.home.show_sync(self.auto_sync.headline)
        page = self._built.get("sync")
        if isinstance(page, SyncPage):
            page.reload()   # a bundle written or applied shows in the outbox and history at once

    def open_reminder(self, reminder: Reminder) -> None:
        """A to-do line opens its place: the conversation, the person's training or CPD, or their details."""
        if reminder.target is Target.SYNC:
            self.show_page(self.sync)
            return
        if reminder.target is Target.CLOCK:
            QMessageBox.information(self, "Check the PC's clock", f"{reminder.text}\n\nNew records, due dates and "
                                    "reminders take their dates from it, so they may be wrong until it is put right. "
                                    "Set the PC's date and time "
                                    "(or ask IT to), then lock and unlock the workspace. Nothing you have saved is "
                                    "lost, and this line goes once the clock is right.")
            return
        staff = self.workspace.staff().get(reminder.staff_id or "")
        if staff is None:
            return
        if reminder.target is Target.CONVERSATION:
            self.offer_conversation(staff)
        elif reminder.target in (Target.TRAINING, Target.CPD):
            page = self.open_learning(staff, reminder.target.value)
            if page is not None and reminder.target is Target.CPD:
                page.log.waiting_only.setChecked(True)
        else:
            self.show_page(self.team)
            self.team.select(staff.id or "")
            self.team.panel.setFocus()

    def _more(self, kind: ReminderKind) -> None:
        """The whole list behind a folded group: training and CPD on their page, the rest on the team page."""
        if kind in (ReminderKind.TRAINING, ReminderKind.REFLECTION):
            self.show_page(self.overview)
        else:
            self.show_page(self.team)
            self.team.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)   # Next EADR, soonest first

    def open_learning(self, staff: Staff, tab: str = "cpd", entry_id: str | None = None) -> LearningPage | None:
        """A person's CPD log, training and HCPC profile; Back returns to the page it was opened from."""
        if not self.team.confirm_leave_panel():
            return None
        if self.conversation is not None:
            self.close_conversation()
        if self.learning is not None and not self.close_learning(reload=False):
            return None
        page = LearningPage(self.workspace, staff, tab)
        page.closed.connect(self.close_learning)
        page.saved.connect(self.saved)
        page.unsaved.connect(self.unsaved)
        self.learning = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        if entry_id:
            page.log.select(entry_id)
        page.tabs.currentWidget().setFocus()
        return page

    def close_learning(self, reload: bool = True) -> bool:
        """False if the manager chose to stay with an unsaved entry."""
        page = self.learning
        if page is None:
            return True
        if not page.save_now():
            return False
        self.learning = None
        self.pages.removeWidget(page)
        page.deleteLater()
        if reload:
            self.team.reload(select_id=page.staff.id)
            self._go_back()
        return True

    def refresh_after_capture(self, staff_id: str) -> None:
        """A quick capture changed someone's CPD: refresh what shows it."""
        if self.learning is not None and self.learning.staff.id == staff_id:
            self.learning.log.reload()
            self.learning.profile.reload()
        self.team.reload()
        current = self.pages.currentWidget()
        if self._is(current, "overview"):
            current.reload()  # type: ignore[attr-defined]
        if current is self.home:
            self.refresh_home()

    def current_staff(self) -> Staff | None:
        """Who the manager is looking at: the open CPD, conversation or the team selection."""
        if self.learning is not None:
            return self.learning.staff
        if self.conversation is not None:
            return self.conversation.staff
        return self.team.panel.staff if not self.team.panel.is_new else None

    def open_conversation(self, staff: Staff, kind: Kind) -> ConversationPage | None:
        """Resume the person's unfinished conversation of this kind, or start one."""
        if not self.team.confirm_leave_panel():
            return None
        repo = self.workspace.conversations()
        existing = repo.open_for(staff.id or "")
        conversation = existing if existing is not None and existing.kind is kind else repo.start(staff.id or "", kind)
        return self.show_conversation(staff, conversation)

    def offer_conversation(self, staff: Staff) -> ConversationPage | None:
        """Opening a person (a to-do line, Enter on a team row, the Start button): their open conversation,
        or a question which one to start. No record is made unless the manager chooses one."""
        existing = self.workspace.conversations().open_for(staff.id or "")
        if existing is not None:
            if not self.team.confirm_leave_panel():
                return None
            return self.show_conversation(staff, existing)
        facts = self.team.people_and_facts[1].get(staff.id or "")
        kind = ask_which_conversation(self, staff, facts.due.text() if facts else "")
        return self.open_conversation(staff, kind) if kind is not None else None

    def open_record(self, staff: Staff, conversation_id: str) -> ConversationPage | None:
        """An earlier conversation, as it was recorded (read-only once signed off)."""
        conversation = self.workspace.conversations().get(conversation_id)
        if conversation is None or not self.team.confirm_leave_panel():
            return None
        return self.show_conversation(staff, conversation)

    def open_found(self, found: Lookup) -> ConversationPage | None:
        """A record found by its ID (a form's QR code scanned, or the ID typed): the team highlights the person
        whose record it is and that same record opens, so the team page and the record never disagree."""
        if found.staff is None or not found.opens or not self.go_to_team():
            return None
        self.team.reveal(found.staff)
        if self.team.highlighted() is None or self.team.highlighted().id != found.staff.id:
            return None   # the manager kept unsaved edits to someone else
        return self.open_record(found.staff, found.conversation_id)

    def show_conversation(self, staff: Staff, conversation: Conversation) -> ConversationPage:
        repo = self.workspace.conversations()
        if self.conversation is not None:
            self.close_conversation()
        preparation, source = self._their_preparation(staff, conversation)
        page = ConversationPage(repo, self.workspace.profile(), staff, conversation, None, preparation, source,
                                paper=self.workspace.paper())
        page.closed.connect(self.close_conversation)
        page.next_form_requested.connect(self.next_scanned_form)
        page.print_requested.connect(lambda c: print_actions.open_record(self, self.workspace, staff, c))
        page.saved.connect(self.saved)
        page.signed_off.connect(self.signed_off)
        page.unsaved.connect(self.unsaved)
        page.leadership_requested.connect(lambda: self.open_leadership(staff))
        page.preparation_requested.connect(lambda: self.open_preparation(staff))
        page.verdict_handover_requested.connect(lambda c: self.verdict_handover.emit(staff, c))
        page.verdict_code_requested.connect(lambda c: self.print_verdict_code(staff, c))
        self._show_verdict_state(page)
        self._show_checkin_evidence(page)
        self.conversation = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        page.steps.setFocus()
        return page

    def _their_preparation(self, staff: Staff, conversation: Conversation):
        """The staff member's preparation for this EADR (an open EADR takes their current one), and a line
        saying where it came from."""
        from desktop.domain.dates import uk_timestamp
        if conversation.kind is not Kind.EADR:
            return None, ""
        repo = self.workspace.preparations()
        stored = (repo.for_conversation(conversation.id or "") if conversation.read_only
                  else repo.attach(staff.id or "", conversation.id or ""))
        if stored is None or stored.preparation.is_empty:
            return None, ""
        state = "finished" if stored.finished else "started, not finished"
        return stored.preparation, (f"From {staff.first_name}'s own preparation ({state}; last saved "
                                    f"{uk_timestamp(stored.updated_at)}).")

    def log_checkin(self, staff: Staff):
        """A check-in in a minute, from the person's details; Home's open actions follow at once."""
        from desktop.ui.dialogs.checkin import CheckinDialog
        dialog = CheckinDialog(self.workspace.checkins(), staff, self)
        self.checkin_dialog = dialog
        if dialog.exec() == CheckinDialog.DialogCode.Accepted and dialog.saved_checkin is not None:
            c = dialog.saved_checkin
            n = len(c.actions)
            self.refresh_home()
            self.saved.emit(f"{c.kind.label} with {staff.display_name} logged for {uk(c.held_on)}"
                            f" with {n} action{'s' if n != 1 else ''}")
        self.checkin_dialog = None
        return dialog

    def edit_wellbeing_plan(self, staff: Staff):
        from desktop.ui.dialogs.checkin import WellbeingPlanDialog
        dialog = WellbeingPlanDialog(self.workspace.checkins(), staff, self)
        if dialog.exec() == WellbeingPlanDialog.DialogCode.Accepted:
            self.saved.emit(f"Wellbeing plan for {staff.display_name} saved")
        return dialog

    def _show_checkin_evidence(self, page: ConversationPage) -> None:
        """The performance section lists the check-ins (and their actions) since the EADR before this one."""
        from desktop.ui.conversation.sections import PerformanceSection
        section = next((s for s in page.sections if isinstance(s, PerformanceSection)), None)
        if section is None:
            return
        c = page.conversation
        dates = self.workspace.conversations().signed_eadr_history().get(page.staff.id or "", [])
        since, until = evidence_window(dates, c.held_on if c.read_only else None)
        lines = self.workspace.checkins().evidence(page.staff.id or "", since).up_to(until).lines(clock.today())
        section.show_evidence(lines, f"since the last EADR ({uk(since)})" if since else "yet")

    def _show_verdict_state(self, page: ConversationPage) -> None:
        given = self.workspace.verdicts().given_for([page.conversation.id or ""])
        page.set_verdict_given(uk(given[page.conversation.id]) if page.conversation.id in given else None)

    def verdict_about(self, staff: Staff, conversation: Conversation):
        """What the verdict kiosk may say about the conversation (no content of it)."""
        from desktop.security.verdict import About
        return About(staff.preferred_name or staff.first_name, conversation.kind.noun, uk(conversation.held_on, ""),
                     self.workspace.manager_name)

    def verdict_box(self):
        from desktop.security.verdict import VerdictBox
        return VerdictBox(self.workspace.folder, self.workspace.verdicts(), self.workspace.hr_recipient)

    def print_verdict_code(self, staff: Staff, conversation: Conversation):
        """A one-time code for their view later, printed on a slip (the only copy of the code)."""
        from desktop.documents.verdict_slip import VerdictSlip
        from desktop.security.feedback360 import format_code
        from desktop.security.verdict import VerdictError
        from desktop.ui.dialogs.print_preview import PrintPreview
        about = self.verdict_about(staff, conversation)
        try:
            code = self.verdict_box().issue_code(conversation.id or "", staff.id or "", about)
        except (VerdictError, OSError) as exc:
            QMessageBox.warning(self, "No code made", str(exc))
            return None
        slip = VerdictSlip(self.workspace.info.station_name, self.workspace.profile().short_name,
                           staff.display_name, about.line(), format_code(code))
        preview = PrintPreview(f"Print — a code for {staff.display_name}'s view of the conversation (the only copy)",
                               f"Verdict code {staff.display_name} {clock.today().isoformat()}.pdf",
                               lambda _private: slip.to_bytes(), self)
        self.verdict_preview = preview
        preview.exec()
        return preview

    def open_leadership(self, staff: Staff, start_tab: int = 0):
        """The leadership self-assessment and 360 rounds; an open EADR is saved first and shown again after,
        so development items added there appear in it."""
        from desktop.ui.feedback.leadership import LeadershipDialog
        page = self.conversation
        if page is not None and not page.save_now():
            return None
        dialog = LeadershipDialog(self.workspace, staff, self, start_tab)
        dialog.saved.connect(self.saved)
        self.leadership_dialog = dialog
        dialog.exec()
        self.leadership_dialog = None
        if page is not None and page is self.conversation and self.workspace.is_open:
            page.reload_from_store()   # (not after the workspace locked under the dialog)
        return dialog

    def transcribe(self, forms: list[tuple[Staff, Conversation]]) -> ConversationPage | None:
        """Type up scanned forms one after another: each record opens with its scan beside the fields."""
        if not forms or not self.team.confirm_leave_panel():
            return None
        self.scan_queue = list(forms)
        return self.next_scanned_form()

    scan_queue: list[tuple[Staff, Conversation]] = []

    def next_scanned_form(self) -> ConversationPage | None:
        if not self.scan_queue:
            return None
        staff, conversation = self.scan_queue.pop(0)
        remaining = self.scan_queue
        conversation = self.workspace.conversations().get(conversation.id or "") or conversation
        page = self.show_conversation(staff, conversation)
        self.scan_queue = remaining   # (closing the previous form's page leaves the queue as it was)
        page.show_scan(remaining=len(remaining))
        page.steps.setFocus()
        return page

    def open_preparation(self, staff: Staff):
        """Their preparation: the screen for them now (the workspace locks behind it) or the printed form."""
        from desktop.ui.feedback.prepare import PreparationDialog
        page = self.conversation
        if page is not None and not page.save_now():
            return None
        dialog = PreparationDialog(self.workspace, staff, self)
        dialog.kiosk_requested.connect(self.kiosk_requested)
        self.preparation_dialog = dialog
        dialog.exec()
        self.preparation_dialog = None
        return dialog

    def close_conversation(self) -> None:
        self.scan_queue = []   # back to the team: the rest of a scan opens from each person's record
        page, self.conversation = self.conversation, None
        if page is None:
            return
        page.save_now()
        staff_id = page.staff.id
        self.pages.removeWidget(page)
        page.deleteLater()
        self.team.reload(select_id=staff_id)
        self._go_back()

    def _go_back(self) -> None:
        """Return to the navigation page a person's page was opened from, refreshed."""
        target = self.pages.widget(self.nav.currentRow()) or self.team
        self.pages.setCurrentWidget(target)
        if target is self.home:
            self.refresh_home()
        elif self._is(target, "overview"):
            target.reload()  # type: ignore[attr-defined]
        self.focus_current()

    def focus_current(self) -> None:
        page = self.pages.currentWidget()
        focus = {self.home: self.home.reminder_list, self.team: self.team.table}.get(page, page)
        focus.setFocus()

