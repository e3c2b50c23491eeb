from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.ui.app import make_app
from tests.gui.screens import offscreen_platform

if os.environ.get("QT_QPA_PLATFORM") == "offscreen":   # a 1920×1080 screen, not the plugin's 800×800 square
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(1920, 1080)


@pytest.fixture
def qapp_cls():
    return type(make_app())


@pytest.fixture(scope="session")
def qapp(qapp_args):
    return make_app()


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    """A test that leaves edits unsaved must not hang on the "Save changes?" box at teardown."""
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def window(qtbot, demo_folder: Path):
    """The main window on the demo workspace, still locked."""
    from desktop.ui.main_window import MainWindow
    w = MainWindow(demo_folder, demo_folder)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close_workspace()


@pytest.fixture
def unlocked(window):
    window.unlock.passphrase.setText("demo")
    window.unlock.try_unlock()
    assert window.shell is not None
    window.shell.show_page(window.shell.team)   # most tests start from the team; Home has tests of its own
    window.shell.focus_current()
    return window


def type_text(widget, text: str) -> None:
    """Type `text` into `widget` as key events carrying text.

    QTest.keyClicks maps characters to key codes and aborts on anything outside
    Latin-1 (Ł, ễ); a real keyboard or IME delivers such text in the event itself.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
