"""*Give feedback*: the restricted screen a rater opens from the lock screen with a one-time code.

The lock screen's *Use a code…* finds the code (desktop/ui/pages/code_kiosks.py) and hands this window the
`RaterSession` it opened, never the workspace: from here a rater can reach one questionnaire, its code-locked
draft and submit, and nothing else. It is application-modal over the
lock screen, has no menus, and closes back to the lock screen.
"""

from __future__ import annotations


from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QRadioButton,
    QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from desktop.domain.leadership import SEALED_NOTICE, CommentKind, Frequency, Response
from desktop.security.feedback360 import FeedbackError, RaterSession
from desktop.ui.feedback.kiosk import KIOSK_FLAGS, ThanksPage, make_kiosk
from desktop.ui.widgets.forms import FieldError

_SCALE = (Frequency.NEVER, Frequency.RARELY, Frequency.SOMETIMES, Frequency.OFTEN, Frequency.ALWAYS,
          Frequency.NOT_SEEN)
_COMMENT_HINTS = {
    CommentKind.KEEP: "What do they do that helps, and should carry on?",
    CommentKind.MORE: "What would help if they did it more, or started?",
    CommentKind.LESS: "What gets in the way, and could they do less of?",
}

_MNEMONIC = {CommentKind.KEEP: "&Keep doing", CommentKind.MORE: "Do &more of", CommentKind.LESS: "Do &less of"}


