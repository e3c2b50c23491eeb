"""The main window: welcome or unlock first, then the workspace's pages."""

from __future__ import annotations

import importlib
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox

from desktop import APP_NAME
from desktop.paths import demo_workspace_dir
from desktop.store.folder import InstanceLock, WorkspaceError, WorkspaceInUse, is_workspace, read_info
from desktop.ui.errors import show_error
from desktop.ui.operations import Operation
from desktop.ui.home_reading import read_ahead
from desktop.ui.pages.unlock import UnlockPage
from desktop.ui.pages.welcome import WelcomePage
from desktop.ui.session import Session
from desktop.ui.widgets.forms import write_failure_text
from desktop.ui.widgets.screen_fit import PageStack, scrolling

if TYPE_CHECKING:
    from desktop.store.workspace import Workspace
    from desktop.ui.auto_sync import AutoSync
    from desktop.ui.cpd.quick_capture import QuickCaptureDialog
    from desktop.ui.shell import Shell

MAIN_WINDOW_SIZE = QSize(1440, 900)   # what the window asks for; a smaller screen opens it maximised
log = logging.getLogger(__name__)

# Start-up shows only the welcome or unlock screen, so the modules behind the
# workspace (SQLCipher, sqlite-utils, reportlab, the pages) are imported on an idle
# timer while the user types the passphrase, not before the first paint.
_WARM_UP = ("desktop.security.unlock", "desktop.ui.shell", "desktop.documents.team_list")


