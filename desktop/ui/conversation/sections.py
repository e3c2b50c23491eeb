"""One widget per section of a conversation. Each shows a Conversation, reads its own part
back into one, reports every edit (for autosave) and can be made read-only."""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
    QSizePolicy, QVBoxLayout, QWidget,
)

from desktop.domain.conversation import (
    GROWTH_CHOICES, GROWTH_QUESTION, IMPACT_CHOICES, IMPACT_QUESTION, READINESS_CHOICES, READINESS_QUESTION,
    PAY_PROGRESSION_HINT, TALENT_INTRO, TALENT_POOL_CONSENT, Conversation, Kind, PayProgression, PayStep, Readiness,
    Section, SignOff, Status, Talent, Wellbeing,
)
from desktop.domain import clock
from desktop.domain.dates import uk
from desktop.domain.quality import checklist, missing_before_ready
from desktop.domain.trust import TrustProfile
from desktop.ui.conversation.editors import (
    ActionEditor, ChoiceGroup, DevelopmentEditor, ObjectiveEditor, RepeatingList, ReviewEditor, combo, read_date, set_combo,
)
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import FieldError
from desktop.ui.widgets.no_squash import NoSquash
from desktop.ui.widgets.tab_order import reading_order
from desktop.ui.widgets.text import NoteEdit


