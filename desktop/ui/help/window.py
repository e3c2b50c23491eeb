"""The user guide window: topics on the left, the chosen topic on the right, search across all of them.

The topics are the Markdown files `desktop.documents.help_index` loads; this window only shows them. Links
between topics, Back and Forward, and the search's highlights are handled here, so the guide never needs
a network or a browser.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QImage, QKeySequence, QPixmap, QShortcut, QTextCharFormat
from PySide6.QtGui import QTextCursor
from PySide6.QtGui import QTextDocument, QTextImageFormat
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QScrollArea, QSplitter, QTextBrowser,
    QTextEdit, QVBoxLayout, QWidget,
)

from desktop import APP_NAME
from desktop.documents.help_index import HelpIndex, Topic, help_folder, parse_link, query_terms, slug
from desktop.ui.widgets.search_field import SearchField

_TOPIC = Qt.ItemDataRole.UserRole
_MARGIN = 28   # keeps a picture clear of the scroll bar


class _SearchBox(SearchField):
    """Down moves to the topics, as from the team's search; Enter opens the best match."""

    down = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class _TopicText(QTextBrowser):
    """Pictures shrink to the width of the text, so none needs a sideways scroll bar; a click on one
    shows it at full size."""

    image_clicked = Signal(str)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        fit_images(self)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            name = self.image_at(event.position().toPoint())
            if name:
                self.image_clicked.emit(name)

    def image_at(self, point) -> str:
        """The picture under `point` in the viewport, if any (its file name, relative to the help folder)."""
        cursor = self.cursorForPosition(point)
        for step in (False, True):   # the left half of a picture puts the cursor before it, the right half after
            probe = QTextCursor(cursor)
            if step:
                probe.movePosition(QTextCursor.MoveOperation.Right)
            fmt = probe.charFormat()
            if fmt.isImageFormat() and self.cursorRect(probe).top() <= point.y():
                return fmt.toImageFormat().name()
        return ""


