"""The one way to run slow work off the GUI thread (modelled on anki's `QueryOp`):

    Operation(parent, work).with_progress("Writing the bundle for HR").success(done).run_in_background()

`work(progress)` runs on a worker thread; `progress(done, total)` moves the progress bar and returns False once
the person has pressed Cancel, when the work raises `Cancelled` (the one cancellation type). Exactly one of the
handlers then runs on the GUI thread: `success(result)`, `cancelled()` (by default the window's status bar says
"Cancelled") or `failure(exc)` (by default `errors.show_error`, the one error dialog).

The database connection stays on the GUI thread: read what the work needs first (as `station.prepare_export`
does), hand the worker plain data or a path and key so it opens a connection of its own, and write the outcome
back in `success` (as `station.finish_export` does).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from desktop.domain.errors import Cancelled
from desktop.ui.errors import show_error

T = TypeVar("T")
Progress = Callable[[int, int], bool]
log = logging.getLogger(__name__)

SHOW_PROGRESS_AFTER_MS = 300   # quicker work finishes without a dialog flashing up
_running: set[Operation[Any]] = set()   # held here so an operation outlives the function that started it


class _Bridge(QObject):
    """Made on the GUI thread, so the worker's signals reach its slots there (queued between threads)."""

    progressed = Signal()
    ended = Signal()

    def __init__(self, operation: Operation[Any]):
        super().__init__()
        self.operation = operation
        self.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _progressed(self) -> None:
        self.operation._show_progress()

    @Slot()
    def _ended(self) -> None:
        self.operation._deliver()


class Operation(Generic[T]):
    """Slow work with progress, Cancel, and its outcome delivered on the GUI thread."""

    def __init__(self, parent: QWidget | None, work: Callable[[Progress], T]):
        self._parent = parent
        self._work = work
        self._label: str | None = None
        self._can_cancel = True
        self._on_success: Callable[[T], Any] = lambda _result: None
        self._on_failure: Callable[[Exception], Any] | None = None
        self._on_cancelled: Callable[[], Any] | None = None
        self._on_finished: Callable[[], Any] = lambda: None
        self._cancel_requested = False
        self._latest = (0, 0)          # the last progress reported; the GUI shows it when it gets to it
        self._progress_pending = False
        self._showing = False
        self._outcome: tuple[str, Any] | None = None
        self._delivered = False
        self._thread: threading.Thread | None = None
        self._bridge: _Bridge | None = None
        self.dialog: QProgressDialog | None = None

    # --- building ------------------------------------------------------------------
    def with_progress(self, label: str, *, cancellable: bool = True) -> Operation[T]:
        """A window-modal progress dialog (after SHOW_PROGRESS_AFTER_MS), with Cancel unless `cancellable`
        is False (work that cannot stop halfway, such as a restore)."""
        self._label = label
        self._can_cancel = cancellable
        return self

    def success(self, handler: Callable[[T], Any]) -> Operation[T]:
        self._on_success = handler
        return self

    def failure(self, handler: Callable[[Exception], Any]) -> Operation[T]:
        """Instead of the error dialog; a handler wanting the dialog calls `show_error` itself."""
        self._on_failure = handler
        return self

    def cancelled(self, handler: Callable[[], Any]) -> Operation[T]:
        """Instead of "Cancelled" in the window's status bar."""
        self._on_cancelled = handler
        return self

    def finally_(self, handler: Callable[[], Any]) -> Operation[T]:
        """After whichever outcome (re-enable a button, forget a running operation)."""
        self._on_finished = handler
        return self

    # --- running -------------------------------------------------------------------
    def run_in_background(self) -> Operation[T]:
        """Start the work on a thread of its own and return at once; handlers run later on this thread."""
        self._bridge = _Bridge(self)
        if self._label is not None:
            dialog = QProgressDialog(self._label, "Cancel" if self._can_cancel else None, 0, 0, self._parent)
            dialog.setWindowTitle("Please wait")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setAutoReset(False)
            dialog.setAutoClose(False)
            dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
            dialog.canceled.connect(self.cancel)
            self.dialog = dialog
        _running.add(self)
        self._thread = threading.Thread(target=self._run, name=f"operation: {self._label or 'background'}",
                                        daemon=True)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (the progress dialog's Cancel does this)."""
        self._cancel_requested = True
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.setLabelText("Cancelling…")

    @property
    def running(self) -> bool:
        """True until the outcome has been delivered."""
        return self in _running

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work itself has ended (before closing what it reads); the handlers still run
        later, from the event loop. True if it has ended."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def complete(self) -> None:
        """Wait for the work to end and deliver its outcome now, before closing what it reads or writes
        (the event loop's later delivery is then skipped)."""
        self.wait()
        self._deliver()

    def _progress(self, done: int, total: int) -> bool:   # worker thread
        self._latest = (done, total)
        if not self._progress_pending and self._bridge is not None:   # one update queued at a time, not one a row
            self._progress_pending = True
            self._bridge.progressed.emit()
        return not self._cancel_requested

    def _run(self) -> None:   # worker thread
        try:
            self._outcome = ("done", self._work(self._progress))
        except Cancelled:
            self._outcome = ("cancelled", None)
        except BaseException as exc:  # noqa: BLE001 — delivered to the GUI thread, shown there and logged
            self._outcome = ("failed", exc)
        if self._bridge is not None:
            self._bridge.ended.emit()

    # --- on the GUI thread -------------------------------------------------------------
    def _show_progress(self) -> None:
        self._progress_pending = False
        if (self.dialog is None or not isValid(self.dialog) or self._cancel_requested or self._outcome is not None
                or self._showing):
            return
        done, total = self._latest
        self._showing = True   # a modal QProgressDialog.setValue runs the event loop: never re-enter it
        try:
            if total > 0:
                self.dialog.setLabelText(f"{self._label} ({done:,} of {total:,})")
                self.dialog.setMaximum(total)
                self.dialog.setValue(min(done, total))
        finally:
            self._showing = False

    def _deliver(self) -> None:
        if self._delivered:
            return
        self._delivered = True
        _running.discard(self)
        if self.dialog is not None:
            if isValid(self.dialog):
                self.dialog.reset()
                self.dialog.hide()
                self.dialog.deleteLater()
            self.dialog = None
        if self._bridge is not None:
            self._bridge.deleteLater()
            self._bridge = None
        kind, value = self._outcome or ("failed", RuntimeError("the background work ended without an outcome"))
        if self._parent is not None and not isValid(self._parent):
            log.info("Background work ended (%s) after its window closed", kind)
            return
        try:
            if kind == "done":
                self._on_success(value)
            elif kind == "cancelled":
                (self._on_cancelled or self._say_cancelled)()
            elif not isinstance(value, Exception):
                raise value   # SystemExit, KeyboardInterrupt: not ours to swallow
            elif self._on_failure is not None:
                self._on_failure(value)
            else:
                show_error(self._parent, value)
        finally:
            self._on_finished()

    def _say_cancelled(self) -> None:
        window = self._parent.window() if self._parent is not None else None
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage("Cancelled: nothing was changed", 8000)
        else:
            QMessageBox.information(self._parent, "Cancelled", "Cancelled: nothing was changed.")


def running_operations() -> list[Operation[Any]]:
    """Operations whose outcome has not been delivered yet (closing waits for their work to end)."""
    return list(_running)
