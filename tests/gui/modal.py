"""Answer the next modal box the way a person does: read it, then click one of its buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget


def _label(button: QAbstractButton) -> str:
    return button.text().replace("&", "")


def answer_next(qtbot, button_text: str, seen: list | None = None,
                then: Callable[[QWidget], None] | None = None) -> None:
    """When the next modal widget opens, record its text in `seen` (title, then every label's text), run
    `then(box)` if given, and click its button whose label starts with `button_text` with the mouse."""
    tries = [0]

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if box is None or not box.isVisible():
            tries[0] += 1
            if tries[0] < 500:   # gives up after about ten seconds; the test's assertions then fail
                QTimer.singleShot(20, poll)
            return
        if seen is not None:
            seen.append(box.windowTitle())
            seen.extend(label.text() for label in box.findChildren(QLabel))
            seen.append([_label(b) for b in box.findChildren(QAbstractButton) if b.isVisible()])
            default = getattr(box, "defaultButton", lambda: None)()
            seen.append(("default", _label(default) if default is not None else None))
        if then is not None:
            then(box)
        buttons = [b for b in box.findChildren(QAbstractButton) if b.isVisible()
                   and _label(b).startswith(button_text)]
        assert buttons, f"no button {button_text!r} in {[_label(b) for b in box.findChildren(QAbstractButton)]}"
        qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, poll)


def press_in_next(key: Qt.Key, seen: list | None = None) -> None:
    """When the next modal widget opens, press `key` in it as a keyboard user does (Enter: its default button,
    Esc: its escape button). Sent to the box itself: offscreen, the window system never moves focus into it."""
    from PySide6.QtTest import QTest
    tries = [0]

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if box is None or not box.isVisible():
            tries[0] += 1
            if tries[0] < 500:
                QTimer.singleShot(20, poll)
            return
        if seen is not None:
            seen.append(box.windowTitle())
        QTest.keyClick(box, key)

    QTimer.singleShot(0, poll)
