"""Run in its own process (the screen's size and scaling are fixed when Qt starts): open the main window, every
page, person tab and dialog on a screen of the size given, and print what does not fit as JSON.

    QT_QPA_PLATFORM=offscreen:configfile=… [QT_SCALE_FACTOR=1.5] python tests/gui/screen_fit_probe.py [shots folder]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2]))
os.environ.setdefault("EADR_DATA_DIR", tempfile.mkdtemp())
os.environ.setdefault("EADR_LOG_DIR", tempfile.mkdtemp())

from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton, QScrollArea, QWidget  # noqa: E402


def _scroll_area_of(widget: QWidget, root: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def unreachable(label: str, root: QWidget) -> list[str]:
    """Buttons a person cannot see or scroll to: outside `root`, or cut off sideways in a scroll area that
    cannot scroll sideways, or wider than the area they scroll in."""
    found = []
    bounds = root.rect()
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root) or type(button).__name__ == "QLineEditIconButton":
            continue
        name = button.text().replace("&", "") or button.accessibleName() or type(button).__name__
        if isinstance(button, QPushButton) and button.text():
            button.style().unpolish(button)   # its size as styled now (a default button's look applies late)
            button.style().polish(button)
            if button.sizeHint().width() > button.width() + 1:
                found.append(f"{label}: the text of “{name}” is cut off ({button.width()} of "
                             f"{button.sizeHint().width()} pixels)")
        area = _scroll_area_of(button, root)
        outermost = button
        while area is not None:   # scroll areas inside scroll areas: each must hold it, the outermost be in view
            inside = button.mapTo(area.widget(), QPoint(0, 0))
            sideways = area.horizontalScrollBar().maximum() > 0
            if button.width() > area.viewport().width() + 1:
                found.append(f"{label}: “{name}” is wider than the area it scrolls in")
            elif not sideways and inside.x() + button.width() > area.viewport().width() + 1:
                found.append(f"{label}: “{name}” is cut off on the right and cannot be scrolled to")
            outermost = area
            area = _scroll_area_of(area, root)
        place = QRect(outermost.mapTo(root, QPoint(0, 0)), outermost.size())
        if outermost is button and not bounds.contains(place):
            found.append(f"{label}: “{name}” at {place.getRect()} is outside the window {bounds.getRect()}")
        elif outermost is not button and not bounds.intersects(place):
            found.append(f"{label}: the area holding “{name}” is outside the window")
    return found


def main() -> None:
    shots = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    from desktop.demo.build import build_demo
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow
    from tests.conftest import AS_OF, FAST
    from tests.gui.surfaces import dialogs, person_tabs, shell_pages, shown
    app = make_app()
    tmp = Path(tempfile.mkdtemp())
    folder = tmp / "demo"
    build_demo(folder, staff=40, as_of=AS_OF, params=FAST).close()
    screen = app.primaryScreen().availableGeometry()
    window = MainWindow(folder, folder)
    window.move(-200, 2000)           # as if remembered from a bigger screen, and larger than this one
    window.resize(2560, 1600)
    window.show()
    app.processEvents()
    problems: list[str] = []
    if not screen.contains(window.frameGeometry()):
        problems.append(f"the window {window.frameGeometry().getRect()} is not inside the screen {screen.getRect()}")

    def look(label: str, root: QWidget, name: str) -> None:
        app.processEvents()
        problems.extend(unreachable(label, root))
        bar = window.statusBar()
        if root is window and not (bar.isVisible() and root.rect().contains(QRect(bar.mapTo(root, QPoint(0, 0)),
                                                                                 bar.size()))):
            problems.append(f"{label}: the status bar is not in view")
        if root is window:
            stack_area = window.shell.pages.parentWidget().parentWidget() if window.shell else None
            if isinstance(stack_area, QScrollArea) and stack_area.horizontalScrollBar().maximum() > 0:
                problems.append(f"{label}: the page is wider than the window and scrolls sideways")
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            root.grab().save(str(shots / f"{name}.png"))

    look("unlock", window, "00-unlock")
    fresh = MainWindow(tmp / "new", tmp / "new")   # a folder with no workspace yet: the welcome page
    fresh.show()
    app.processEvents()
    if not screen.contains(fresh.frameGeometry()):
        problems.append(f"the welcome window {fresh.frameGeometry().getRect()} is not inside the screen")
    problems.extend(unreachable("welcome", fresh))
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
        fresh.grab().save(str(shots / "01-welcome.png"))
    fresh.close()
    window.unlock.passphrase.setText("demo")
    window.unlock.try_unlock()
    window.unlock.finish_unlocking()
    for i, (label, _page) in enumerate(shell_pages(window)):
        look(label, window, f"1{i}-{label.replace(' ', '-').replace('&', 'and')}")
    for i, (label, _page) in enumerate(person_tabs(window)):
        look(label, window, f"2{i}-{label.split(': ')[1].replace(' ', '-')}")
    for i, (label, make) in enumerate(dialogs(window, tmp)):
        with shown(make()) as dialog:
            if not screen.contains(dialog.frameGeometry()):
                problems.append(f"{label}: the dialog {dialog.frameGeometry().getRect()} is not inside the screen")
            look(label, dialog, f"4{i}-{label.replace(' ', '-')}")
    window.close_workspace()
    window.close()
    sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
    from syncing import make_hub

    from desktop.ui.hub.window import HubWindow
    hub = make_hub(tmp / "hub")
    hub_window = HubWindow(hub, as_of=AS_OF)   # asks for 1366×768 of its own
    hub_window.show()
    app.processEvents()
    if not screen.contains(hub_window.frameGeometry()):
        problems.append(f"the hub window {hub_window.frameGeometry().getRect()} is not inside the screen")
    problems.extend(unreachable("hub window", hub_window))
    if shots is not None:
        hub_window.grab().save(str(shots / "50-hub-window.png"))
    hub_window.close()
    hub.close()
    print(json.dumps({"screen": [screen.width(), screen.height()], "problems": problems}))


if __name__ == "__main__":
    main()
    QApplication.instance().quit()
