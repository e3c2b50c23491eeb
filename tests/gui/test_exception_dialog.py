from PySide6.QtWidgets import QMessageBox

from desktop.ui import errors


def test_unexpected_errors_are_logged_and_shown(qapp, tmp_path, monkeypatch):
    import logging
    import sys
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    handlers = list(logging.getLogger().handlers)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append((self.text(), self.detailedText())))
    log_path = errors.install_excepthook()
    try:
        raise ValueError("the roster model lost its rows")
    except ValueError as exc:
        errors._handle(type(exc), exc, exc.__traceback__)
    assert log_path.startswith(str(tmp_path))  # the test's own log folder, never the user's
    text, details = shown[0]
    assert "ValueError: the roster model lost its rows" in text and log_path in text
    assert "Traceback" in details
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "the roster model lost its rows" in open(log_path, encoding="utf-8").read()
    for handler in set(logging.getLogger().handlers) - set(handlers):
        logging.getLogger().removeHandler(handler)
        handler.close()
