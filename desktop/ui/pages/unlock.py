"""The unlock screen: the first thing shown for an existing workspace."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop.store.folder import DEMO_PASSPHRASE, WorkspaceError, WorkspaceInfo

if TYPE_CHECKING:
    from desktop.store.workspace import DatabaseDamaged
from desktop.ui.widgets.card import centre_card
from desktop.ui.widgets.forms import FieldError

log = logging.getLogger(__name__)


class UnlockPage(QWidget):
    """Emits `unlocked(workspace)`; nothing about the team is on screen before that."""

    unlocked = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder: Path | None = None
        self._failures = 0
        # After the background check found damage, the next unlock checks the whole file first, so the
        # damage is reported here and the latest good backup offered.
        self.check_fully = False
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
        self.notice = QLabel()
        self.notice.setObjectName("hint")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.button = QPushButton("Unlock")
        self.button.setDefault(True)
        # One-time codes (360 feedback, EADR preparation, …): the screen a code opens, without the passphrase.
        self.code_button = QPushButton("&Use a code…")
        self.code_button.setToolTip("For a 360 feedback invitation, an EADR preparation form or your view of your "
                                    "EADR: no passphrase needed")
        self.code_window = None
        self.kiosk_window = None
        for widget in (self.title, self.where, self.notice, caption, self.passphrase, self.demo_hint, self.error,
                       self.button, self.code_button):
            layout.addWidget(widget)
        centre_card(self, card)
        self.button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.code_button.clicked.connect(self.use_code)

    def use_code(self) -> None:
        """Ask for a code; the screen it opens is handed only what that code opens (code_kiosks.py)."""
        from desktop.ui.pages.code_kiosks import UseCodeWindow
        if self.folder is None:
            return
        window = UseCodeWindow(self.folder, self.window())
        window.resize(min(640, self.window().width()), min(360, self.window().height()))
        window.finished.connect(lambda result: self._code_closed(result))
        self.code_window = window
        window.show()   # application-modal (set by the window): open() would make it only window-modal

    def _code_closed(self, result: int) -> None:
        window, self.code_window = self.code_window, None
        if window is None:
            return
        window.deleteLater()
        if result and window.found is not None:
            kiosk, session = window.found
            self.open_kiosk(kiosk.window(session, self.window()))
        else:
            self._back_to_lock()

    def give_verdict(self, session) -> None:
        """Straight after a handover (main_window): the verdict questions its code already opened."""
        from desktop.ui.pages.code_kiosks import verdict_window
        self.open_kiosk(verdict_window(session, self.window()))

    def open_kiosk(self, window) -> None:
        """Show a restricted screen (opened by a code, or by the manager for a person) over the lock screen."""
        window.resize(min(960, self.window().width()), min(720, self.window().height()))
        window.finished.connect(lambda _result: self._kiosk_closed())
        self.kiosk_window = window
        window.show()
        window.raise_()
        window.activateWindow()   # the code window that opened it has just closed: the keyboard goes here

    def _kiosk_closed(self) -> None:
        window, self.kiosk_window = self.kiosk_window, None
        if window is not None:
            window.deleteLater()
        self._back_to_lock()

    def _back_to_lock(self) -> None:
        self.passphrase.clear()
        self.window().activateWindow()
        self.passphrase.setFocus()

    def refuse(self, reason: str) -> None:
        """The workspace cannot be opened here now (another copy has it): say why and offer nothing."""
        self.error.show_error(reason)
        self.passphrase.setEnabled(False)
        self.button.setEnabled(False)
        self.code_button.setEnabled(False)   # the copy that has the workspace open may be writing its rounds

    def show_workspace(self, folder: Path, info: WorkspaceInfo, message: str = "") -> None:
        self.passphrase.setEnabled(True)
        self.button.setEnabled(True)
        self.code_button.setEnabled(True)
        if folder != self.folder:
            self._failures = 0
        self.folder = folder
        self.title.setText(f"Unlock {info.station_name or 'your workspace'}")
        self.where.setText(f"Workspace: {folder}")
        self.demo_hint.setVisible(info.demo)
        self.passphrase.clear()
        self.error.clear_error()
        if message:
            self.notice.setText(message)
        self.notice.setVisible(bool(message))
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
        from desktop.store.workspace import DatabaseDamaged
        try:
            workspace = unlock_workspace(self.folder, passphrase, defer_large_check=not self.check_fully)
        except WrongPassphrase:
            self._failures += 1
            log.warning("Failed unlock attempt %d for %s", self._failures, self.folder)
            wait = min(30, 2 ** (self._failures - 2)) if self._failures >= 2 else 0
            hint = f" Wait {wait} second{'s' if wait != 1 else ''} before the next try." if wait else ""
            self.error.show_error("That passphrase does not open this workspace. Check Caps Lock and try again."
                                  + hint)
            self.passphrase.selectAll()
            if wait:
                self._pause(wait)
            return
        except DatabaseDamaged as exc:
            workspace = self._offer_latest_backup(passphrase, exc)
            if workspace is None:
                return
        except (KeyFileError, WorkspaceError) as exc:
            self.error.show_error(str(exc))
            return
        except OSError as exc:   # a full disk or a read-only folder: the store's message says which, never "damaged"
            from desktop.ui.widgets.forms import write_failure_text
            self.error.show_error(write_failure_text(self.folder, exc))
            return
        self.check_fully = False
        if self._failures:
            workspace.note_failed_unlocks(self._failures)
        self._failures = 0
        self.passphrase.clear()
        self.error.clear_error()
        self.unlocked.emit(workspace)

    def _offer_latest_backup(self, passphrase: str, damage: DatabaseDamaged):
        """The passphrase is right but the database file is damaged: offer the newest backup that passes
        its check. Returns the restored, unlocked workspace, or None if there is none or the user declines."""
        from desktop.security.unlock import latest_good_backup, restore_and_unlock
        from desktop.store.workspace import BackupError
        from desktop.store.workspace import DatabaseDamaged
        assert self.folder is not None
        problem = damage.problem
        log.error("Workspace database damaged: %s", damage)
        good = latest_good_backup(self.folder, passphrase)
        if good is None:
            self.error.show_error(f"{problem}. No backup of this workspace passes its check, so ask IT for a copy "
                                  "of the workspace folder. Nothing was changed.")
            return None
        answer = QMessageBox.question(
            self, "Workspace file damaged",
            f"The workspace file cannot be read:\n{problem}.\n\nThe latest good backup ({good.describe()}) has "
            "been checked and opens correctly. Restore it now?\n\nAnything changed after that backup was taken "
            "will be missing. The damaged file is kept in the backups folder, so nothing is thrown away.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            self.error.show_error(f"{problem}. Not restored: nothing was changed. Use the latest good backup "
                                  f"({good.path.name}) when you are ready.")
            return None
        try:
            workspace, kept = restore_and_unlock(self.folder, passphrase, good.path,
                                                 " after the workspace file was found damaged")
        except (BackupError, DatabaseDamaged, WorkspaceError, OSError) as exc:
            self.error.show_error(f"The backup could not be restored: {exc}")
            return None
        log.warning("Restored %s; the damaged file is kept as %s", good.path.name, kept)
        return workspace

    def _pause(self, seconds: int) -> None:
        """Each failure slows the next try: guessing at a shared PC takes a long time."""
        self.passphrase.setEnabled(False)
        self.button.setEnabled(False)

        def resume() -> None:
            self.passphrase.setEnabled(True)
            self.button.setEnabled(True)
            self.passphrase.setFocus()
        QTimer.singleShot(seconds * 1000, resume)