class SectionWidget(NoSquash, QWidget):
    changed = Signal()
    leadership_requested = Signal()   # performance and development link to the leadership self-assessment and 360
    section: Section

    def __init__(self, heading: str, intro: str, parent=None):
        super().__init__(parent)
        self.outer = QVBoxLayout(self)
        title = QLabel(heading)
        title.setObjectName("sectionHeading")
        self.outer.addWidget(title)
        if intro:
            text = QLabel(intro)
            text.setObjectName("hint")
            text.setWordWrap(True)
            self.outer.addWidget(text)

        # Ctrl+Z outside a text field (text fields keep Ctrl+Z for their own typing) puts back a removed item.
        undo = QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo_remove)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def finish(self) -> None:
        self.outer.addStretch(1)

    def add_leadership_link(self, text: str) -> None:
        """For people who lead: the self-assessment and 360 report, whose chosen areas become plan items."""
        hint = QLabel(text)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.leadership_button = QPushButton("Leadership and 360 feedback…")
        self.leadership_button.setToolTip("Their leadership self-assessment, 360 rounds and feedback report")
        self.leadership_button.clicked.connect(lambda: self.leadership_requested.emit())
        row = QHBoxLayout()   # a row of its own, so a narrow window never scrolls sideways for it
        row.addWidget(self.leadership_button)
        row.addStretch(1)
        self.outer.addWidget(hint)
        self.outer.addLayout(row)

    def undo_remove(self) -> None:
        for repeating in self.findChildren(RepeatingList):
            if repeating.can_undo:
                repeating.undo_remove()
                return

    def forget_removed(self) -> None:
        """Leaving the section makes any removal final."""
        for repeating in self.findChildren(RepeatingList):
            repeating.forget_removed()

    def first_field(self) -> QWidget | None:
        """Where the keyboard starts when the section opens: its first enabled field."""
        return next((w for w in reading_order(self) if w.isEnabled() and w.isVisibleTo(self)), None)

    def labelled(self, form: QFormLayout, label: str, widget: QWidget) -> FieldError:
        caption = QLabel(label)
        caption.setBuddy(widget)
        caption.setWordWrap(True)
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", ""))
        error = FieldError()
        form.addRow(caption, widget)
        form.addRow("", error)
        self.watch(widget)
        return error

    def watch(self, widget: QWidget) -> None:
        for signal in ("edited", "textEdited", "currentIndexChanged", "toggled", "changed"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(self.changed)
                return

    def set_read_only(self, read_only: bool) -> None:
        for child in self.findChildren(QWidget):
            if isinstance(child, (QLineEdit, NoteEdit)):
                child.setReadOnly(read_only)
            elif isinstance(child, (QComboBox, QCheckBox)):
                child.setEnabled(not read_only)
        for repeating in self.findChildren(RepeatingList):
            repeating.set_read_only(read_only)

    def load(self, c: Conversation) -> None:
        """Show this section's part of `c`; each section defines what that is."""

    def read(self, c: Conversation) -> Conversation:
        """`c` with this section's fields as typed; each section defines which they are."""
        return c


class WellbeingSection(SectionWidget):
    section = Section.WELLBEING

    def __init__(self, profile: TrustProfile, parent=None):
        super().__init__("Check-in and wellbeing",
                         "Start here: how the person is. Physical, mental, emotional, social, financial, "
                         "lifestyle and safety; flexible working; equality, diversity and inclusion.", parent)
        form = QFormLayout()
        self.held_on = DateField()
        self.held_by = QLineEdit()
        self.held_by.setPlaceholderText("Leave blank if you held it; or, for example, the wellbeing lead")
        self.held_on_error = self.labelled(form, "Held &on", self.held_on)
        self.labelled(form, "Held &by", self.held_by)
        self.outer.addLayout(form)

        topics = QGroupBox("Topics discussed (optional)")
        grid = QGridLayout(topics)
        self.topics: list[QCheckBox] = []
        row = column = 0  # two columns fit beside the guide on a 1024-pixel screen; a long topic takes a row
        for topic in profile.wellbeing_topics:
            box = QCheckBox(topic)
            self.topics.append(box)
            wide = len(topic) > 24
            if wide and column:
                row, column = row + 1, 0
            grid.addWidget(box, row, column, 1, 2 if wide else 1)
            row, column = (row + 1, 0) if wide or column else (row, 1)
            self.watch(box)
        self.outer.addWidget(topics)

        privacy = QLabel("<b>Private notes.</b> These stay in this workspace only: they are never sent to HR, "
                         "never exported, and not printed unless you choose to. The staff member may ask to see them.")
        privacy.setObjectName("privacyNotice")
        privacy.setWordWrap(True)
        self.outer.addWidget(privacy)
        self.notes = NoteEdit("Private wellbeing notes (stay in this workspace)",
                              "What was said, in the words you agreed to keep", 5)
        notes_label = QLabel("Private &notes")
        notes_label.setBuddy(self.notes)
        self.outer.addWidget(notes_label)
        self.outer.addWidget(self.notes)
        self.watch(self.notes)

        actions_label = QLabel("Agreed actions")
        actions_label.setObjectName("subHeading")
        self.outer.addWidget(actions_label)
        self.actions = RepeatingList(ActionEditor, "Add an action",
                                     "No actions yet. Only actions the staff member agrees to share reach HR.",
                                     noun="action")
        self.actions.changed.connect(self.changed)
        self.outer.addWidget(self.actions)

        form2 = QFormLayout()
        self.next_review = DateField()
        self.next_review_error = self.labelled(form2, "Next &review", self.next_review)
        self.outer.addLayout(form2)
        self.finish()

    def load(self, c: Conversation) -> None:
        w = c.wellbeing
        self.held_on.set_date(w.held_on)
        self.held_by.setText(w.held_by)
        for box in self.topics:
            box.setChecked(box.text() in w.topics)
        self.notes.set_text(c.private_notes)
        self.actions.load(w.actions)
        self.next_review.set_date(w.next_review)

    def read(self, c: Conversation) -> Conversation:
        return c.with_changes(private_notes=self.notes.text(), wellbeing=Wellbeing(
            held_on=read_date(self.held_on, self.held_on_error), held_by=self.held_by.text().strip(),
            topics=tuple(b.text() for b in self.topics if b.isChecked()),
            actions=tuple(a for a in self.actions.values() if a.text),
            next_review=read_date(self.next_review, self.next_review_error)))


class ValuesSection(SectionWidget):
    section = Section.VALUES

    def __init__(self, profile: TrustProfile, parent=None):
        super().__init__("Values", "For each of the trust's values, an example from the year or a reflection "
                         "in the staff member's words.", parent)
        self.fields: dict[str, NoteEdit] = {}
        for value in profile.values:
            box = QGroupBox(value.name)
            inner = QVBoxLayout(box)
            if value.description:
                about = QLabel(value.description)
                about.setObjectName("hint")
                about.setWordWrap(True)
                inner.addWidget(about)
            edit = NoteEdit(f"{value.name}: example or reflection", "An example or reflection", 2)
            inner.addWidget(edit)
            self.watch(edit)
            self.fields[value.name] = edit
            self.outer.addWidget(box)
        self.finish()

    def load(self, c: Conversation) -> None:
        for name, edit in self.fields.items():
            edit.set_text(c.values.get(name, ""))

    def read(self, c: Conversation) -> Conversation:
        values = dict(c.values)  # keep reflections on values a later profile no longer lists
        values.update({name: edit.text() for name, edit in self.fields.items()})
        return c.with_changes(values={k: v for k, v in values.items() if v.strip()})


class PerformanceSection(SectionWidget):
    section = Section.PERFORMANCE

    def __init__(self, profile: TrustProfile, parent=None):
        super().__init__("Performance", "Review last year's objectives, then agree new ones, each specific, "
                         "measurable, dated and linked to a trust priority.", parent)
        heading = QLabel("Last year's objectives")
        heading.setObjectName("subHeading")
        self.outer.addWidget(heading)
        self.review_empty = QLabel("Nothing to review: there is no earlier signed-off EADR with objectives.")
        self.review_empty.setObjectName("hint")
        self.outer.addWidget(self.review_empty)
        self.review_box = QVBoxLayout()
        self.outer.addLayout(self.review_box)
        self.reviews: list[ReviewEditor] = []
        heading = QLabel("Check-ins since the last EADR (evidence)")
        heading.setObjectName("subHeading")
        self.outer.addWidget(heading)
        self.evidence = QLabel("No check-ins logged since the last EADR.")
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.PlainText)
        self.evidence.setAccessibleName("Check-ins since the last EADR")
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outer.addWidget(self.evidence)
        heading = QLabel("New objectives")
        heading.setObjectName("subHeading")
        self.outer.addWidget(heading)
        self.objectives = RepeatingList(lambda: ObjectiveEditor(profile.strategic_priorities), "Add an objective",
                                        "No new objectives yet.", noun="objective")
        self.objectives.changed.connect(self.changed)
        self.outer.addWidget(self.objectives)
        self.add_leadership_link("Leads people? Their self-assessment and 360 feedback report inform this review.")
        self.finish()

    def load(self, c: Conversation) -> None:
        for editor in self.reviews:
            editor.setParent(None)
            editor.deleteLater()
        self.reviews = []
        for number, objective in enumerate(c.review_objectives, 1):
            editor = ReviewEditor()
            editor.load(objective)
            editor.set_number(number)
            editor.changed.connect(self.changed)
            self.review_box.addWidget(editor)
            self.reviews.append(editor)
        self.review_empty.setVisible(not self.reviews)
        self.objectives.load(c.new_objectives)

    def show_evidence(self, lines: list[str], since: str) -> None:
        """One-to-ones, supervision and wellbeing check-ins since the last EADR, with their actions."""
        self.evidence.setText("\n".join(lines) if lines else f"No check-ins logged {since}.")

    def read(self, c: Conversation) -> Conversation:
        new = tuple(o for o in self.objectives.values() if o.title or o.measure or o.target_date)
        return c.with_changes(objectives=tuple(e.value() for e in self.reviews) + new)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for editor in self.reviews:
            editor.set_read_only(read_only)


