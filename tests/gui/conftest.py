from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.ui.app import make_app
from tests.gui.screens import offscreen_platform

if os.environ.get("QT_QPA_PLATFORM") == "offscreen":   # a 1920×1080 screen, not the plugin's 800×800 square
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(1920, 1080)

_REAL_QUESTION = QMessageBox.question   # before the autouse stub below replaces it


@pytest.fixture
def qapp_cls():
    return type(make_app())


@pytest.fixture(scope="session")
def qapp(qapp_args):
    return make_app()


STUCK_DIALOG_SECONDS = 30


@pytest.fixture(autouse=True)
def _no_forgotten_dialogs(qapp):
    """A dialog nobody answers would hang the whole run (and CI): one still open after 30 seconds is closed
    and the test fails, naming it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog
    stuck: list[str] = []
    open_for: dict[int, int] = {}

    def check() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            open_for.clear()
            return
        open_for[id(box)] = open_for.get(id(box), 0) + 1
        if open_for[id(box)] >= STUCK_DIALOG_SECONDS:
            stuck.append(f"{type(box).__name__} “{box.windowTitle()}”")
            if isinstance(box, QDialog):
                box.done(0)
            else:
                box.close()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(1000)
    yield
    timer.stop()
    if stuck:
        pytest.fail("a dialog was left open with nobody to answer it: " + ", ".join(stuck))


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
    # A test that leaves unsaved edits makes the window refuse pytest-qt's close; closing again now that
    # the workspace is shut releases the instance lock (otherwise its open file is only found by the GC).
    w.close()


@pytest.fixture
def unlocked(window, qtbot):
    unlock_by_keys(qtbot, window)
    assert window.shell is not None
    go_to_page(qtbot, window.shell, "Team")   # most tests start from the team; Home has tests of its own
    assert window.shell.pages.currentWidget() is window.shell.team
    return window


# --- pressing what a person presses ----------------------------------------------------------------------
def unlock_by_keys(qtbot, window, passphrase: str = "demo") -> None:
    """Type the passphrase on the unlock screen and press Enter."""
    window.unlock.passphrase.clear()
    qtbot.keyClicks(window.unlock.passphrase, passphrase)
    qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
    wait_for_unlock(qtbot, window)


def wait_for_unlock(qtbot, window) -> None:
    """The key is derived and the file checked in the background: wait until it has opened (or said why not),
    and until Home's figures are in."""
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    wait_for_home(qtbot, window)


def wait_for_home(qtbot, window) -> None:
    """Home's figures are worked out in the background each time it is shown."""
    if window.shell is not None:
        qtbot.waitUntil(lambda: window.shell is None or not window.shell.home_pending, timeout=30000)


def press_keys(qtbot, window, keys: str) -> None:
    """Press a shortcut such as "Ctrl+L" where the keyboard focus is, with the window active."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    combo = QKeySequence(keys)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combo.key(), combo.keyboardModifiers())


def retype(qtbot, field, text: str) -> None:
    """Select what is in a field (Ctrl+A) and type over it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def go_to_page(qtbot, shell, title: str) -> None:
    """Click the page's name in the navigation on the left."""
    item = next(shell.nav.item(i) for i in range(shell.nav.count()) if shell.nav.item(i).text() == title)
    qtbot.mouseClick(shell.nav.viewport(), Qt.MouseButton.LeftButton, pos=shell.nav.visualItemRect(item).center())
    if title == "Home":   # its figures are worked out in the background: wait for them, as a person would
        qtbot.waitUntil(lambda: not shell.home_pending, timeout=30000)


def click(qtbot, widget) -> None:
    """Scroll the control into view if it sits in a scroll area, then click its centre (a tick box's box)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QCheckBox, QRadioButton, QScrollArea
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            parent.ensureWidgetVisible(widget, 10, 10)
        parent = parent.parentWidget()
    pos = QPoint(8, widget.height() // 2) if isinstance(widget, QCheckBox | QRadioButton) else widget.rect().center()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def click_row(qtbot, view, row: int, column: int = 0) -> None:
    """Click a row of a table or list view."""
    view.scrollTo(view.model().index(row, column))
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose_menu(qtbot, window, title: str, item: str) -> None:
    """Open a menu-bar menu by clicking its title, then click the item (names without their & marks).
    A dialog the item opens must be answered (see `modal`) or this waits for it."""
    def plain(text: str) -> str:
        return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    bar = window.menuBar()
    menu = next(a.menu() for a in bar.actions() if plain(a.text()) == title)
    action = next(a for a in menu.actions() if plain(a.text()) == item)
    assert action.isEnabled(), f"{title} → {item} is disabled"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    assert menu.isVisible(), f"the {title} menu did not open"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


class Modal:
    """Answers dialogs as they appear: `when(match, act)` runs `act(dialog)` inside the dialog's own event
    loop the first time the active modal widget matches, as a person answers what is on screen."""

    def __init__(self) -> None:
        self.timers: list = []
        self.seen: list[str] = []

    def when(self, match, act) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        if isinstance(match, type):
            match = (lambda cls: lambda w: isinstance(w, cls))(match)
        timer = QTimer()
        timer.setInterval(10)

        def tick() -> None:
            widget = QApplication.activeModalWidget()
            if widget is not None and widget.isVisible() and match(widget):
                timer.stop()
                self.seen.append(type(widget).__name__)
                QTimer.singleShot(0, lambda: self._act(act, widget))
        timer.timeout.connect(tick)
        timer.start()
        self.timers.append(timer)

    @staticmethod
    def _act(act, widget) -> None:
        """A failed check inside the dialog closes it, so the test fails instead of waiting forever."""
        try:
            act(widget)
        except BaseException:
            if widget.isVisible():
                widget.close() if not hasattr(widget, "reject") else widget.reject()
            raise

    def press(self, match, button_text: str) -> None:
        """Click the button labelled `button_text` (without & marks) in the dialog when it appears."""
        def act(dialog) -> None:
            from PySide6.QtWidgets import QAbstractButton
            for button in dialog.findChildren(QAbstractButton):
                if button.text().replace("&", "") == button_text and button.isVisible():
                    from PySide6.QtTest import QTest
                    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
                    return
            raise AssertionError(f"no button {button_text!r} in {dialog.windowTitle()!r}")
        self.when(match, act)

    def stop(self) -> None:
        for timer in self.timers:
            timer.stop()


@pytest.fixture
def modal(monkeypatch):
    """With this fixture the real "Save changes?"-style questions are shown, to be answered by the test."""
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question", _REAL_QUESTION)
    answers = Modal()
    yield answers
    answers.stop()


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


@pytest.fixture
def hr_hub(demo_folder: Path, tmp_path: Path):
    """An HR hub the demo workspace has joined (360 rounds need HR's key). List it before `window`."""
    from desktop.security.unlock import unlock_workspace
    from tests.unit.syncing import enrol, make_hub
    hub = make_hub(tmp_path / "hub")
    ws = unlock_workspace(demo_folder, "demo")
    try:
        enrol(ws, hub, "IPS", "demo")
    finally:
        ws.close()
    yield hub
    hub.close()
