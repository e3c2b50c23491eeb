"""The one error dialog: a problem a person can act on is shown with what it concerns and what to do; anything
else (a programming error) is logged and shown with the log's path, never a silent crash."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.domain.errors import Cancelled, EadrError
from desktop.logs import configure_logging, log_file

log = logging.getLogger("desktop")


def error_text(exc: BaseException) -> str:
    """The words for an error a person can act on: the message, what it concerns, and the next step."""
    if isinstance(exc, EadrError):
        parts = [exc.message]
        if exc.where and exc.where not in exc.message:
            parts.append(f"This concerns {exc.where}.")
        if exc.hint and exc.hint.lower() not in exc.message.lower():   # said once (see domain.errors.describe)
            parts.append(exc.hint)
        return "\n\n".join(parts)
    if isinstance(exc, OSError):   # the store's write failures already name the file and what to do
        from desktop.store.workspace import WriteFailed
        if isinstance(exc, WriteFailed) or exc.filename is None:
            return str(exc.strerror or exc)
        return f"{exc.filename}: {exc.strerror or exc}. Nothing was changed; check the file or folder and try again."
    return str(exc)


def is_user_error(exc: BaseException) -> bool:
    """Errors that are about the person's files and choices, not a bug: shown without a traceback."""
    return isinstance(exc, (EadrError, OSError, Cancelled))


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Show any exception the one way: an `EadrError` (or a file the system could not read or write) with its
    message, what it concerns and the hint; a full disk as the one disk-full message; anything else as an
    unexpected problem, logged with its traceback, with the log file's path."""
    if isinstance(exc, Cancelled):
        QMessageBox.information(parent, title or "Cancelled", "Cancelled: nothing was changed.")
        return
    from desktop.store.workspace import FREE_SPACE, WriteFailed, is_disk_full
    if is_disk_full(exc) and not isinstance(exc, WriteFailed):   # the store's own text already says it
        QMessageBox.warning(parent, title or "Disk full", "The disk holding the workspace is full, so the last "
                            f"change was not saved. {FREE_SPACE}, then do it again. What was saved before is "
                            "intact and nothing needs restoring.")
        return
    if is_user_error(exc):
        log.warning("Shown to the user: %s: %s", type(exc).__name__, exc)
        QMessageBox.warning(parent, title or "Not done", error_text(exc))
        return
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("Unexpected error\n%s", details)
    box = QMessageBox(QMessageBox.Icon.Critical, title or "Something went wrong",
                      "EADR Station hit an unexpected problem. Your saved work is safe in the workspace.\n\n"
                      f"{type(exc).__name__}: {exc}\n\nThe details are in the log file:\n{_log_path or log_file()}",
                      parent=parent)
    box.setDetailedText(details)
    box.exec()


def _handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    if QApplication.instance() is None:
        log.error("Unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        sys.__excepthook__(kind, value, tb)
        return
    if value.__traceback__ is None:
        value = value.with_traceback(tb)
    show_error(None, value)


_log_path = ""


def install_excepthook() -> str:
    """Route uncaught exceptions to the log file and a dialog; returns the log's path."""
    global _log_path
    _log_path = str(configure_logging())
    sys.excepthook = _handle
    return _log_path