class TalentSection(SectionWidget):
    """Aspirations, then a placement the manager and staff member agree together, in words, not grades."""

    section = Section.TALENT

    def __init__(self, profile: TrustProfile, parent=None):
        super().__init__("Talent", "Aspirations and growth, whatever direction they take: a new role, "
                         "more skill in this one, or leadership.", parent)
        form = QFormLayout()
        self.aspirations = NoteEdit("Career aspirations", "Where would they like to be in two or three years?", 3)
        self.labelled(form, "&Aspirations", self.aspirations)
        self.outer.addLayout(form)

        together = QLabel("Agreed together")
        together.setObjectName("subHeading")
        self.outer.addWidget(together)
        intro = QLabel(TALENT_INTRO)
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        self.outer.addWidget(intro)
        self.impact = ChoiceGroup(IMPACT_QUESTION, IMPACT_CHOICES)
        self.growth = ChoiceGroup(GROWTH_QUESTION, GROWTH_CHOICES)
        self.readiness = ChoiceGroup(READINESS_QUESTION, READINESS_CHOICES)
        for group in (self.impact, self.growth, self.readiness):
            self.outer.addWidget(group)
            group.changed.connect(self.changed)  # not watch(): a group box's own `toggled` is for its title tick
        self.placement = QLabel()
        self.placement.setObjectName("placement")
        self.placement.setWordWrap(True)
        self.outer.addWidget(self.placement)

        form = QFormLayout()
        self.leadership = combo([("", "Not discussed"), ("yes", "Yes"), ("maybe", "Maybe later"), ("no", "No")],
                                "Interest in leadership development")
        self.leadership_notes = QLineEdit()
        self.leadership_notes.setPlaceholderText("Programme, shadowing, secondment…")
        self.mobility = QLineEdit()
        self.mobility.setPlaceholderText("For example: happy to work at other stations in the sector")
        self.labelled(form, "&Leadership development", self.leadership)
        self.labelled(form, "Leadership &notes", self.leadership_notes)
        self.labelled(form, "&Mobility", self.mobility)
        self.pool_consent = QCheckBox(TALENT_POOL_CONSENT.replace(" for HR", "\nfor HR"))  # narrow screens
        self.pool_consent.setAccessibleName(f"Staff member's consent: {TALENT_POOL_CONSENT}")
        self.pool_consent.setToolTip("Ticked only with the staff member's agreement. HR then sees their name, "
                                     "readiness and leadership interest in the trust's talent pool; without it "
                                     "they are counted, never named.")
        self.labelled(form, "Their &consent", self.pool_consent)
        self.outer.addLayout(form)
        self.changed.connect(self._show_placement)
        self.finish()

    def _show_placement(self) -> None:
        """The placement in one sentence, mid-sentence case ("ready in 1–2 years")."""
        agreed = [g.currentText()[:1].lower() + g.currentText()[1:]
                  for g in (self.impact, self.growth, self.readiness) if g.currentData()]
        self.placement.setText("What you have agreed together: " + "; ".join(agreed) + "." if agreed else
                               "Nothing agreed yet: choose together once you have talked it through.")

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for group in (self.impact, self.growth, self.readiness):
            group.set_read_only(read_only)

    def load(self, c: Conversation) -> None:
        t = c.talent
        self.aspirations.set_text(t.aspirations)
        for group, value in ((self.impact, t.impact), (self.growth, t.growth), (self.readiness, t.readiness.value)):
            group.set_value(value)
        self.leadership.blockSignals(True)
        set_combo(self.leadership, t.leadership_interest)
        self.leadership.blockSignals(False)
        self.leadership_notes.setText(t.leadership_notes)
        self.mobility.setText(t.mobility)
        self.pool_consent.blockSignals(True)
        self.pool_consent.setChecked(t.talent_pool_consent)
        self.pool_consent.blockSignals(False)
        self._show_placement()

    def read(self, c: Conversation) -> Conversation:
        return c.with_changes(talent=Talent(
            aspirations=self.aspirations.text(), impact=self.impact.currentData(),
            growth=self.growth.currentData(), readiness=Readiness(self.readiness.currentData()),
            leadership_interest=self.leadership.currentData() or "",
            leadership_notes=self.leadership_notes.text().strip(), mobility=self.mobility.text().strip(),
            talent_pool_consent=self.pool_consent.isChecked()))