class PictureWindow(QDialog):
    """One of the guide's pictures at its real size, scrolling if the screen is smaller. Esc closes it."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Picture at full size")
        picture = QLabel()
        picture.setPixmap(QPixmap(str(help_folder() / name)))
        picture.setAccessibleName(f"Picture: {Path(name).stem.replace('-', ' ')}")
        scroller = QScrollArea()
        scroller.setWidget(picture)
        scroller.setAccessibleName("Picture at full size")
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroller, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        size = picture.pixmap().size()
        area = self.screen().availableGeometry() if self.screen() else None
        width, height = size.width() + 40, size.height() + 80
        if area is not None:
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(width, height)


class HelpWindow(QWidget):
    """Call `show_topic("team#importing-the-roster")` to open it at a topic and section."""

    def __init__(self, index: HelpIndex, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setWindowTitle(f"{APP_NAME} — User guide")
        self.setAccessibleName("User guide")
        self.index = index
        self.current: Topic | None = None
        self.anchor = ""
        self._history: list[str] = []
        self._at = -1

        self.back = QPushButton("← &Back")
        self.back.setAccessibleName("Back to the previous topic")
        self.back.setToolTip("Alt+Left")
        self.forward = QPushButton("&Forward →")
        self.forward.setAccessibleName("Forward to the next topic")
        self.forward.setToolTip("Alt+Right")
        self.contents = QPushButton("&Contents")
        self.contents.setAccessibleName("All topics, from the start")
        self.contents.setToolTip("Clear the search and show every topic")
        search_label = QLabel("&Search the guide")
        self.search = _SearchBox("Words to look for, for example passphrase", "Search the guide")
        search_label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.forward)
        top.addWidget(self.contents)
        top.addSpacing(12)
        top.addWidget(search_label)
        top.addWidget(self.search, 1)

        self.result = QLabel()
        self.result.setObjectName("hint")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Search results")
        self.topics = QListWidget()
        self.topics.setAccessibleName("Topics")
        self.topics.setWordWrap(True)
        topics_label = QLabel("&Topics")
        topics_label.setBuddy(self.topics)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(topics_label)
        left_layout.addWidget(self.topics, 1)
        left_layout.addWidget(self.result)

        self.text = _TopicText()
        self.text.setAccessibleName("Help text")
        self.text.setOpenLinks(False)
        self.text.setSearchPaths([str(help_folder())])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(140)
        self.splitter = splitter
        self._sized = False

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.back, self.forward)
        self.setTabOrder(self.forward, self.contents)
        self.setTabOrder(self.contents, self.search)
        self.setTabOrder(self.search, self.topics)
        self.setTabOrder(self.topics, self.text)

        self.back.clicked.connect(lambda: self._step(-1))
        self.forward.clicked.connect(lambda: self._step(1))
        self.contents.clicked.connect(lambda: (self.search.clear(), self.topics.setFocus()))
        QShortcut(QKeySequence.StandardKey.Back, self, activated=lambda: self._step(-1))
        QShortcut(QKeySequence.StandardKey.Forward, self, activated=lambda: self._step(1))
        QShortcut(QKeySequence.StandardKey.Find, self, activated=lambda: (self.search.setFocus(),
                                                                         self.search.selectAll()))
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._open_best)
        self.search.down.connect(self._into_topics)
        self.topics.currentItemChanged.connect(self._topic_chosen)
        self.text.anchorClicked.connect(self._follow)
        self.text.image_clicked.connect(self.show_picture)
        self._filter("")
        self._update_buttons()
        self.resize(980, 680)

    # --- topics ----------------------------------------------------------------------
    def show_topic(self, target: str, remember: bool = True) -> bool:
        """Open "topic" or "topic#section"; False (and the first topic) if there is no such place."""
        found = self.index.resolve(target) or self.index.resolve(target.partition("#")[0])
        if found is None:
            found = (self.index.topics[0], "")
        topic, anchor = found
        place = f"{topic.id}#{anchor}" if anchor else topic.id
        if remember and (self._at < 0 or self._history[self._at] != place):
            del self._history[self._at + 1:]
            self._history.append(place)
            self._at = len(self._history) - 1
        if topic is not self.current:
            self.current = topic
            self.text.setMarkdown(topic.markdown)
            fit_images(self.text)
        self.anchor = anchor
        self._select_in_list(topic)
        self._highlight()
        if anchor:
            self._scroll_to(anchor)
            QTimer.singleShot(0, self, lambda: self._scroll_to(anchor) if self.anchor == anchor else None)
        elif not self._first_match():
            self.text.verticalScrollBar().setValue(0)
        self._update_buttons()
        self.setWindowTitle(f"{topic.title} — {APP_NAME} user guide")
        return self.index.resolve(target) is not None

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._sized:   # the text gets the room: topics take about a quarter, at most 260 pixels
            self._sized = True
            total = self.splitter.width()
            left = max(140, min(260, total // 4))
            self.splitter.setSizes([left, total - left])

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Esc closes the guide once the search is empty (the search box clears itself first)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    @property
    def place(self) -> str:
        """Where the window is: "topic" or "topic#section"."""
        if self.current is None:
            return ""
        return f"{self.current.id}#{self.anchor}" if self.anchor else self.current.id

    def _select_in_list(self, topic: Topic) -> None:
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            if item.data(_TOPIC) == topic.id:
                if self.topics.currentRow() != row:
                    self.topics.blockSignals(True)
                    self.topics.setCurrentRow(row)
                    self.topics.blockSignals(False)
                return
        self.topics.blockSignals(True)
        self.topics.setCurrentRow(-1)
        self.topics.blockSignals(False)

    def _topic_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_topic(item.data(_TOPIC))

    def _follow(self, url: QUrl) -> None:
        href = url.toString()
        link = parse_link(href, href, self.current.id if self.current else "")
        if link.external:
            QDesktopServices.openUrl(url)
            return
        self.show_topic(f"{link.topic}#{link.anchor}" if link.anchor else link.topic)

    def show_picture(self, name: str) -> PictureWindow:
        window = PictureWindow(name, self)
        window.show()
        return window

    def _step(self, by: int) -> None:
        at = self._at + by
        if 0 <= at < len(self._history):
            self._at = at
            self.show_topic(self._history[at], remember=False)

    def _update_buttons(self) -> None:
        self.back.setEnabled(self._at > 0)
        self.forward.setEnabled(0 <= self._at < len(self._history) - 1)

    def _scroll_to(self, anchor: str) -> None:
        """Put the heading whose anchor is `anchor` at the top of the text."""
        block = self.text.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and slug(block.text()) == anchor:
                cursor = QTextCursor(block)
                self.text.setTextCursor(cursor)
                bar = self.text.verticalScrollBar()
                bar.setValue(bar.maximum())   # then back up, so the heading lands at the top, not the bottom
                self.text.ensureCursorVisible()
                return
            block = block.next()

    # --- search ----------------------------------------------------------------------
    def _filter(self, query: str) -> None:
        hits = self.index.search(query)
        self.topics.blockSignals(True)
        self.topics.clear()
        for hit in hits:
            label = hit.topic.title if not query.strip() else f"{hit.topic.title} ({hit.matches})"
            item = QListWidgetItem(label, self.topics)
            item.setData(_TOPIC, hit.topic.id)
            item.setToolTip(hit.snippet or hit.topic.title)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                         f"{hit.matches} matches" if query.strip() else hit.topic.title)
        self.topics.blockSignals(False)
        if not query.strip():
            self.result.setText("")
        elif hits:
            self.result.setText(f"{len(hits)} topic{'s' if len(hits) != 1 else ''} mention “{query.strip()}”. "
                                "Matches are highlighted in the text.")
        else:
            self.result.setText(f"No topic mentions “{query.strip()}”. Try fewer or other words.")
        if self.current is not None:
            self._select_in_list(self.current)
            self._highlight()

    def matching_topics(self) -> list[str]:
        """The ids of the topics the list shows, in order."""
        return [self.topics.item(row).data(_TOPIC) for row in range(self.topics.count())]

    def _open_best(self) -> None:
        if self.topics.count():
            self.show_topic(self.topics.item(0).data(_TOPIC))
            self._first_match()
            self.text.setFocus()

    def _into_topics(self) -> None:
        if self.topics.count():
            self.topics.setFocus()
            if self.topics.currentRow() < 0:
                self.topics.setCurrentRow(0)

    def _highlight(self) -> None:
        """Mark every occurrence of the search's words in the text: a yellow background and bold type."""
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#FFEB3B"))
        fmt.setFontWeight(700)
        document = self.text.document()
        for term in query_terms(self.search.text()):
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(term, cursor)
                if cursor.isNull():
                    break
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
        self.text.setExtraSelections(selections)

    def highlighted(self) -> list[str]:
        """The words highlighted now, as they appear in the text."""
        return [s.cursor.selectedText() for s in self.text.extraSelections()]

    def _first_match(self) -> bool:
        """Scroll to the first highlighted word, if any."""
        terms = query_terms(self.search.text())
        if not terms:
            return False
        found = self.text.document().find(terms[0], 0, QTextDocument.FindFlag(0))
        if found.isNull():
            return False
        self.text.setTextCursor(QTextCursor(found.block()))
        self.text.ensureCursorVisible()
        return True


def fit_images(browser: QTextBrowser) -> None:
    """Scale each picture down to the text's width (never up), keeping its proportions."""
    width = browser.viewport().width() - _MARGIN
    if width <= 50:
        return
    folder = help_folder()
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image_format = fmt.toImageFormat()
                size = QImage(str(folder / image_format.name())).size()
                if size.width() > 0:
                    shown = min(width, size.width())
                    new = QTextImageFormat(image_format)
                    new.setWidth(shown)
                    new.setHeight(size.height() * shown / size.width())
                    cursor = QTextCursor(browser.document())
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(new)
            it += 1
        block = block.next()
