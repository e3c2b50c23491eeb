"""Sync that happens by itself when the manager has set a sync folder (desktop/sync/folders.py): a bundle
after each sign-off, on closing or locking, and every few hours while open when something new waits for HR;
HR's newest reference bundle applied from the inbox on unlock and whenever it is looked at (every minute).

The same prepare/seal/finish as a manual export: what to send is read and sealed on a worker (a connection of
its own) and recorded on the GUI thread; the inbox is read on a worker and applied on the GUI thread by the
manual import's code. A folder that cannot be reached only changes the status line ("Waiting for the sync
folder"); it is looked at again later, never an error box.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from desktop.sync import folders, station
from desktop.ui.operations import Operation

if TYPE_CHECKING:
    from desktop.store.workspace import Workspace

log = logging.getLogger(__name__)
_NOTHING = "nothing"


class AutoSync(QObject):
    """One per main window; `started(workspace)` after each unlock, `closing()` before it closes or locks."""

    status_changed = Signal(str)

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.workspace: Workspace | None = None
        self.status = ""     # in full, for the Sync page
        self.headline = ""   # in short (no folder path), for Home and the status bar
        self.waiting_for: Path | None = None   # the folder that could not be reached, while it cannot
        self.export_wanted = False             # a bundle is due and waits for the outbox or the running one
        self.exporting: Operation | None = None
        self.by_hand: Operation | None = None   # a bundle the manager is writing on the Sync page
        self.looking: Operation | None = None
        self.look_timer = QTimer(self)
        self.look_timer.setInterval(folders.LOOK_EVERY_SECONDS * 1000)
        self.look_timer.timeout.connect(self.look)
        self.export_timer = QTimer(self)
        self.export_timer.setInterval(folders.AUTO_EVERY_HOURS * 3600 * 1000)
        self.export_timer.timeout.connect(lambda: self.export())

    # --- the session -----------------------------------------------------------------------
    def started(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.waiting_for = None
        self.export_wanted = False
        self._say(self._resting_status())
        if self.folders() is not None:
            self.look_timer.start()
            self.export_timer.start()
            self.look()

    def closing(self) -> None:
        """A last bundle if anything new waits (its work is completed by the session before the workspace
        closes), then the timers stop."""
        self.look_timer.stop()
        self.export_timer.stop()
        if self.workspace is not None and self.workspace.is_open and self.folders() is not None:
            self.export(closing=True)
        self.workspace = None

    def folders(self) -> folders.SyncFolders | None:
        if self.workspace is None or not self.workspace.is_open or station.enrolment(self.workspace) is None:
            return None
        return folders.get(self.workspace)

    def folders_changed(self) -> None:
        """The manager set or cleared the folders on the Sync page: start (or stop) at once."""
        if self.workspace is not None:
            self.started(self.workspace)
            if self.folders() is not None:
                self.export()

    # --- out: a bundle into the outbox ----------------------------------------------------------
    def after_sign_off(self) -> None:
        self.export()

    def export(self, closing: bool = False) -> Operation | None:
        workspace, chosen = self.workspace, self.folders()
        if workspace is None or chosen is None:
            return None
        if any(op is not None and op.running for op in (self.exporting, self.by_hand)):
            self.export_wanted = True   # one at a time (each takes the next number); this one follows
            return None
        outbox = chosen.outbox

        def work(progress) -> tuple[station.PreparedExport, Path] | str | None:
            if not folders.reachable(outbox):
                return None
            with workspace.reading() as reader:   # a connection of its own, on this worker thread
                if not folders.needs_bundle(reader.db):
                    return _NOTHING
                prepared = station.prepare_export(reader)
            path = station.seal_export(prepared, outbox, progress)
            return station.without_rows(prepared), path

        def written(result: tuple[station.PreparedExport, Path] | str | None) -> None:
            if result is None:
                self._unreachable(outbox)
                self.export_wanted = True
                return
            self.waiting_for = None
            if result == _NOTHING:
                self._say(self._resting_status())
                return
            prepared, path = result
            if not workspace.is_open:
                return
            record = station.finish_export(workspace, prepared, path)
            message = f"Bundle {record.sequence} for HR written to the sync folder ({record.records:,} records)"
            self._say(self._resting_status(), message)

        def failed(exc: Exception) -> None:
            if isinstance(exc, OSError):   # the folder went away while writing: nothing is lost, try again
                self._unreachable(outbox)
                self.export_wanted = True
                return
            log.warning("Automatic bundle not written: %s", exc)
            self._say(f"The automatic bundle for HR was not written: {exc}. Use Write a bundle for HR… on the "
                      "Sync page, or try again later.")

        def then() -> None:
            if self.export_wanted and not closing and self.waiting_for is None and self.workspace is workspace:
                self.export_wanted = False
                self.export()
        self.export_wanted = False
        self.exporting = (Operation(self.window, work).success(written).failure(failed)
                          .cancelled(lambda: None).finally_(then).run_in_background())
        return self.exporting

    # --- in: HR's reference bundle from the inbox -------------------------------------------------
    def look(self) -> Operation | None:
        """Read the inbox (a worker), apply HR's newest reference bundle (here, by the manual import's code),
        and write the bundle still due if the outbox is back."""
        workspace, chosen = self.workspace, self.folders()
        if workspace is None or chosen is None or (self.looking is not None and self.looking.running):
            return None
        hub = station.enrolment(workspace)
        inbox, code = chosen.inbox, hub["station"]
        have, skip = folders.reference_version(workspace.db), folders.refused(workspace)

        def work(_progress) -> tuple[Path, bytes] | str | None:
            if not folders.reachable(inbox):
                return None
            path = folders.newest_reference(inbox, code, have, skip)
            return (path, path.read_bytes()) if path is not None else _NOTHING

        def read(result: tuple[Path, bytes] | str | None) -> None:
            if self.workspace is not workspace or not workspace.is_open:
                return
            if result is None:
                self._unreachable(inbox)
                return
            was_waiting, self.waiting_for = self.waiting_for, None
            if result != _NOTHING:
                path, data = result
                outcome = station.import_reference(workspace, path, data)
                if outcome.outcome == "rejected":
                    folders.note_refused(workspace, path.name)
                    self._say(self._resting_status(), f"HR's reference bundle {path.name} was refused: "
                              f"{outcome.reason}. Nothing was changed; it is in the Sync page's history.")
                else:
                    self._say(self._resting_status(), f"HR's reference bundle applied from the sync folder: "
                              f"{outcome.detail}")
            elif was_waiting is not None:
                self._say(self._resting_status(), "The sync folder is back")
            if self.export_wanted or was_waiting is not None:
                self.export()

        def failed(exc: Exception) -> None:
            if isinstance(exc, OSError):
                self._unreachable(inbox)
            else:
                log.warning("Sync folder not read: %s", exc)
        self.looking = (Operation(self.window, work).success(read).failure(failed).cancelled(lambda: None)
                        .run_in_background())
        return self.looking

    # --- what the manager sees ------------------------------------------------------------------
    def _unreachable(self, folder: Path) -> None:
        first = self.waiting_for is None
        self.waiting_for = folder
        if first or self.status != folders.waiting_text(folder):
            self._say(folders.waiting_text(folder))

    def _resting_status(self) -> str:
        workspace, chosen = self.workspace, self.folders()
        if workspace is None or chosen is None:
            return ""
        if self.waiting_for is not None:
            return folders.waiting_text(self.waiting_for)
        return f"{folders.resting_text(workspace.db)} Last looked at {datetime.now():%H:%M}."

    def _say(self, status: str, message: str | None = None) -> None:
        self.status = status
        self.headline = folders.WAITING_SHORT if status.startswith(folders.WAITING) else status
        self.status_changed.emit(status)
        if message or status:
            self.window.statusBar().showMessage(message or self.headline, 10_000)
