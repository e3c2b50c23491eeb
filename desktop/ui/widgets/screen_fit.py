"""Windows that fit the screens stations have (1024×768 up, 150% scaling): every window opens inside its
screen's available area, and page contents scroll rather than push the window past the screen's edge."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFrame, QMainWindow, QScrollArea, QStackedWidget, QWidget


def fit_to_screen(window: QWidget) -> None:
    """Never larger than the screen's available area and never past its edges, whatever size the window
    asked for (a dialog designed on a big screen, a geometry remembered from another monitor)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()   # title bar, borders
    width = max(1, min(window.width(), area.width() - extra_w))
    height = max(1, min(window.height(), area.height() - extra_h))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = max(area.left(), min(frame.x(), area.left() + area.width() - width - extra_w))
    y = max(area.top(), min(frame.y(), area.top() + area.height() - height - extra_h))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


class ScreenFit(QObject):
    """Installed on the application: each main window and dialog is fitted to its screen as it is shown,
    and again when it is moved to another screen."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.Show and isinstance(watched, (QDialog, QMainWindow))
                and watched.isWindow()):
            fit_to_screen(watched)
            # A window manager adds its title bar and borders only after the window is shown: fit again once
            # they are known, so the bottom (the status bar, a dialog's buttons) is not left below the screen.
            QTimer.singleShot(250, watched, lambda w=watched: fit_to_screen(w))
            handle = watched.windowHandle()
            if handle is not None and not handle.property("fitsScreen"):
                handle.setProperty("fitsScreen", True)
                handle.screenChanged.connect(lambda _screen, w=watched: fit_to_screen(w))
        return False


def show_main_window(window: QWidget, wanted: QSize) -> None:
    """Maximised where the screen is smaller than the window wants (a 1024×768 station PC, or 150% scaling):
    the window manager then fits it, title bar and all; elsewhere at the wanted size, fitted."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else None
    if area is not None and (area.width() < wanted.width() or area.height() < wanted.height()):
        window.showMaximized()
    else:
        window.resize(wanted)
        window.show()


def install(app: QObject) -> None:
    """Once per application."""
    if app.findChild(ScreenFit) is None:
        app.installEventFilter(ScreenFit(app))


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area: it fills the space while there is room, and scrolls (instead of
    widening or lengthening the window) when the screen is smaller than it needs."""
    area = QScrollArea()
    area.setObjectName("pageScroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area


class PageStack(QStackedWidget):
    """A stack of pages that needs only the room of the page on show. (Qt's own asks for the largest of all its
    pages, so one tall page would make every other page scroll on a small screen.)"""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page is not None else QSize(0, 0)

    def sizeHint(self) -> QSize:  # noqa: N802
        page = self.currentWidget()
        return page.sizeHint() if page is not None else QSize(0, 0)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (a scroll area asks this, not only the hint)
        page = self.currentWidget()
        return page.heightForWidth(width) if page is not None and page.hasHeightForWidth() else -1