class GiveFeedbackWindow(QDialog):
    """Questionnaire, then thanks. Saves a sealed draft a moment after each change. The lock screen's
    *Use a code…* (desktop/ui/pages/code_kiosks.py) found the code; this window is handed what it opened."""

    def __init__(self, session: RaterSession, parent: QWidget | None = None):
        super().__init__(parent, KIOSK_FLAGS)
        make_kiosk(self, "Give feedback", "Give feedback")
        self.session: RaterSession | None = None
        self.groups: dict[str, QButtonGroup] = {}
        self.boxes: dict[str, QGroupBox] = {}
        self.comments: dict[str, QPlainTextEdit] = {}
        self._dirty = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(800)
        self._autosave.timeout.connect(self.save_draft)

        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.questionnaire = QWidget()
        self.stack.addWidget(self.questionnaire)
        self.stack.addWidget(self._thanks_page())
        self.begin(session)

    def begin(self, session: RaterSession) -> None:
        """The questionnaire for the code, with any draft their code kept filled in."""
        self.session = session
        self._build_questionnaire(session)
        draft = session.load_draft()
        if draft is not None:
            self._fill(draft)
            self.draft_note.setText("Your earlier answers were kept and are filled in below.")
        self.stack.setCurrentWidget(self.questionnaire)
        first = next(iter(self.groups.values())).buttons()
        (next((b for b in first if b.isChecked()), first[0])).setFocus()

    # --- the questionnaire -----------------------------------------------------------------
    def _build_questionnaire(self, session: RaterSession) -> None:
        outer = QVBoxLayout(self.questionnaire)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = QVBoxLayout(body)
        title = QLabel("360 feedback" if session.group.value != "self" else "Your own view")
        title.setObjectName("cardTitle")
        intro = QLabel(session.intro)
        intro.setWordWrap(True)
        notice = QLabel(f"<b>Who sees what.</b> {session.notice} {SEALED_NOTICE}")
        notice.setWordWrap(True)
        notice.setObjectName("hint")
        how = QLabel("How often do you see this? Use Tab to move between statements and the arrow keys to choose. "
                     "Choose 'Not seen enough to say' where you cannot judge.")
        how.setWordWrap(True)
        self.draft_note = QLabel("Your answers are kept as you go, locked with your code, until you send them.")
        self.draft_note.setWordWrap(True)
        self.draft_note.setObjectName("hint")
        for widget in (title, intro, notice, how, self.draft_note):
            layout.addWidget(widget)
        previous_heading_kind = None
        for n, item in enumerate(session.items, 1):
            kind = "Our values" if item.is_value else "Leading people"
            if kind != previous_heading_kind:
                heading = QLabel(kind)
                heading.setObjectName("subHeading")
                layout.addWidget(heading)
                previous_heading_kind = kind
            box = QGroupBox(f"{n}. {item.heading}")
            box.setAccessibleName(f"{item.heading}: {item.text}")
            inner = QVBoxLayout(box)
            text = QLabel(item.text)
            text.setWordWrap(True)
            inner.addWidget(text)
            row = QHBoxLayout()
            group = QButtonGroup(box)
            for f in _SCALE:
                radio = QRadioButton(f.label)
                radio.setAccessibleName(f.label)
                radio.setAccessibleDescription(f"{item.heading}: {item.text}")
                group.addButton(radio, f.value)
                row.addWidget(radio)
            row.addStretch(1)
            inner.addLayout(row)
            group.idToggled.connect(lambda _id, on: on and self._changed())
            self.groups[item.key] = group
            self.boxes[item.key] = box
            layout.addWidget(box)
        heading = QLabel("In your own words (optional)")
        heading.setObjectName("subHeading")
        layout.addWidget(heading)
        hint = QLabel("Shown to them without your name, mixed with everyone else's in a shuffled order. "
                      "Describe what you see them do, not who they are.")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        for kind in CommentKind:
            caption = QLabel(f"{_MNEMONIC[kind]}: {_COMMENT_HINTS[kind]}")
            caption.setWordWrap(True)
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            edit.setAccessibleName(kind.label)
            edit.setAccessibleDescription(_COMMENT_HINTS[kind])
            caption.setBuddy(edit)
            edit.textChanged.connect(self._changed)
            self.comments[kind.value] = edit
            layout.addWidget(caption)
            layout.addWidget(edit)
        self.send_error = FieldError()
        layout.addWidget(self.send_error)
        buttons = QHBoxLayout()
        self.send_button = QPushButton("&Send feedback")
        self.later_button = QPushButton("Save and &finish later")
        self.later_button.setToolTip("Keeps your answers locked with your code; type it again to carry on")
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.scroll = scroll
        self.send_button.clicked.connect(self.send)
        self.later_button.clicked.connect(self.reject)

    def _fill(self, draft: Response) -> None:
        for key, value in draft.ratings.items():
            group = self.groups.get(key)
            if group is not None and group.button(value) is not None:
                group.button(value).setChecked(True)
        for kind, text in draft.comments.items():
            if kind in self.comments:
                self.comments[kind].setPlainText(text)
        self._dirty = False
        self._autosave.stop()

    def response(self) -> Response:
        assert self.session is not None
        ratings = {key: group.checkedId() for key, group in self.groups.items() if group.checkedId() >= 0}
        return Response(self.session.group, ratings,
                        {kind: edit.toPlainText() for kind, edit in self.comments.items()})

    def _changed(self) -> None:
        self._dirty = True
        self._autosave.start()

    def save_draft(self) -> None:
        if self.session is None or not self._dirty:
            return
        try:
            self.session.save_draft(self.response())
        except (FeedbackError, OSError) as exc:
            self.send_error.show_error(f"Your answers could not be kept: {exc}")
            return
        self._dirty = False
        self.draft_note.setText("Your answers so far are kept, locked with your code.")

    def send(self) -> None:
        assert self.session is not None
        response = self.response()
        missing = response.unanswered(tuple(self.groups))
        if missing:
            box = self.boxes[missing[0]]
            self.send_error.show_error(
                f"{len(missing)} statement{'s are' if len(missing) != 1 else ' is'} not answered yet, starting with "
                f"'{box.title()}'. Choose 'Not seen enough to say' where you cannot judge.")
            self.scroll.ensureWidgetVisible(box)
            self.groups[missing[0]].buttons()[0].setFocus()
            return
        try:
            self.session.submit(response)
        except (FeedbackError, OSError) as exc:
            self.send_error.show_error(str(exc))
            return
        self._autosave.stop()
        self._dirty = False
        self.session = None
        self.stack.setCurrentWidget(self.thanks)
        self.thanks_button.setFocus()

    # --- thanks -----------------------------------------------------------------------------
    def _thanks_page(self) -> QWidget:
        self.thanks = ThanksPage(
            "Your feedback has been sealed so that only HR can open it, and HR adds it to everyone "
            "else's: the manager and this PC cannot read it. It cannot be traced back to you, and your "
            "code no longer works. Please destroy any paper form you used.",
            self)
        self.thanks_button = self.thanks.button
        return self.thanks

    def reject(self) -> None:
        """Esc, the close box or *Save and finish later*: keep the draft, forget the code, back to the lock."""
        self._autosave.stop()
        self.save_draft()
        self.session = None
        super().reject()

    def done(self, result: int) -> None:
        self.session = None
        super().done(result)
