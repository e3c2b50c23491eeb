"""Help where a newcomer looks: the Help menu, F1 for what is on screen, and the offline user guide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from desktop import APP_NAME, __version__

if TYPE_CHECKING:
    from desktop.documents.help_index import HelpIndex
    from desktop.ui.help.shortcuts import ShortcutsDialog
    from desktop.ui.help.window import HelpWindow

# The guide's index, viewer and shortcuts list are imported when first asked for, not at start-up: the
# main window builds this menu before the unlock screen shows, and start-up is measured against a bare window.


class Help(QObject):
    """Builds the main window's Help menu and answers F1 anywhere in the application, modal dialogs included
    (where the menu's shortcut cannot reach: a modal dialog blocks the main window's shortcuts)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self._index: HelpIndex | None = None
        self.viewer: HelpWindow | None = None
        menu = self.menu = window.menuBar().addMenu("&Help")
        self.guide_action = QAction("&User guide", window, shortcut=QKeySequence.StandardKey.HelpContents)
        self.guide_action.setStatusTip("The guide, open at what is on screen (F1 anywhere)")
        self.guide_action.triggered.connect(lambda: self.open_for(QApplication.focusWidget() or window))
        self.shortcuts_action = QAction("&Keyboard shortcuts", window)
        self.shortcuts_action.triggered.connect(lambda: self.show_shortcuts())
        self.compassion_action = QAction("&What is a compassionate EADR conversation?", window)
        self.compassion_action.triggered.connect(lambda: self.open("compassionate-conversations"))
        self.about_action = QAction(f"&About {APP_NAME}", window)
        self.about_action.triggered.connect(lambda: self.about())
        for action in (self.guide_action, self.shortcuts_action, self.compassion_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.about_action)
        QApplication.instance().installEventFilter(self)   # removed by Qt when this object goes

    @property
    def index(self) -> HelpIndex:
        if self._index is None:
            from desktop.documents.help_index import HelpIndex
            self._index = HelpIndex.load()
        return self._index

    # --- opening the guide -------------------------------------------------------------
    def open_for(self, widget: QWidget | None) -> HelpWindow | None:
        """The guide at the topic for `widget` (the page, section or dialog it is part of)."""
        from desktop.ui.help.context import topic_for
        return self.open(topic_for(widget))

    def open(self, topic: str) -> HelpWindow | None:
        """The guide at `topic`; None, after saying so, if this installation has lost its guide."""
        try:
            index = self.index
        except (OSError, ValueError) as exc:
            QMessageBox.warning(QApplication.activeModalWidget() or self.window, "User guide not found",
                                f"The user guide cannot be opened: {exc}.\n\nReinstall {APP_NAME} to put it "
                                "back; your workspace is not affected.")
            return None
        from desktop.ui.help.window import HelpWindow
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self.window:
            # A modal dialog blocks every window but its own children: the guide opens as one of them.
            viewer = next((w for w in modal.findChildren(HelpWindow)), None) or HelpWindow(index, modal)
        else:
            if self.viewer is None:
                self.viewer = HelpWindow(index, self.window)
                self._fit(self.viewer)
            viewer = self.viewer
        viewer.show()   # first, so the text is laid out and the topic's section can be scrolled to
        viewer.show_topic(topic)
        viewer.raise_()
        viewer.activateWindow()
        viewer.text.setFocus()
        return viewer

    def _fit(self, viewer: QWidget) -> None:
        screen = self.window.screen()
        if screen is not None:
            area = screen.availableGeometry()
            viewer.resize(min(viewer.width(), area.width() - 40), min(viewer.height(), area.height() - 60))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F1
                and event.modifiers() == Qt.KeyboardModifier.NoModifier and isinstance(watched, QWidget)
                and self.window.isVisible()):
            from desktop.ui.help.window import HelpWindow
            if not isinstance(watched.window(), HelpWindow):
                self.open_for(watched)
                return True
        return False

    # --- the other items ---------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutsDialog:
        from desktop.ui.help.context import topic_for
        from desktop.ui.help.shortcuts import ShortcutsDialog, collect
        try:
            index: HelpIndex | None = self.index
        except (OSError, ValueError):   # no guide: the shortcuts still work and are still listed
            index = None

        def place_name(widget: QWidget) -> str:
            found = index.resolve(topic_for(widget)) if index else None
            return found[0].title if found else "This page"
        keys = index.get("keyboard-shortcuts") if index else None
        tables = keys.markdown[keys.markdown.find("\n## ") + 1:] if keys and "\n## " in keys.markdown else ""
        dialog = ShortcutsDialog(collect(self.window, place_name), tables, self.window)   # the topic from its tables
        if dialog.exec() == ShortcutsDialog.GUIDE:
            self.open("keyboard-shortcuts")
        return dialog

    def about(self) -> None:
        QMessageBox.about(
            self.window, f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> version {__version__}<br><br>Compassionate appraisals (EADRs), CPD and training "
            "records for ambulance station line managers. It keeps your team's records encrypted on this PC and "
            "works without a network.<br><br>Press F1 anywhere for help with what is on screen, or choose "
            "<i>Help → User guide</i>.")
