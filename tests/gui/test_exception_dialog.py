from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.ui import errors


def test_unexpected_errors_are_logged_and_shown(qapp, qtbot, tmp_path, monkeypatch):
    """A control whose slot raises: the person sees what happened and where the log is, and it is logged."""
    import logging
    import sys
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    handlers = list(logging.getLogger().handlers)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append((self.text(), self.detailedText())))
    log_path = errors.install_excepthook()
    button = QPushButton("Broken")
    qtbot.addWidget(button)
    button.show()

    def fail() -> None:
        raise ValueError("the roster model lost its rows")
    button.clicked.connect(fail)
    try:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert log_path.startswith(str(tmp_path))  # the test's own log folder, never the user's
        text, details = shown[0]
        assert "ValueError: the roster model lost its rows" in text and log_path in text
        assert "Traceback" in details
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert "the roster model lost its rows" in open(log_path, encoding="utf-8").read()
    finally:
        for handler in set(logging.getLogger().handlers) - set(handlers):
            logging.getLogger().removeHandler(handler)
            handler.close()
