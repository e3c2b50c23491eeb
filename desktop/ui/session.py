"""The unlocked workspace's duties over time, kept out of the main window: locking after a while without use,
backing up every 30 minutes (in the background), the background page check of a very large file, and closing
the workspace cleanly (its running work waited for, a backup if anything changed)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QProgressDialog

from desktop.domain.errors import EadrError
from desktop.ui.errors import show_error
from desktop.ui.operations import Operation, running_operations
from desktop.ui.widgets.forms import write_failure_text

if TYPE_CHECKING:
    from pathlib import Path

    from desktop.store.workspace import PendingBackup, Workspace
    from desktop.ui.main_window import MainWindow
    from desktop.ui.place import Place

AUTO_LOCK_SETTING = "auto_lock_minutes"
BACKUP_EVERY_MS = 30 * 60_000   # at most every 30 minutes, and only when something changed
DEFAULT_AUTO_LOCK_MINUTES = 5
log = logging.getLogger(__name__)
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin}


class Session(QObject):
    """One per main window; `started(workspace)` after each unlock, `close_workspace()` to end it."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.resume: Place | None = None   # where the person was when it locked; unlocking returns there
        self.page_check: Operation[str | None] | None = None
        self.backup: Operation[Path] | None = None
        self.damaged = False   # the background page check found damage: no backup of this file
        self._closing = False
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(lambda: self.lock("Locked after a period without use"))
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_EVERY_MS)
        self.backup_timer.timeout.connect(self.timed_backup)
        QApplication.instance().installEventFilter(self)

    @property
    def workspace(self) -> Workspace | None:
        return self.window.workspace

    def started(self, workspace: Workspace) -> None:
        """The workspace was unlocked: start the idle lock and the backup timer, check a large file's pages."""
        minutes = int(workspace.setting(AUTO_LOCK_SETTING) or DEFAULT_AUTO_LOCK_MINUTES)
        self.idle.setInterval(minutes * 60_000)
        self.idle.start()
        self.backup_timer.start()
        if not workspace.pages_checked:
            self._check_pages(workspace)

    def end(self) -> None:
        """The window is closing for good."""
        self.stop()
        QApplication.instance().removeEventFilter(self)

    def stop(self) -> None:
        self.backup_timer.stop()
        self.idle.stop()

    # --- the idle lock -----------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _ACTIVITY and self.workspace is not None:
            self.idle.start()
        return False

    def set_auto_lock(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        current = int(workspace.setting(AUTO_LOCK_SETTING) or DEFAULT_AUTO_LOCK_MINUTES)
        minutes, ok = QInputDialog.getInt(self.window, "Auto-lock", "Lock this workspace after how many minutes "
                                          "without use?", current, 1, 60)
        if ok:
            workspace.set_setting(AUTO_LOCK_SETTING, str(minutes))
            self.idle.setInterval(minutes * 60_000)
            self.idle.start()
            self.window.statusBar().showMessage(f"The workspace now locks after {minutes} minutes without use", 6000)

    def lock(self, message: str = "Locked") -> None:
        """Save everything, drop the key and take every page down; unlocking returns here."""
        window = self.window
        if self.workspace is None or window.shell is None:
            return
        if any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()):
            self.idle.start()   # never lock under a running batch; try again later
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        from desktop.ui.place import Place
        self.resume = Place.of(window.shell)
        window.shell.team.panel.show_empty()   # unsaved panel edits are held in the Place, not asked about
        self.close_workspace()
        window.show_start(window.folder, f"{message} at {datetime.now():%H:%M}. Unlock to carry on where you were.")

    # --- closing -------------------------------------------------------------------------
    def finish_running_work(self) -> None:
        """Let background work that reads or writes the workspace end, and deliver its outcome (a bundle
        written is recorded, a backup remembered) while the workspace is still open."""
        for operation in running_operations():
            operation.complete()

    def close_workspace(self) -> None:
        """A last automatic bundle, take the pages down, let running work finish, back up if anything
        changed, and close."""
        if self.window.auto_sync is not None:
            self.window.auto_sync.closing()
        self.window.take_down_pages()
        self.stop()
        self._closing = True
        try:
            self.finish_running_work()
        finally:
            self._closing = False
        workspace = self.workspace
        if workspace is not None:
            if not self.damaged:   # a backup of a damaged file would only crowd out the good ones
                try:
                    workspace.backup_if_changed("on-close")
                except OSError as exc:   # a full disk must not stop the workspace closing
                    log.warning("Backup on closing failed: %s", exc)
            workspace.close()
            self.window.workspace = None
        self.damaged = False

    def release_for_restore(self) -> tuple[Path, bytes] | None:
        """Take the pages down and close the workspace without a backup (a restore keeps its own copy of what
        it replaces); returns its folder and key for the restore, which runs in the background."""
        workspace = self.workspace
        if workspace is None:
            return None
        self.window.take_down_pages()
        self.stop()
        self._closing = True
        try:
            self.finish_running_work()
        finally:
            self._closing = False
        folder, key = workspace.folder, workspace.database_key
        workspace.close()
        self.window.workspace = None
        return folder, key

    # --- backups ----------------------------------------------------------------------------
    def backup_now(self) -> Operation[Path] | None:
        """Back up now (Workspace menu), in the background with a progress dialog."""
        workspace = self.workspace
        if workspace is None:
            return None
        if self.backup is not None and self.backup.running:
            self.window.statusBar().showMessage("A backup is being made already", 6000)
            return None
        try:
            pending = workspace.prepare_backup("manual")
        except OSError as exc:
            self._backup_failed(workspace, exc)
            return None

        def saved(path: Path) -> None:
            if workspace.is_open:
                workspace.finish_backup(pending)
            self.window.statusBar().showMessage(f"Backup saved: {path.name}", 6000)
        return self._write_backup(pending, saved, lambda exc: self._backup_failed(workspace, exc),
                                  progress="Backing up the workspace")

    def timed_backup(self) -> Operation[Path] | None:
        """Every 30 minutes, only if something changed; quietly, with a line in the status bar."""
        workspace = self.workspace
        if workspace is None or (self.backup is not None and self.backup.running):
            return None
        try:
            pending = workspace.prepare_backup("auto", only_if_changed=True)
        except OSError as exc:
            self._timed_backup_failed(exc)
            return None
        if pending is None:
            return None

        def saved(_path: Path) -> None:
            if workspace.is_open:
                workspace.finish_backup(pending)
            self.window.statusBar().showMessage("Automatic backup saved", 4000)
        return self._write_backup(pending, saved, self._timed_backup_failed)

    def _write_backup(self, pending: PendingBackup, saved, failed, progress: str | None = None) -> Operation[Path]:
        operation = Operation(self.window, lambda _progress: pending.write()).success(saved).failure(failed)
        if progress is not None:
            operation.with_progress(progress, cancellable=False)
        self.backup = operation.run_in_background()
        return operation

    def _backup_failed(self, workspace: Workspace, exc: Exception) -> None:
        if not isinstance(exc, OSError):
            show_error(self.window, exc, "Backup not made")
            return
        show_error(self.window, EadrError(write_failure_text(workspace.folder, exc),
                                          hint="The workspace itself is unchanged."), "Backup not made")

    def _timed_backup_failed(self, exc: Exception) -> None:
        if not isinstance(exc, OSError):
            show_error(self.window, exc, "Automatic backup not made")
            return
        self.window.statusBar().showMessage(
            f"Automatic backup failed: {write_failure_text(self.window.folder, exc)}", 15000)

    # --- the background page check ---------------------------------------------------------------
    def _check_pages(self, workspace: Workspace) -> None:
        """The whole-file page check of a very large workspace, on a connection of its own, so Home appears
        at once and damage is still found."""
        from desktop.store.workspace import DB_FILE, DatabaseDamaged, verify_pages
        path, key = workspace.folder / DB_FILE, workspace.database_key

        def check(_progress) -> str | None:
            try:
                verify_pages(path, key)
            except DatabaseDamaged as exc:
                return exc.problem
            return None

        def checked(problem: str | None) -> None:
            self.page_check = None
            if problem is None or self.workspace is not workspace or not workspace.is_open:
                return
            if self._closing:   # found as it closes: no backup of it; the next unlock checks it fully
                log.error("Background page check: %s", problem)
                self.damaged = True
                self.window.unlock.check_fully = True
                return
            self._pages_damaged(problem)
        self.page_check = Operation(self.window, check).success(checked).run_in_background()

    def _pages_damaged(self, problem: str) -> None:
        """The background check found damage: save what can be saved, lock, and let the next unlock offer
        the latest good backup."""
        log.error("Background page check: %s", problem)
        QMessageBox.warning(self.window, "The workspace file is damaged",
                            f"{problem}.\n\nEADR Station will lock now. Unlock again to be offered the latest "
                            "good backup; the damaged file is kept.")
        self.window.unlock.check_fully = True
        self.damaged = True
        self.lock("Locked because the workspace file is damaged")
