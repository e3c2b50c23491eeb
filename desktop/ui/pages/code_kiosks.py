"""The lock screen's *Use a code…*: one box for every one-time code, routed to the screen that code opens.

Each kind of code is one line in KIOSKS: how to find what a code opens (None when the code is not of that
kind) and the restricted window to show it in. Every such window is handed only the narrow session its code
opened, never the workspace; it is application-modal over the lock screen and closes back to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.domain.errors import EadrError
from desktop.ui.widgets.forms import FieldError


@dataclass(frozen=True)
class CodeKiosk:
    """One kind of code: `find(folder, code)` returns its session or None; `window(session, parent)` shows it."""

    name: str
    find: Callable[[Path, str], object | None]
    window: Callable[[object, QWidget | None], QDialog]


def _feedback_find(folder: Path, code: str) -> object | None:
    from desktop.security.feedback360 import FeedbackError, find_session
    try:
        return find_session(folder, code)
    except FeedbackError as exc:   # a 360 code already used: say so in the lock screen's words
        raise EadrError(str(exc)) from None


def _feedback_window(session: object, parent: QWidget | None) -> QDialog:
    from desktop.ui.feedback.rater import GiveFeedbackWindow
    return GiveFeedbackWindow(session, parent)  # type: ignore[arg-type]


def _prepare_find(folder: Path, code: str) -> object | None:
    from desktop.security.preparation import find_session
    return find_session(folder, code)


def _prepare_window(session: object, parent: QWidget | None) -> QDialog:
    from desktop.ui.feedback.prepare import PrepareWindow
    return PrepareWindow(session, parent)  # type: ignore[arg-type]


def _verdict_find(folder: Path, code: str) -> object | None:
    from desktop.security.verdict import VerdictError, find_verdict
    try:
        return find_verdict(folder, code)
    except VerdictError as exc:   # used already, or the verdicts file is damaged: said in place
        raise EadrError(str(exc)) from None


def verdict_window(session: object, parent: QWidget | None) -> QDialog:
    from desktop.ui.feedback.verdict import VerdictWindow
    return VerdictWindow(session, parent)  # type: ignore[arg-type]


KIOSKS: list[CodeKiosk] = [
    CodeKiosk("360 feedback", _feedback_find, _feedback_window),
    CodeKiosk("preparation for an EADR", _prepare_find, _prepare_window),
    CodeKiosk("your view of your conversation", _verdict_find, verdict_window),
]


class UseCodeWindow(QDialog):
    """Asks for the code, finds which kind it is, and hands back its session (`found`) by accepting."""

    def __init__(self, folder: Path, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowTitleHint
                         | Qt.WindowType.WindowCloseButtonHint)
        self.setWindowTitle("Use a code")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAccessibleName("Use a code")
        self.folder = folder
        self.found: tuple[CodeKiosk, object] | None = None
        layout = QVBoxLayout(self)
        title = QLabel("Use a one-time code")
        title.setObjectName("cardTitle")
        intro = QLabel("Type the code printed for you: on a 360 feedback invitation, on your EADR preparation "
                       "form, or with your signed record for your view of the conversation. No passphrase is needed, and only what your code is for opens: nothing else on this "
                       "PC can be seen from there.")
        intro.setWordWrap(True)
        caption = QLabel("Your one-time &code")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JK23")
        self.code.setMaxLength(20)
        self.code.setAccessibleName("Your one-time code")
        caption.setBuddy(self.code)
        self.code_error = FieldError()
        self.open_button = QPushButton("&Open")
        self.open_button.setDefault(True)
        self.cancel_button = QPushButton("Back to the lock screen")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        for widget in (title, intro, caption, self.code, self.code_error):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.open_button.clicked.connect(self.try_code)
        self.code.returnPressed.connect(self.try_code)
        self.cancel_button.clicked.connect(self.reject)
        self.code.setFocus()

    def try_code(self) -> None:
        from desktop.security.feedback360 import CODE_LENGTH, code_shaped
        text = self.code.text()
        if not code_shaped(text):
            self._refuse(f"A code has {CODE_LENGTH} letters and numbers, as printed for you (for example "
                         "ABCD-EFGH-JK23). Check it and try again.")
            return
        for kiosk in KIOSKS:
            try:
                session = kiosk.find(self.folder, text)
            except EadrError as exc:
                self._refuse(str(exc))
                return
            if session is not None:
                self.code.clear()
                self.found = (kiosk, session)
                self.accept()
                return
        self._refuse("That code is not one of this station's open codes. Check the letters and numbers on your "
                     "slip or form; a code stops working once used, when it expires, or when a new one is printed.")

    def _refuse(self, text: str) -> None:
        self.code_error.show_error(text)
        self.code.selectAll()
        self.code.setFocus()
