"""*Prepare for my EADR*: the restricted screen where a staff member writes their own preparation.

Opened by the manager for a person (the workspace is locked behind it) or by the person with a one-time code
from the lock screen. It is handed one `PreparationSession`, never the workspace: it shows that person's form
and, when the manager opened it, their own previous signed records read-only; it saves as they go into a file
the kiosk cannot read back, and closes to the lock screen (docs/preparation.md).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QStackedWidget, QTabWidget,
    QVBoxLayout, QWidget,
)

from desktop.domain.preparation import ObjectiveReflection, Preparation
from desktop.domain.staff import Staff
from desktop.security.preparation import PreparationSession
from desktop.store.workspace import Workspace
from desktop.ui.feedback.kiosk import KIOSK_FLAGS, ThanksPage, make_kiosk
from desktop.ui.widgets.forms import FieldError
from desktop.ui.widgets.text import NoteEdit

AUTOSAVE_MS = 800


class PrepareWindow(QDialog):
    """Their form, saved a moment after each change; Esc or *Save and finish later* returns to the lock screen."""

    def __init__(self, session: PreparationSession, parent: QWidget | None = None):
        super().__init__(parent, KIOSK_FLAGS)
        make_kiosk(self, f"Prepare for my EADR — {session.staff_name}", "Prepare for my EADR")
        self.session: PreparationSession | None = session
        self._dirty = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save)
        self.values: dict[str, NoteEdit] = {}
        self.objectives: list[tuple[str, NoteEdit]] = []

        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.form_page = QWidget()
        self.stack.addWidget(self.form_page)
        self._build(session)
        self.stack.addWidget(self._thanks_page())
        self.wellbeing.setFocus()

    # --- the form ---------------------------------------------------------------------------
    def _note(self, form: QVBoxLayout, label: str, name: str, hint: str, lines: int = 3) -> NoteEdit:
        caption = QLabel(label)
        caption.setWordWrap(True)
        edit = NoteEdit(name, hint, lines)
        caption.setBuddy(edit)
        edit.edited.connect(self._changed)
        form.addWidget(caption)
        form.addWidget(edit)
        return edit

    def _build(self, session: PreparationSession) -> None:
        outer = QVBoxLayout(self.form_page)
        title = QLabel(f"Prepare for your EADR, {session.staff_name}")
        title.setObjectName("cardTitle")
        title.setWordWrap(True)
        intro = QLabel("Your own words, for the conversation with your manager. Write as much or as little as you "
                       "like; short notes are fine. Your manager sees them beside the record and may use your words "
                       "in it; HR never sees them. Everything is kept as you type.")
        intro.setWordWrap(True)
        self.saved_note = QLabel("Nothing changed yet.")
        self.saved_note.setObjectName("hint")
        self.saved_note.setAccessibleName("Saved state")
        for widget in (title, intro, self.saved_note):
            outer.addWidget(widget)

        body = QWidget()
        form = QVBoxLayout(body)
        p = session.initial
        self.wellbeing = self._note(form, "&How you are: your wellbeing, in your own words", "How you are",
                                    "Sleep, shifts, home, health, anything you want your manager to know", 4)
        self.wellbeing.set_text(p.wellbeing)
        values_box = QGroupBox("Our values: an example of each from your year")
        inner = QVBoxLayout(values_box)
        for value in session.values:
            label = value.name + (f" — {value.description}" if value.description else "")
            edit = self._note(inner, label, f"An example of {value.name}", "A job, a moment, something you did", 2)
            edit.set_text(p.values.get(value.name, ""))
            self.values[value.name] = edit
        form.addWidget(values_box)
        objectives_box = QGroupBox("Last year's objectives: how did they go?")
        inner = QVBoxLayout(objectives_box)
        if not p.objectives:
            none = QLabel("There are no objectives from an earlier signed EADR. Anything you are proud of from the "
                          "year fits under the values above.")
            none.setWordWrap(True)
            none.setObjectName("hint")
            inner.addWidget(none)
        for objective in p.objectives:
            edit = self._note(inner, f"“{objective.title}”", f"How it went: {objective.title}",
                              "Done, partly, not yet, and why", 2)
            edit.set_text(objective.how_it_went)
            self.objectives.append((objective.title, edit))
        form.addWidget(objectives_box)
        self.development = self._note(form, "What you want to &develop this year", "What you want to develop",
                                      "Skills, courses, experience, support you would like", 3)
        self.development.set_text(p.development)
        self.career = self._note(form, "Your &career hopes", "Your career hopes",
                                 "Where you would like to be in two or three years, in this role or another", 3)
        self.career.set_text(p.career)
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.scroll = scroll

        if session.previous:
            self.tabs = QTabWidget()
            self.tabs.addTab(scroll, "Your &preparation")
            self.previous = QPlainTextEdit("\n\n".join(session.previous))
            self.previous.setReadOnly(True)
            self.previous.setTabChangesFocus(True)
            self.previous.setAccessibleName("Your previous signed records (read-only)")
            self.tabs.addTab(self.previous, "Your previous signed &records")
            outer.addWidget(self.tabs, 1)
        else:
            self.tabs = None
            outer.addWidget(scroll, 1)

        self.error = FieldError()
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        self.finish_button = QPushButton("&Finished: lock the PC")
        self.finish_button.setToolTip("Keeps your preparation for your manager and returns to the lock screen")
        self.later_button = QPushButton("Save and finish &later")
        self.later_button.setToolTip("Keeps what you wrote; "
                                     + ("type your code again to carry on" if not session.opened_by_manager
                                        else "your manager can open this again for you"))
        buttons.addWidget(self.finish_button)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.finish_button.clicked.connect(self.finish)
        self.later_button.clicked.connect(self.reject)

    def preparation(self) -> Preparation:
        return Preparation(self.wellbeing.text(), {k: e.text() for k, e in self.values.items() if e.text().strip()},
                           tuple(ObjectiveReflection(t, e.text()) for t, e in self.objectives),
                           self.development.text(), self.career.text())

    def _changed(self) -> None:
        self._dirty = True
        self.saved_note.setText("Saving…")
        self._autosave.start()

    def save(self) -> bool:
        if self.session is None or not self._dirty:
            return True
        try:
            self.session.save(self.preparation())
        except OSError as exc:
            self.error.show_error(f"Your preparation could not be kept: {exc}. Tell your manager; what you typed "
                                  "is still on screen.")
            return False
        self._dirty = False
        self.saved_note.setText(f"Kept at {datetime.now():%H:%M}. Only you and your manager can read it.")
        return True

    def finish(self) -> None:
        assert self.session is not None
        self._autosave.stop()
        try:
            self.session.finish(self.preparation())
        except OSError as exc:
            self.error.show_error(f"Your preparation could not be kept: {exc}. Tell your manager.")
            return
        self._dirty = False
        self.session = None
        self.stack.setCurrentWidget(self.thanks)
        self.thanks_button.setFocus()

    # --- thanks -----------------------------------------------------------------------------
    def _thanks_page(self) -> QWidget:
        self.thanks = ThanksPage(
            "Your preparation is kept for your conversation with your manager. If you wrote on a paper "
            "form too, bring it along.",
            self)
        self.thanks_button = self.thanks.button
        return self.thanks

    def reject(self) -> None:
        """Esc, the close box or *Save and finish later*: keep what is typed, forget the session, back to the lock."""
        self._autosave.stop()
        self.save()
        self.session = None
        super().reject()

    def done(self, result: int) -> None:
        self.session = None
        super().done(result)


class PreparationDialog(QDialog):
    """The manager's side: how the person's preparation stands, the screen for them now, or the form to print."""

    kiosk_requested = Signal(object)   # a PreparationSession: lock the workspace and show it

    def __init__(self, ws: Workspace, staff: Staff, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.staff = ws, staff
        self.setWindowTitle(f"EADR preparation — {staff.display_name}")
        self.preview = None
        layout = QVBoxLayout(self)
        heading = QLabel(f"{staff.display_name} prepares for their EADR")
        heading.setObjectName("pageHeading")
        heading.setWordWrap(True)
        about = QLabel("In their own words: how they are, an example for each value, how last year's objectives "
                       "went, what they want to develop and their career hopes. You see it beside each section of "
                       "the EADR. It stays between the two of you, like private notes: it is never sent to HR.")
        about.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Their preparation so far")
        self.open_button = QPushButton("&Open the preparation screen for them now")
        self.open_button.setToolTip("Locks the workspace: they see only their own preparation and their signed "
                                    "records, and it returns to the lock screen when they finish")
        open_hint = QLabel("The workspace locks first; they see only their own preparation and their earlier "
                           "signed records. When they finish, you unlock as usual.")
        open_hint.setObjectName("hint")
        open_hint.setWordWrap(True)
        self.with_code = QCheckBox("Print a new one-time &code on the form, so they can type it on this PC instead "
                                   "(replaces any earlier code)")
        self.with_code.setChecked(True)
        self.with_code.setAccessibleName("Print a new one-time code on the form")
        self.print_button = QPushButton("&Print the preparation form…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for widget in (heading, about, self.state, self.open_button, open_hint, self.with_code, self.print_button):
            if isinstance(widget, QPushButton):   # a button its own width, at the left, as elsewhere
                row = QHBoxLayout()
                row.addWidget(widget)
                row.addStretch(1)
                layout.addLayout(row)
            else:
                layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.open_button.clicked.connect(self.open_screen)
        self.print_button.clicked.connect(self.print_form)
        self.refresh()

    def refresh(self) -> None:
        from desktop.domain.dates import uk_timestamp
        stored = self.ws.preparations().current(self.staff.id or "")
        if stored is None or stored.preparation.is_empty:
            self.state.setText("Their preparation: nothing written yet.")
        else:
            self.state.setText(f"Their preparation: {'finished' if stored.finished else 'started'}, last saved "
                               f"{uk_timestamp(stored.updated_at)}.")

    def open_screen(self) -> None:
        from desktop.security.preparation import session_for
        session = session_for(self.ws, self.staff)
        self.accept()
        self.kiosk_requested.emit(session)

    def print_form(self) -> None:
        from desktop.ui.print_actions import preview_preparation_form
        self.preview = preview_preparation_form(self, self.ws, self.staff, self.with_code.isChecked())
        self.preview.exec()
        self.refresh()
