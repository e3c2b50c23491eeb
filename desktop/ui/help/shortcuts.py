"""The keyboard shortcuts the window has now, read from its actions and shortcuts so the list cannot drift."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QMenu, QTableWidget, QTableWidgetItem,
    QTextBrowser, QVBoxLayout, QWidget,
)

# A QShortcut carries no words of its own (unless given `whatsThis`): what each one does, by the class of
# the widget that owns it and its keys. tests/gui/test_help.py fails on a shortcut missing from here.
DESCRIBED: dict[tuple[str, str], str] = {
    ("ConversationPage", "Ctrl+PgDown"): "Next section",
    ("ConversationPage", "Ctrl+PgUp"): "Previous section",
    ("ConversationPage", "Esc"): "Save and go back",
    ("ConversationPage", "Ctrl+S"): "Save now",
    ("ConversationPage", "Ctrl+P"): "Print or save the record as a PDF",
    ("ConversationPage", "Ctrl+Shift+B"): "Bring the staff member's sentence (or selected words) across from their "
                                          "preparation into the field you are writing in",
    ("SectionWidget", "Ctrl+Z"): "Put back the item last removed (outside a text box)",
    ("LearningPage", "Esc"): "Go back to where you were",
    ("CpdLogTab", "Ctrl+S"): "Save the CPD entry",
    ("StaffPanel", "Ctrl+S"): "Save the person's details",
    ("HelpWindow", "Alt+Left"): "Back to the previous topic",
    ("HelpWindow", "Alt+Right"): "Forward to the next topic",
    ("HelpWindow", "Ctrl+F"): "Search the guide",
}


@dataclass(frozen=True)
class Shortcut:
    keys: str          # as the keyboard shows them: "Ctrl+K"
    does: str
    where: str
    enabled: bool = True


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def described(shortcut: QShortcut) -> str:
    """What `shortcut` does, in words; empty if nobody said."""
    if shortcut.whatsThis():
        return shortcut.whatsThis()
    owner = shortcut.parent()
    keys = shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
    for cls in type(owner).__mro__:
        words = DESCRIBED.get((cls.__name__, keys))
        if words:
            return words
    return ""


def collect(window: QWidget, place_name: Callable[[QWidget], str]) -> list[Shortcut]:
    """Every shortcut that works in `window` now: its menu actions and the shortcuts of what is on screen.
    `place_name(widget)` names the page a shortcut belongs to."""
    found: dict[tuple[str, str], Shortcut] = {}
    for action in window.findChildren(QAction):
        menus = [o for o in action.associatedObjects() if isinstance(o, QMenu)]
        if not menus:
            continue   # not reachable from a menu, so not a shortcut a person can discover
        for sequence in action.shortcuts():
            if sequence.isEmpty():
                continue
            keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            found[(keys, _clean(action.text()))] = Shortcut(
                keys, _clean(action.text()).rstrip("…"), f"{_clean(menus[0].title())} menu", action.isEnabled())
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if not isinstance(owner, QWidget) or not owner.isVisible() or not shortcut.isEnabled():
            continue   # on a page that is not showing: it does nothing now
        keys = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        does = described(shortcut) or "A shortcut on this page"
        found.setdefault((keys, does), Shortcut(keys, does, place_name(owner)))
    return sorted(found.values(), key=lambda s: (not s.where.endswith("menu"), s.where, s.keys))


class ShortcutsDialog(QDialog):
    """The shortcuts of the window as it is, with a way on to the guide's full list."""

    help_topic = "keyboard-shortcuts"
    GUIDE = 2   # `exec()`'s result when the manager asks for the full list in the guide

    def __init__(self, shortcuts: list[Shortcut], guide_markdown: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        intro = QLabel("<b>Available now</b>, read from the window as it is. A conversation, a CPD log and the "
                       "other pages add their own while they are open: all of them are listed below, page by page.")
        intro.setWordWrap(True)
        self.all_keys = QTextBrowser()
        self.all_keys.setAccessibleName("All keyboard shortcuts, page by page")
        self.all_keys.setMarkdown(guide_markdown)
        self.all_keys.setVisible(bool(guide_markdown))
        all_label = QLabel("&All shortcuts, page by page")
        all_label.setBuddy(self.all_keys)
        all_label.setVisible(bool(guide_markdown))
        self.table = QTableWidget(len(shortcuts), 3)
        self.table.setAccessibleName("Keyboard shortcuts available now")
        self.table.setHorizontalHeaderLabels(["Keys", "What they do", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        for row, shortcut in enumerate(shortcuts):
            where = shortcut.where if shortcut.enabled else f"{shortcut.where} (after unlocking)"
            for column, text in enumerate((shortcut.keys, shortcut.does, where)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.guide_button = buttons.addButton("Open in the &user guide", QDialogButtonBox.ButtonRole.ActionRole)
        self.guide_button.setAutoDefault(False)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)   # Enter closes, as in any list to read
        buttons.rejected.connect(self.reject)
        self.guide_button.clicked.connect(lambda: self.done(self.GUIDE))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 2)
        layout.addWidget(all_label)
        layout.addWidget(self.all_keys, 3)
        layout.addWidget(buttons)
        self.resize(680, 680)

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]  # type: ignore[misc]
