"""Slow work off the GUI thread, with a progress dialog and a Cancel button.

The work function receives `progress(done, total) -> bool` and must stop (raise
Cancelled, or return) when it returns False. Database access stays on the
main thread: gather what is needed first, then hand pure work to the thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.domain.errors import Cancelled

log = logging.getLogger(__name__)


class _Worker(QObject):
    progressed = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[int, int], bool]], Any]):
        super().__init__()
        self.work = work
        self.cancelled = False

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancelled

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Cancelled:   # the one cancellation type: documents and bundles both raise it
            self.done.emit(None)
        except Exception:  # reported to the person and the log, never lost silently
            self.failed.emit(traceback.format_exc())
        else:
            self.done.emit(None if self.cancelled else result)


class _Relay(QObject):
    """Lives on the GUI thread, so the worker's signals reach the dialog there (queued): a plain function
    connected to a worker's signal would run on the worker thread and touch widgets from it."""

    def __init__(self, on_progress: Callable[[int, int], None], on_done: Callable[[object], None],
                 on_failed: Callable[[str], None]):
        super().__init__()
        self.on_progress, self.on_done, self.on_failed = on_progress, on_done, on_failed

    @Slot(int, int)
    def progressed(self, done: int, total: int) -> None:
        self.on_progress(done, total)

    @Slot(object)
    def done(self, result: object) -> None:
        self.on_done(result)

    @Slot(str)
    def failed(self, text: str) -> None:
        self.on_failed(text)


class TaskFailed(Exception):
    pass


def run_with_progress(parent: QWidget, label: str, work: Callable[[Callable[[int, int], bool]], Any]) -> Any:
    """Run `work` on a worker thread; returns its result, or None if the person cancelled."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Please wait")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    worker = _Worker(work)
    thread = QThread()
    worker.moveToThread(thread)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(f"{label} ({done} of {total})")

    relay = _Relay(progressed, lambda result: (outcome.setdefault("result", result), loop.quit()),
                   lambda text: (outcome.setdefault("error", text), loop.quit()))
    worker.progressed.connect(relay.progressed)
    worker.done.connect(relay.done)
    worker.failed.connect(relay.failed)
    dialog.canceled.connect(lambda: setattr(worker, "cancelled", True))
    thread.started.connect(worker.run)
    thread.start()
    loop.exec()
    thread.quit()
    thread.wait()
    dialog.reset()
    dialog.deleteLater()
    if "error" in outcome:
        log.error("Background task failed\n%s", outcome["error"])
        raise TaskFailed(outcome["error"].strip().splitlines()[-1])
    return outcome.get("result")