class DevelopmentSection(SectionWidget):
    section = Section.DEVELOPMENT

    def __init__(self, profile: TrustProfile, parent=None):
        super().__init__("Development plan", "What they will learn or develop this year. Each item's TNA "
                         "category feeds the station's and the trust's training needs analysis.", parent)
        self.items = RepeatingList(lambda: DevelopmentEditor(profile.tna_categories), "Add a development need",
                                   "No development needs yet.", noun="development need")
        self.items.changed.connect(self.changed)
        self.outer.addWidget(self.items)
        self.add_leadership_link("Areas chosen in a leadership self-assessment or 360 report are added here "
                                 "(leadership and management).")
        self.finish()

    def load(self, c: Conversation) -> None:
        self.items.load(c.development)

    def read(self, c: Conversation) -> Conversation:
        return c.with_changes(development=tuple(d for d in self.items.values() if d.need or d.action))


class SignOffSection(SectionWidget):
    """Summary, the quality checklist, and both signatures, kept short enough to see together."""

    section = Section.SIGNOFF
    sign_requested = Signal()
    ready_requested = Signal()
    paper_requested = Signal()   # show the scanned paper copy beside the fields

    def __init__(self, profile: TrustProfile, parent=None):
        super().__init__("Summary and sign-off", "Read the record back together. Both of you sign to agree "
                         "it; it then becomes read-only.", parent)
        self.summary = NoteEdit("Summary", "The main points you both agree on", 3)
        summary_label = QLabel("S&ummary")
        summary_label.setBuddy(self.summary)
        self.outer.addWidget(summary_label)
        self.outer.addWidget(self.summary)
        self.watch(self.summary)

        self.checks_box = QGroupBox("Quality checklist (guidance, not a gate)")
        self.checks = QVBoxLayout(self.checks_box)
        self.checks.setSpacing(2)
        self.check_labels: list[QLabel] = []
        self.ready_button = QPushButton("Ready for sign-off")
        self.ready_why = QLabel()
        self.ready_why.setObjectName("missing")
        self.ready_why.setWordWrap(True)
        ready_row = QHBoxLayout()
        ready_row.addWidget(self.ready_button, 0, Qt.AlignmentFlag.AlignTop)
        ready_row.addWidget(self.ready_why, 1)
        self.checks.addLayout(ready_row)
        self.outer.addWidget(self.checks_box)

        self.state = QLabel()
        self.state.setObjectName("signState")
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Signatures")
        self.outer.addWidget(self.state)

        self.staff_box = QGroupBox("The staff member")
        form = self.staff_form = QFormLayout(self.staff_box)
        self.staff_comments = NoteEdit("Staff member's comments", "In their own words", 2)
        self.labelled(form, "Their &comments", self.staff_comments)
        self.on_paper = QCheckBox("Signed a printed copy instead")
        self.on_paper.setAccessibleName("They signed a printed copy instead")
        self.labelled(form, "", self.on_paper)
        self.staff_name = QLineEdit()
        self.staff_name.setPlaceholderText("They type their full name")
        self.staff_name_label_error = self.labelled(form, "Typed &name", self.staff_name)
        self.agreed = QCheckBox("I agree this is a fair\nrecord of our conversation")
        self.agreed.setAccessibleName("I agree this is a fair record of our conversation")
        self.labelled(form, "", self.agreed)
        self.paper_date = DateField()
        self.paper_error = self.labelled(form, "Date signed on &paper", self.paper_date)
        self.paper_copy = QWidget()   # "signed on paper" points to the scanned copy kept with the record
        copy_row = QVBoxLayout(self.paper_copy)   # the words above the button: they get the whole width
        copy_row.setContentsMargins(0, 0, 0, 0)
        self.paper_copy_text = QLabel()
        self.paper_copy_text.setWordWrap(True)
        self.paper_copy_text.setAccessibleName("Signed paper copy")
        self.view_paper_button = QPushButton("&View the scan")
        self.view_paper_button.setToolTip("Shows the scanned paper form beside the fields (Ctrl+Shift+V)")
        self.view_paper_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        copy_row.addWidget(self.paper_copy_text)
        copy_row.addWidget(self.view_paper_button, 0, Qt.AlignmentFlag.AlignLeft)
        copy_caption = QLabel("Signed paper copy")
        copy_caption.setBuddy(self.view_paper_button)
        form.addRow(copy_caption, self.paper_copy)
        self._copies: list = []
        self.staff_sign_button = QPushButton("Record staff signature")
        self.staff_sign_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form.addRow("", self.staff_sign_button)
        self.outer.addWidget(self.staff_box)

        self.manager_box = QGroupBox("The manager")
        mform = QFormLayout(self.manager_box)
        self.manager_name = QLineEdit()
        self.manager_name.setAccessibleName("Manager's name")
        self.manager_sign_button = QPushButton("Sign as manager…")
        self.manager_sign_button.setToolTip("Asks you to confirm: once you sign, the record becomes read-only")
        caption = QLabel("&Manager's name")
        caption.setBuddy(self.manager_name)
        row = QHBoxLayout()
        row.addWidget(self.manager_name, 1)
        row.addWidget(self.manager_sign_button)
        mform.addRow(caption, row)
        self.watch(self.manager_name)
        self.outer.addWidget(self.manager_box)
        self.pay_box = QGroupBox("Pay progression (Agenda for Change)")
        box = QVBoxLayout(self.pay_box)
        hint = QLabel(PAY_PROGRESSION_HINT)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        box.addWidget(hint)
        pform = self.pay_form = QFormLayout()
        box.addLayout(pform)
        self.pay_step = combo([(p.value, p.label) for p in PayStep], "Pay step", 22)
        self.labelled(pform, "Pa&y step", self.pay_step)
        self.pay_reason = QLineEdit()
        self.pay_reason.setPlaceholderText("For example: fire safety to renew by 31/01/2027")
        self.pay_reason_error = self.labelled(pform, "&Reason not yet confirmed", self.pay_reason)
        self.outer.insertWidget(self.outer.indexOf(self.staff_box), self.pay_box)   # decided before signing
        self.pay_step.currentIndexChanged.connect(lambda _index: self._show_pay())
        self.sign_error = FieldError()
        self.outer.addWidget(self.sign_error)
        self.finish()

        self._signoff = SignOff()
        self.on_paper.toggled.connect(self._show_mode)
        for signal in (self.on_paper.toggled, self.agreed.toggled, self.staff_name.textChanged):
            signal.connect(lambda *_: self._show_staff_sign())
        self.ready_button.clicked.connect(self.ready_requested)
        self.staff_sign_button.clicked.connect(self._staff_sign)
        self.view_paper_button.clicked.connect(self.paper_requested)
        self.manager_sign_button.clicked.connect(self._manager_sign)

    def _show_pay(self) -> None:
        """The reason is asked for only when progression is not yet confirmed."""
        self.pay_form.setRowVisible(self.pay_reason, self.pay_step.currentData() == PayStep.NOT_YET.value)

    def _show_mode(self) -> None:
        """Show the in-person fields or the paper date, not both."""
        paper = self.on_paper.isChecked()
        for widget in (self.staff_name, self.agreed):
            self.staff_form.setRowVisible(widget, not paper)
        self.staff_form.setRowVisible(self.paper_date, paper)
        self.staff_form.setRowVisible(self.paper_copy, paper)
        self.staff_form.setRowVisible(self.on_paper, not (self._read_only and not paper))

    _read_only = False

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        super().set_read_only(read_only)
        for b in (self.ready_button, self.staff_sign_button, self.manager_sign_button):
            b.setVisible(not read_only)
        self.ready_why.setVisible(not read_only and bool(self.ready_why.text()))
        self._show_mode()

    def set_paper_copies(self, copies: list) -> None:
        """The scanned paper forms kept with the record (newest first): the signed copy this points to."""
        self._copies = copies
        if copies:
            more = f" ({len(copies) - 1} earlier scan{'s' if len(copies) > 2 else ''} kept too)" if len(copies) > 1 \
                else ""
            self.paper_copy_text.setText(copies[0].describe() + more)
        else:
            self.paper_copy_text.setText("No scan kept yet: scan the signed form and open it with File → Open "
                                         "scanned forms…")
        self.view_paper_button.setVisible(bool(copies))

    def show_checklist(self, c: Conversation) -> None:
        for label in self.check_labels:
            label.setParent(None)
        self.check_labels = []
        for i, item in enumerate(checklist(c)):  # one short line each; what is missing is listed by Ready
            mark = "✔ Done" if item.met else "○ To do"
            label = QLabel(f"<b>{mark}</b> — {item.label}")
            label.setToolTip("" if item.met else item.hint)
            label.setWordWrap(True)
            label.setAccessibleName(f"{'Done' if item.met else 'To do'}: {item.label}")
            self.checks.insertWidget(i, label)
            self.check_labels.append(label)
        self._show_ready(c)

    def _show_ready(self, c: Conversation) -> None:
        """A disabled Ready for sign-off says why, on screen and in its tooltip."""
        if c.status is Status.PLANNED:
            why = ["Nothing is recorded yet: write in any section first."]
        elif c.status is Status.AWAITING_SIGNOFF:
            why = ["Already marked ready: it is waiting for both signatures."]
        elif c.status is Status.SIGNED_OFF:
            why = []
        else:
            why = missing_before_ready(c)
        self.ready_button.setEnabled(c.status is Status.IN_PROGRESS and not why)
        text = ("Not ready yet: " if c.status is Status.IN_PROGRESS else "") + " ".join(
            w if w.endswith(".") else w + "." for w in why) if why else ""
        self.ready_why.setText(f"⚠ {text}" if text and c.status is Status.IN_PROGRESS else text)
        self.ready_why.setVisible(bool(text) and not self._read_only)
        self.ready_button.setToolTip(text or "Mark the record as ready for both of you to sign")
        self.ready_button.setAccessibleDescription(text)

    def _show_state(self, c: Conversation) -> None:
        s = c.signoff
        if s.staff_signed and s.manager_signed:
            text = (f"✔ Signed off: the staff member on {uk(s.staff_signed_on)}, you on {uk(s.manager_signed_on)}. "
                    "The record is read-only.")
        elif s.staff_signed:
            who = "on paper" if s.on_paper else f"by {s.staff_name}"
            text = f"✔ Signed {who} on {uk(s.staff_signed_on)} — waiting for your signature."
        elif s.manager_signed:
            text = f"✔ You signed on {uk(s.manager_signed_on)} — waiting for the staff member's signature."
        else:
            text = "Not signed yet: the staff member first, then you."
        self.state.setText(text)

    def _staff_signature_stands(self) -> bool:
        """True while the recorded staff signature still matches the form: the same way of signing and, in
        person, the same typed name with the agreement ticked (changing either clears it when saved)."""
        s = self._signoff
        if not s.staff_signed:
            return False
        if self.on_paper.isChecked():
            return s.on_paper
        return not s.on_paper and s.staff_name == self.staff_name.text().strip() and self.agreed.isChecked()

    def _show_staff_sign(self) -> None:
        """Once the staff member has signed, pressing again would only re-date their signature, so the
        button rests, and its tooltip says why and how a signature is redone."""
        signed = self._staff_signature_stands()
        self.staff_sign_button.setEnabled(not signed)
        if signed:
            s = self._signoff
            who = "on paper" if s.on_paper else f"by {s.staff_name}"
            why = (f"Already signed {who} on {uk(s.staff_signed_on)}. To record it again, "
                   + ("change the date signed on paper." if s.on_paper else
                      "change the typed name or untick the agreement; they then sign again."))
        else:
            why = "Records the staff member's signature with today's date"
        self.staff_sign_button.setToolTip(why)
        self.staff_sign_button.setAccessibleDescription(why)

    def load(self, c: Conversation) -> None:
        s = self._signoff = c.signoff
        self.summary.set_text(c.summary)
        self.staff_comments.set_text(s.staff_comments)
        for w, v in ((self.on_paper, s.on_paper), (self.agreed, s.staff_agreed)):
            w.blockSignals(True)
            w.setChecked(v)
            w.blockSignals(False)
        self.staff_name.setText(s.staff_name)
        self.paper_date.set_date(s.staff_signed_on if s.on_paper else None)
        self.manager_name.setText(s.manager_name)
        self.pay_box.setVisible(c.kind is Kind.EADR)   # the pay step is confirmed in the annual EADR
        self.pay_step.blockSignals(True)
        set_combo(self.pay_step, c.pay.outcome.value)
        self.pay_step.blockSignals(False)
        self.pay_reason.setText(c.pay.reason)
        self._show_pay()
        self._show_state(c)
        self._show_mode()
        self._show_staff_sign()
        self.show_checklist(c)

    def read(self, c: Conversation) -> Conversation:
        s = self._signoff
        paper = self.on_paper.isChecked()
        signoff = SignOff(staff_name=self.staff_name.text().strip(), staff_agreed=self.agreed.isChecked(),
                          staff_comments=self.staff_comments.text(), on_paper=paper,
                          staff_signed_on=(read_date(self.paper_date, self.paper_error) if paper
                                           else s.staff_signed_on if s.staff_name == self.staff_name.text().strip()
                                           and self.agreed.isChecked() else None),
                          manager_name=self.manager_name.text().strip(),
                          manager_signed_on=s.manager_signed_on if s.manager_name == self.manager_name.text().strip()
                          else None)
        step = PayStep(self.pay_step.currentData() or "")
        pay = PayProgression(step, self.pay_reason.text().strip() if step is PayStep.NOT_YET else "")
        return c.with_changes(summary=self.summary.text(), signoff=signoff, pay=pay)

    def _staff_sign(self) -> None:
        self.sign_error.clear_error()
        if self.on_paper.isChecked():
            if not self.paper_date.text().strip():
                self.sign_error.show_error("Enter the date they signed the printed copy.")
                self.paper_date.setFocus()
                return
        elif not self.staff_name.text().strip() or not self.agreed.isChecked():
            self.sign_error.show_error("The staff member types their name and ticks that they agree.")
            (self.staff_name if not self.staff_name.text().strip() else self.agreed).setFocus()
            return
        self._signoff = SignOff(**{**self._signoff.__dict__, "staff_name": self.staff_name.text().strip(),
                                   "staff_agreed": self.agreed.isChecked(), "staff_signed_on": clock.today()})
        self.sign_requested.emit()
        if not self._read_only:
            self.manager_name.setFocus()  # the manager signs next

    def _manager_sign(self) -> None:
        self.sign_error.clear_error()
        self.pay_reason_error.clear_error()
        if not self.manager_name.text().strip():
            self.sign_error.show_error("Type the manager's name to sign.")
            self.manager_name.setFocus()
            return
        problem = PayProgression(PayStep(self.pay_step.currentData() or ""), self.pay_reason.text()).problem() \
            if self.pay_box.isVisibleTo(self) else None
        if problem:
            self.pay_reason_error.show_error(problem)
            self.sign_error.show_error(problem)
            self.pay_reason.setFocus()
            return
        if not self._confirm_manager_signature():
            return
        self._signoff = SignOff(**{**self._signoff.__dict__, "manager_name": self.manager_name.text().strip(),
                                   "manager_signed_on": clock.today()})
        self.sign_requested.emit()

    def _confirm_manager_signature(self) -> bool:
        """Signing is the step that locks the record, so it asks first; No is the default."""
        staff_signed = self._signoff.staff_signed
        box = QMessageBox(QMessageBox.Icon.Question, "Sign as manager",
                          "Sign this record as the manager?", parent=self)
        box.setInformativeText(
            "Once you have both signed, the record becomes read-only. Changing it later means reopening it "
            "with a reason, which is kept in the audit log." if staff_signed else
            "The staff member has not signed yet. When they do, the record becomes read-only.")
        sign = box.addButton("&Sign and lock" if staff_signed else "&Sign", QMessageBox.ButtonRole.YesRole)
        no = box.addButton("&Not yet", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.exec()
        confirmed = box.clickedButton() is sign
        box.deleteLater()
        return confirmed


SECTION_WIDGETS: dict[Section, type[SectionWidget]] = {
    Section.WELLBEING: WellbeingSection, Section.VALUES: ValuesSection, Section.PERFORMANCE: PerformanceSection,
    Section.TALENT: TalentSection, Section.DEVELOPMENT: DevelopmentSection, Section.SIGNOFF: SignOffSection,
}
