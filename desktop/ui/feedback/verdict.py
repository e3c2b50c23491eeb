"""*Your view of the conversation*: the short kiosk a staff member answers after signing their record.

Shown over the lock screen, either straight after the manager hands the PC over (the app has locked first)
or later with the one-time code printed with the signed record. Like the 360 rater's screen it is handed
only `open_code(code) -> VerdictSession` (and perhaps a session already opened), never the workspace:
from here a person can reach four questions, a comment box and Send, and nothing else. It is
application-modal over the lock screen, has no menus, and closes back to the lock screen.
"""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QRadioButton,
    QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop.domain.verdict import COMMENT_MAX, MIN_SHOWN, SCALE
from desktop.security.verdict import VerdictError, VerdictSession
from desktop.ui.feedback.kiosk import KIOSK_FLAGS, ThanksPage, make_kiosk
from desktop.ui.widgets.forms import FieldError

WHO_SEES = (f"Your manager never sees your answers. They are added into this station's running totals, which "
            f"your manager sees only across at least {MIN_SHOWN} people, and which go to HR as totals. A comment "
            "is locked the moment you send it so that only HR's appraisal team can read it, without your name.")


class VerdictWindow(QDialog):
    """Four questions and a comment, then thanks. The code was found by the lock screen's *Use a code…*, or the
    manager handed over straight after signing: either way the session is already open."""

    def __init__(self, session: VerdictSession, parent: QWidget | None = None):
        super().__init__(parent, KIOSK_FLAGS)
        make_kiosk(self, "Your view of your conversation", "Your view of your conversation")
        self.session: VerdictSession | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.boxes: dict[str, QGroupBox] = {}
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.questions = QWidget()
        self.stack.addWidget(self.questions)
        self.stack.addWidget(self._thanks_page())
        self._show_questions(session)

    # --- the questions ---------------------------------------------------------------------------
    def _show_questions(self, session: VerdictSession) -> None:
        self.session = session
        outer = QVBoxLayout(self.questions)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        title = QLabel(f"{session.about.first_name}, how was your conversation?")
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        about = QLabel(f"{session.about.line()}. Four short questions and a comment if you wish: about a minute.")
        about.setWordWrap(True)
        notice = QLabel(f"<b>Who sees what.</b> {WHO_SEES}")
        notice.setWordWrap(True)
        notice.setObjectName("hint")
        how = QLabel("Use Tab to move between questions and the arrow keys to choose.")
        how.setObjectName("hint")
        for widget in (title, about, notice, how):
            layout.addWidget(widget)
        for n, question in enumerate(session.questions, 1):
            box = QGroupBox(f"{n}. {question.text}")
            box.setAccessibleName(question.text)
            row = QHBoxLayout(box)
            group = QButtonGroup(box)
            for i, (_key, label) in enumerate(SCALE):
                radio = QRadioButton(label)
                radio.setAccessibleName(label)
                radio.setAccessibleDescription(question.text)
                group.addButton(radio, i)
                row.addWidget(radio)
            row.addStretch(1)
            group.idToggled.connect(lambda _id, on: on and self.send_error.clear_error())
            self.groups[question.key] = group
            self.boxes[question.key] = box
            layout.addWidget(box)
        caption = self.comment_caption = QLabel("Anything else about the conversation? (optional, &read only by HR)")
        caption.setWordWrap(True)
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(80)
        self.comment.setAccessibleName("Comment, read only by HR")
        caption.setBuddy(self.comment)
        layout.addWidget(caption)
        layout.addWidget(self.comment)
        if not session.comments_possible:
            caption.setText("A comment cannot be kept on this PC yet (the station has not joined HR's hub), so "
                            "only your answers above will be counted.")
            self.comment.hide()
        self.send_error = FieldError()
        layout.addWidget(self.send_error)
        buttons = QHBoxLayout()
        self.send_button = QPushButton("&Send my answers")
        self.skip_button = QPushButton("&No thanks, back to the lock screen")
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.scroll = scroll
        self.send_button.clicked.connect(self.send)
        self.skip_button.clicked.connect(self.reject)
        self.stack.setCurrentWidget(self.questions)
        next(iter(self.groups.values())).buttons()[0].setFocus()

    def answers(self) -> dict[str, str]:
        return {key: SCALE[group.checkedId()][0] for key, group in self.groups.items() if group.checkedId() >= 0}

    def send(self) -> None:
        assert self.session is not None
        answers = self.answers()
        missing = [k for k in self.groups if k not in answers]
        if missing:
            box = self.boxes[missing[0]]
            self.send_error.show_error(f"{len(missing)} question{'s are' if len(missing) != 1 else ' is'} not "
                                       f"answered yet, starting with '{box.title()}'. Choose an answer for each.")
            self.scroll.ensureWidgetVisible(box)
            self.groups[missing[0]].buttons()[0].setFocus()
            return
        comment = self.comment.toPlainText() if self.comment.isVisible() else ""
        if len(comment) > COMMENT_MAX:
            self.send_error.show_error(f"The comment is {len(comment):,} characters; please shorten it to "
                                       f"{COMMENT_MAX:,}.")
            self.comment.setFocus()
            return
        try:
            self.session.submit(answers, comment)
        except (VerdictError, OSError) as exc:
            self.send_error.show_error(str(exc))
            return
        self.session = None
        self.comment.clear()
        self.stack.setCurrentWidget(self.thanks)
        self.thanks_button.setFocus()

    # --- thanks ------------------------------------------------------------------------------------
    def _thanks_page(self) -> QWidget:
        self.thanks = ThanksPage(
            "Your answers have been added to the station's totals. They cannot be traced back to you, "
            "and your code no longer works. Please hand the PC back, or leave it at the lock screen.",
            self)
        self.thanks_button = self.thanks.button
        return self.thanks

    def done(self, result: int) -> None:
        """Esc, the close box, *No thanks* or *Back*: forget the session and go back to the lock screen."""
        self.session = None
        super().done(result)
