"""A scanned paper form's pages, to read beside the fields while typing it up.

Zoom and page turns work from the keyboard wherever the focus is in the page that holds the viewer, so the
manager's hands stay on the fields: Alt+Page Down / Alt+Page Up turn the page, Ctrl+= and Ctrl+- zoom,
Ctrl+0 fits the page width again. With the viewer itself focused, the arrow keys and Page Up/Down scroll.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.5, 4.0


def to_qimage(image: Image.Image) -> QImage:
    """A Pillow image as a QImage that owns its pixels."""
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


class ScanViewer(QWidget):
    """Shows one page at a time, fitted to the width (zoom is relative to that); emits `page_changed(index)`."""

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.images: list[QImage] = []
        self.index = 0
        self.zoom = 1.0
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.heading.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("hint")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page = QLabel()
        self.page.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.page)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroller.setAccessibleName("Scanned page")
        self.previous = QPushButton("◀")
        self.previous.setAccessibleName("Previous page")
        self.previous.setToolTip("The previous scanned page (Alt+Page Up)")
        self.next = QPushButton("▶")
        self.next.setAccessibleName("Next page")
        self.next.setToolTip("The next scanned page (Alt+Page Down)")
        self.where = QLabel()
        self.where.setAccessibleName("Page shown")
        self.zoom_out = QPushButton("−")
        self.zoom_out.setAccessibleName("Zoom out")
        self.zoom_out.setToolTip("Zoom out (Ctrl+-)")
        self.zoom_in = QPushButton("+")
        self.zoom_in.setAccessibleName("Zoom in")
        self.zoom_in.setToolTip("Zoom in (Ctrl+=)")
        self.fit = QPushButton("Fit")
        self.fit.setAccessibleName("Fit width")
        self.fit.setToolTip("Fit the page to the width of this panel (Ctrl+0)")
        for button in (self.previous, self.next, self.zoom_out, self.zoom_in):
            button.setFixedWidth(36)
        controls = QHBoxLayout()
        controls.addWidget(self.previous)
        controls.addWidget(self.where)
        controls.addWidget(self.next)
        controls.addStretch(1)
        controls.addWidget(self.zoom_out)
        controls.addWidget(self.zoom_in)
        controls.addWidget(self.fit)
        self.heading_row = QHBoxLayout()   # the page holding the viewer may add a button beside the heading
        self.heading_row.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.heading_row)
        layout.addWidget(self.details)
        layout.addLayout(controls)
        layout.addWidget(self.scroller, 1)
        self.previous.clicked.connect(lambda: self.turn(-1))
        self.next.clicked.connect(lambda: self.turn(+1))
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self.zoom * ZOOM_STEP))
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self.zoom / ZOOM_STEP))
        self.fit.clicked.connect(lambda: self.set_zoom(1.0))
        self._show()

    def install_shortcuts(self, scope: QWidget) -> None:
        """The viewer's keys, live wherever the focus is inside `scope` (the page beside it)."""
        for keys, words, action in (
                (("Alt+PgDown",), "Next scanned page", lambda: self.turn(+1)),
                (("Alt+PgUp",), "Previous scanned page", lambda: self.turn(-1)),
                (("Ctrl+=", "Ctrl++"), "Zoom the scan in", lambda: self.set_zoom(self.zoom * ZOOM_STEP)),
                (("Ctrl+-",), "Zoom the scan out", lambda: self.set_zoom(self.zoom / ZOOM_STEP)),
                (("Ctrl+0",), "Fit the scan to the width", lambda: self.set_zoom(1.0))):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), scope, activated=action)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.setWhatsThis(words)   # the words Help → Keyboard shortcuts shows

    def set_pages(self, images: list[QImage], heading: str, details: str = "") -> None:
        self.images = images
        self.heading.setText(heading)
        self.details.setText(details)
        self.details.setVisible(bool(details))
        self.index, self.zoom = 0, 1.0
        self._show()

    def turn(self, delta: int) -> None:
        index = max(0, min(len(self.images) - 1, self.index + delta))
        if index != self.index:
            self.index = index
            self._show()
            self.scroller.verticalScrollBar().setValue(0)
            self.page_changed.emit(index)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._show()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._show()

    def _show(self) -> None:
        count = len(self.images)
        self.where.setText(f"Page {self.index + 1} of {count}" if count else "No scanned pages")
        self.previous.setEnabled(self.index > 0)
        self.next.setEnabled(self.index < count - 1)
        for button in (self.zoom_in, self.zoom_out, self.fit):
            button.setEnabled(bool(count))
        self.zoom_in.setEnabled(bool(count) and self.zoom < MAX_ZOOM)
        self.zoom_out.setEnabled(bool(count) and self.zoom > MIN_ZOOM)
        if not count:
            self.page.clear()
            return
        image = self.images[self.index]
        room = self.scroller.width() - 2 * self.scroller.frameWidth() - self.scroller.verticalScrollBar().sizeHint().width()
        width = max(100, int((room - 2) * self.zoom))
        pixmap = QPixmap.fromImage(image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
        self.page.setPixmap(pixmap)
        self.page.resize(pixmap.size())
        self.scroller.setAccessibleName(f"Scanned page {self.index + 1} of {count}, zoom {round(self.zoom * 100)}%")
