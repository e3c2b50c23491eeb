"""The global exception dialog: programming errors are logged and shown, never a silent crash."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.logs import configure_logging

log = logging.getLogger("desktop")


def _handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("Unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, value, tb)
        return
    from desktop.store.workspace import FREE_SPACE, is_disk_full
    if is_disk_full(value):   # any write the app makes, met by a full disk: not a bug, and nothing is damaged
        QMessageBox.warning(None, "Disk full", "The disk holding the workspace is full, so the last change was "
                            f"not saved. {FREE_SPACE}, then do it again. What was saved before is intact and "
                            "nothing needs restoring.")
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                      "EADR Station hit an unexpected problem. Your saved work is safe in the workspace.\n\n"
                      f"{kind.__name__}: {value}\n\nThe details are in the log file:\n{_log_path}")
    box.setDetailedText(details)
    box.exec()


_log_path = ""


def install_excepthook() -> str:
    """Route uncaught exceptions to the log file and a dialog; returns the log's path."""
    global _log_path
    _log_path = str(configure_logging())
    sys.excepthook = _handle
    return _log_path
