"""The unlock screen: the first thing shown for an existing workspace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.store.info import DEMO_PASSPHRASE, WorkspaceError, WorkspaceInfo
from desktop.ui.widgets.card import centre_card
from desktop.ui.widgets.forms import FieldError


class UnlockPage(QWidget):
    """Emits `unlocked(workspace)`; nothing about the team is on screen before that."""

    unlocked = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder: Path | None = None
        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(460)
        layout = QVBoxLayout(card)
        layout.setSpacing(10)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.where = QLabel()
        self.where.setObjectName("hint")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        caption = QLabel("&Passphrase")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        caption.setBuddy(self.passphrase)
        self.demo_hint = QLabel(f"This is the demo workspace of made-up staff. Its passphrase is "
                                f"<b>{DEMO_PASSPHRASE}</b>.")
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        self.error = FieldError()
        self.button = QPushButton("Unlock")
        self.button.setDefault(True)
        for widget in (self.title, self.where, caption, self.passphrase, self.demo_hint, self.error, self.button):
            layout.addWidget(widget)
        centre_card(self, card)
        self.button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)

    def show_workspace(self, folder: Path, info: WorkspaceInfo, message: str = "") -> None:
        self.folder = folder
        self.title.setText(f"Unlock {info.station_name or 'your workspace'}")
        self.where.setText(f"Workspace: {folder}")
        self.demo_hint.setVisible(info.demo)
        self.passphrase.clear()
        self.error.clear_error()
        if message:
            self.error.show_error(message)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        if self.folder is None:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self.error.show_error("Type the workspace passphrase.")
            return
        # Imported here, not at the top: SQLCipher, sqlite-utils and the crypto stack
        # would otherwise delay the unlock screen itself (see tests/perf).
        from desktop.security.keyfile import KeyFileError, WrongPassphrase
        from desktop.security.unlock import unlock_workspace
        from desktop.store.database import DatabaseDamaged
        try:
            workspace = unlock_workspace(self.folder, passphrase)
        except WrongPassphrase:
            self.error.show_error("That passphrase does not open this workspace. Check Caps Lock and try again.")
            self.passphrase.selectAll()
            return
        except (KeyFileError, WorkspaceError, DatabaseDamaged) as exc:
            self.error.show_error(str(exc))
            return
        self.passphrase.clear()
        self.error.clear_error()
        self.unlocked.emit(workspace)