class MainWindow(QMainWindow):
    shown_first = Signal()

    def __init__(self, folder: Path | None, default_folder: Path):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(MAIN_WINDOW_SIZE)   # then fitted inside the screen as it is shown (widgets.screen_fit)
        self.workspace: Workspace | None = None
        self.shell: Shell | None = None
        self._shown_once = False
        self._instance: InstanceLock | None = None
        self.lock_retry = QTimer(self)
        self.lock_retry.setInterval(1000)
        self.lock_retry.timeout.connect(self._retry_lock)
        self.session = Session(self)   # idle lock, backups, the background page check, closing
        self.auto_sync: AutoSync | None = None   # bundles to and from the sync folder; made at the first unlock
        self.folder = folder or default_folder

        self.stack = PageStack()
        self.welcome = WelcomePage()
        self.unlock = UnlockPage()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.unlock)
        self.setCentralWidget(scrolling(self.stack))   # fits small screens: scrolls, never hides

        self.workspace_label = QLabel()
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Saved state")
        self.clock_label = QLabel()   # shown only when the PC's clock reads earlier than the workspace has seen
        self.clock_label.setAccessibleName("Clock warning")
        self.clock_label.setWordWrap(True)
        self.clock_label.hide()
        self.statusBar().addWidget(self.clock_label, 2)
        self.statusBar().addWidget(self.workspace_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        self._build_menus()

        self.welcome.created.connect(self.open_workspace)
        self.welcome.demo_requested.connect(self.open_demo)
        self.unlock.unlocked.connect(self.open_workspace)
        self.unlock.read_ahead = read_ahead   # Qt-free: it runs on the unlocking thread
        self.show_start(self.folder)

    # --- menus ------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import roster…", self, shortcut=QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self._on_team("choose_roster"))
        self.export_action = QAction("&Save team list as PDF…", self, shortcut=QKeySequence("Ctrl+Shift+P"))
        self.export_action.triggered.connect(self.save_team_list)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.blanks_action = QAction("Print &blank forms for staff due…", self)
        self.blanks_action.triggered.connect(self.print_blank_forms)
        self.compliance_action = QAction("Print EADR &compliance report…", self)
        self.compliance_action.triggered.connect(self.print_compliance)
        self.scans_action = QAction("&Open scanned forms…", self, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.scans_action.setStatusTip("Type up paper forms: each scanned form opens beside its record")
        self.scans_action.triggered.connect(lambda: self.open_scanned_forms())
        for action in (self.import_action, self.export_action, self.blanks_action, self.compliance_action,
                       self.scans_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        staff_menu = self.menuBar().addMenu("&Staff")
        self.add_action = QAction("&Add person", self, shortcut=QKeySequence.StandardKey.New)
        self.add_action.triggered.connect(lambda: self._on_team("start_add"))
        self.find_action = QAction("&Find…", self, shortcut=QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: self._on_team("focus_search"))
        self.find_record_action = QAction("Find by record &ID or scan…", self, shortcut=QKeySequence("Ctrl+Shift+F"))
        self.find_record_action.triggered.connect(lambda: self.find_record())
        self.capture_action = QAction("&Quick CPD capture…", self, shortcut=QKeySequence("Ctrl+K"))
        self.capture_action.triggered.connect(lambda: self.quick_capture())
        self.retention_action = QAction("&Leavers past retention…", self)
        self.retention_action.triggered.connect(self.review_retention)
        staff_menu.addAction(self.add_action)
        staff_menu.addAction(self.find_action)
        staff_menu.addAction(self.find_record_action)
        staff_menu.addAction(self.capture_action)
        staff_menu.addSeparator()
        staff_menu.addAction(self.retention_action)
        workspace_menu = self.menuBar().addMenu("&Workspace")
        self.lock_action = QAction("&Lock now", self, shortcut=QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock())
        self.auto_lock_action = QAction("&Auto-lock after…", self)
        self.auto_lock_action.triggered.connect(lambda: self.session.set_auto_lock())
        self.backup_action = QAction("&Back up now", self)
        self.backup_action.triggered.connect(lambda: self.session.backup_now())
        self.restore_action = QAction("&Restore from a backup…", self)
        self.restore_action.triggered.connect(self.restore_backup)
        self.passphrase_action = QAction("Change &passphrase…", self)
        self.passphrase_action.triggered.connect(self.change_passphrase)
        for action in (self.lock_action, self.auto_lock_action, self.backup_action, self.restore_action,
                       self.passphrase_action):
            workspace_menu.addAction(action)
        from desktop.ui.help import Help
        self.guide = Help(self)   # the Help menu, and F1 anywhere for what is on screen
        self._set_workspace_actions(False)

    def _on_team(self, command: str) -> None:
        """A team command (add, find, import roster) from any page: on the team page, shown first."""
        if self.shell is not None and self.shell.go_to_team():
            getattr(self.shell.team, command)()

    def _set_workspace_actions(self, enabled: bool) -> None:
        for action in (self.import_action, self.export_action, self.add_action, self.find_action, self.capture_action,
                       self.find_record_action,
                       self.blanks_action, self.compliance_action, self.scans_action, self.lock_action,
                       self.auto_lock_action,
                       self.backup_action, self.restore_action, self.passphrase_action, self.retention_action):
            action.setEnabled(enabled)

    # --- screens -----------------------------------------------------------------
    def show_start(self, folder: Path, message: str = "") -> None:
        """Unlock an existing workspace, or offer to create one there."""
        if self._instance is not None and self._instance.path.parent != folder:
            self._instance.release()
            self._instance = None
        self.lock_retry.stop()
        self.folder = folder
        self.workspace_label.setText(f"Workspace: {folder}")
        self.saved_label.setText("Locked")
        self.clock_label.hide()
        if is_workspace(folder):
            try:
                info = read_info(folder)
            except WorkspaceError as exc:
                self.welcome.show_for(folder)
                self.stack.setCurrentWidget(self.welcome)
                self.welcome.form_error.show_error(str(exc))
                return
            self.unlock.show_workspace(folder, info, message)
            self.stack.setCurrentWidget(self.unlock)
            if self._instance is None:
                try:
                    self._instance = InstanceLock(folder).acquire()
                except WorkspaceInUse as exc:
                    # Say who has it, and open it here by itself once they finish (a command usually takes
                    # seconds), so the manager is not left to guess when to try again.
                    self.unlock.refuse(f"{exc} This window unlocks by itself as soon as it is free.")
                    self.lock_retry.start()
                except OSError as exc:   # a read-only folder (a locked USB stick, a read-only share)
                    from desktop.store.workspace import UNLOCK_FULL
                    from desktop.store.workspace import disk_full, is_disk_full
                    if is_disk_full(exc):
                        self.unlock.refuse(str(disk_full(folder, UNLOCK_FULL)))
                        return
                    self.unlock.refuse(f"{folder} is read-only, so EADR Station cannot save your work there "
                                       f"({exc.strerror}). Copy the workspace folder somewhere you can write to, "
                                       "or ask IT to make it writable; nothing was changed.")
        else:
            self.welcome.show_for(folder)
            self.stack.setCurrentWidget(self.welcome)

    def _retry_lock(self) -> None:
        """While another window or command holds this workspace, try its lock again each second."""
        if self._instance is not None or self.folder is None or self.stack.currentWidget() is not self.unlock:
            self.lock_retry.stop()
            return
        try:
            self._instance = InstanceLock(self.folder).acquire()
        except (WorkspaceInUse, OSError):
            return
        self.lock_retry.stop()
        self.unlock.show_workspace(self.folder, read_info(self.folder),
                                   "The other window or command has finished with this workspace; unlock to continue.")

    def open_demo(self) -> None:
        folder = demo_workspace_dir()
        if not is_workspace(folder):
            from desktop.demo.build import build_demo
            self.statusBar().showMessage("Building the demo workspace…")
            build_demo(folder).close()
        self.show_start(folder)

    def open_workspace(self, workspace: Workspace, ahead=None) -> None:
        """`ahead`: the team and Home read while unlocking (`home_reading.read_ahead`), unless something came in since."""
        from desktop.ui.feedback.tidy import tidy_feedback
        from desktop.ui.shell import Shell
        self.workspace = workspace
        self.folder = workspace.folder
        collected = self._collect_preparations(workspace)
        self._count_verdicts(workspace)   # Home reads the verdict figures again itself: a cheap count
        self.shell = Shell(workspace, ahead=None if collected else ahead)
        self.shell.verdict_handover.connect(self.hand_over_for_verdict)
        self.shell.saved.connect(self._saved)
        self.shell.unsaved.connect(lambda: self.saved_label.setText("Unsaved changes…"))
        self.shell.capture_requested.connect(lambda: self.quick_capture())
        self.shell.kiosk_requested.connect(self.prepare_kiosk)
        if self.auto_sync is None:
            from desktop.ui.auto_sync import AutoSync
            self.auto_sync = AutoSync(self)
        self.shell.signed_off.connect(self.auto_sync.after_sign_off)
        self.shell.attach_auto_sync(self.auto_sync)
        self.stack.addWidget(self.shell)
        self.stack.setCurrentWidget(self.shell)
        station = workspace.info.station_name
        demo = " (demo: made-up people)" if workspace.info.demo else ""
        self.setWindowTitle(f"{station}{demo} — {APP_NAME}")
        self.workspace_label.setText(f"{station}{demo} · {workspace.folder}")
        self.saved_label.setText("All changes saved")
        warning = workspace.clock_warning()
        self.clock_label.setText(f"⚠ {warning}" if warning else "")
        self.clock_label.setVisible(bool(warning))
        self._set_workspace_actions(True)
        self.shell.focus_current()
        self.session.started(workspace)
        self.auto_sync.started(workspace)
        if self.session.resume is not None:
            place, self.session.resume = self.session.resume, None
            place.restore(self.shell)
        tidy_feedback(workspace)
        if collected:
            self.statusBar().showMessage(f"{collected} staff preparation{'s' if collected != 1 else ''} for the EADR "
                                         "kept since the last unlock", 8000)

    @staticmethod
    def _collect_preparations(workspace: Workspace) -> int:
        """What people typed on the preparation screen while the workspace was locked comes in now."""
        from desktop.security.preparation import for_workspace
        try:
            return for_workspace(workspace).collect()
        except OSError as exc:
            log.error("Preparations could not be collected: %s", exc)
            return 0

    def _count_verdicts(self, workspace: Workspace) -> None:
        """Views given at the lock screen since the last unlock: mark them given, and count them in threes."""
        from desktop.security.verdict import VerdictBox
        try:
            VerdictBox(workspace.folder, workspace.verdicts(), workspace.hr_recipient).fold()
        except (OSError, ValueError) as exc:   # a damaged verdicts file must not stop the manager working
            log.error("Staff verdicts could not be counted: %s", exc)
            self.statusBar().showMessage(f"Staff members' views waiting at the lock screen could not be counted "
                                         f"({exc}); they stay waiting.", 10000)

    def hand_over_for_verdict(self, staff, conversation) -> None:
        """Lock the workspace, then show the staff member only the verdict questions for this conversation."""
        from desktop.security.verdict import VerdictError, open_verdict_with_code
        if self.shell is None or self.workspace is None:
            return
        shell = self.shell
        try:
            code = shell.verdict_box().issue_code(conversation.id or "", staff.id or "",
                                                  shell.verdict_about(staff, conversation), handover=True)
        except (VerdictError, OSError) as exc:
            QMessageBox.warning(self, "Not handed over", str(exc))
            return
        folder = self.workspace.folder
        self.lock("Handed over for their view of the conversation")
        if self.workspace is not None:     # a batch was running, so it did not lock: do not hand over
            return
        self.unlock.give_verdict(open_verdict_with_code(folder, code))

    def lock(self, message: str = "Locked") -> None:
        """Lock now (Ctrl+L), or after a while without use: see `Session.lock`."""
        self.session.lock(message)

    def prepare_kiosk(self, session) -> None:
        """The manager handed the PC to a person to prepare: lock, then their screen over the lock screen."""
        QTimer.singleShot(0, self, lambda: self._lock_for_kiosk(session))   # after the manager's dialog has closed

    def _lock_for_kiosk(self, session) -> None:
        from desktop.ui.feedback.prepare import PrepareWindow
        self.lock(f"Locked while {session.staff_name} prepares for their EADR")
        if self.workspace is None:
            self.unlock.open_kiosk(PrepareWindow(session, self))

    def _saved(self, message: str) -> None:
        self.saved_label.setText(f"All changes saved · {datetime.now():%H:%M}")
        self.statusBar().showMessage(message, 6000)

    # --- actions -------------------------------------------------------------------
    def save_team_list(self) -> None:
        if not self.workspace:
            return
        default = Path.home() / f"Team list {datetime.now():%Y-%m-%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save team list as PDF", str(default), "PDF (*.pdf)")
        if not path:
            return
        from desktop.documents.team_list import TeamList
        try:
            TeamList(self.workspace.staff().all(), self.workspace.info.station_name).save(Path(path))
        except OSError as exc:
            QMessageBox.warning(self, "Team list not saved", write_failure_text(Path(path), exc))
            return
        self.statusBar().showMessage(f"Team list saved to {path}", 6000)

    def quick_capture(self) -> QuickCaptureDialog | None:
        """Note a CPD activity for anyone, from anywhere, in seconds (Ctrl+K)."""
        from desktop.ui.cpd.quick_capture import QuickCaptureDialog
        if self.shell is None or self.workspace is None:
            return None
        people = [p for p in self.workspace.staff().all() if p.is_active]
        dialog = QuickCaptureDialog(self.workspace.cpd(), people, self.shell.current_staff(), self)
        if dialog.exec() == QuickCaptureDialog.DialogCode.Accepted and dialog.saved_entry is not None:
            self.shell.refresh_after_capture(dialog.saved_entry.staff_id)
            self._saved(f"CPD captured: {dialog.saved_entry.title} (reflection to add)")
        return dialog

    def find_record(self) -> None:
        """Open a paper form's record from its QR code (a USB scanner types it) or its ID typed (Ctrl+Shift+F)."""
        if self.shell is None or self.workspace is None:
            return
        from desktop.ui.dialogs.find_record import FindRecordDialog
        dialog = FindRecordDialog(self.workspace, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.found is not None and self.shell is not None:
            self.shell.open_found(dialog.found)

    def print_blank_forms(self) -> None:
        if self.workspace is not None:
            from desktop.ui import print_actions
            print_actions.ask_weeks_and_preview(self, self.workspace)   # the preview opens when they are ready

    def open_scanned_forms(self):
        """File → Open scanned forms…: each form found by its code is kept with its record and typed up."""
        if self.workspace is None or self.shell is None:
            return None
        from desktop.ui import scan_actions
        return scan_actions.open_scanned_forms(self, self.workspace, self.shell)

    def print_compliance(self) -> None:
        if self.workspace is not None:
            from desktop.ui import print_actions
            print_actions.open_compliance(self, self.workspace)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self.shown_first.emit)
            QTimer.singleShot(150, self._warm_up)

    def _warm_up(self) -> None:
        for name in _WARM_UP:
            importlib.import_module(name)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.shell is not None:
            if self.shell.learning is not None and not self.shell.learning.save_now():
                event.ignore()
                return
            if not self.shell.team.confirm_leave_panel():
                event.ignore()
                return
        self.close_workspace()
        self.session.end()
        self.lock_retry.stop()
        if self._instance is not None:
            self._instance.release()
            self._instance = None
        event.accept()

    def take_down_pages(self) -> None:
        """Save what is open and remove every page, so nothing can query the database after it closes."""
        if self.shell is not None:
            self.shell.shutdown()
            self.stack.removeWidget(self.shell)
            self.shell.deleteLater()
            self.shell = None
        self._set_workspace_actions(False)

    def close_workspace(self) -> None:
        """Close the workspace: see `Session.close_workspace`."""
        self.session.close_workspace()

    def review_retention(self) -> None:
        if self.workspace is None or self.shell is None:
            return
        from desktop.ui.dialogs.retention import RetentionDialog
        shell = self.shell
        # Back to the team first: an open conversation or CPD log could belong to the person deleted.
        if not shell.back_to_team():
            return
        dialog = RetentionDialog(self.workspace, self)
        team = shell.team

        def deleted(number: str) -> None:
            if team.panel.staff is not None and team.panel.staff.assignment_number == number:
                team.panel.show_empty()   # the deleted person's details must not stay on screen
            team.reload()
            shell.overview.reload()
            self._saved(f"Deleted the records of assignment number {number}")
        dialog.deleted.connect(deleted)
        dialog.exec()

    def change_passphrase(self) -> None:
        if self.workspace is None:
            return
        from desktop.ui.dialogs.passphrase import ChangePassphraseDialog
        if ChangePassphraseDialog(self.workspace, self).exec() == QDialog.DialogCode.Accepted:
            self.statusBar().showMessage("Passphrase changed. Use the new one the next time you unlock.", 8000)

    def restore_backup(self) -> None:
        if self.workspace is None:
            return
        from desktop.store.workspace import RESTORE_RESENDS, BackupError
        from desktop.ui.dialogs.restore import RestoreDialog
        dialog = RestoreDialog(self.workspace.backups(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        chosen = dialog.chosen()
        sure = QMessageBox.question(
            self, "Restore this backup?", f"The workspace will go back to the copy {chosen.name}. Everything "
            "done since then is kept in a backup of the current data, so this can be undone.\n\n"
            f"{RESTORE_RESENDS}\n\nContinue?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if sure != QMessageBox.StandardButton.Yes:
            return
        released = self.session.release_for_restore()
        if released is None:
            return
        folder, key = released
        from desktop.store.workspace import Workspace
        self.unlock.setEnabled(False)   # shown, but not to be unlocked, while the files are swapped
        self.stack.setCurrentWidget(self.unlock)

        def restored(kept: Path | None) -> None:
            self.show_start(folder, f"Restored the copy {chosen.name}"
                            + (f"; the data it replaced is kept as {kept.name}" if kept else "") + ". Unlock to "
                            "continue.")

        def not_restored(exc: Exception) -> None:
            if isinstance(exc, BackupError):
                self.show_start(folder, f"Not restored: {exc}. Nothing was changed.")
            elif isinstance(exc, OSError):   # a full disk: the store's message says what to free, nothing changed
                self.show_start(folder, f"Not restored: {exc}")
            else:
                self.show_start(folder, "Not restored. Nothing was changed.")
                show_error(self, exc, "Not restored")
        (Operation(self, lambda _progress: Workspace.restore_closed(folder, key, chosen))
         .with_progress(f"Restoring the copy {chosen.name}", cancellable=False)
         .success(restored).failure(not_restored).finally_(lambda: self.unlock.setEnabled(True))
         .run_in_background())
