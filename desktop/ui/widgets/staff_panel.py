"""View and edit one staff member, or add a new one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton,
    QScrollArea, QVBoxLayout,
    QWidget,
)

from desktop.domain.conversation import Kind, Status
from desktop.domain.dates import DateFormatError, uk
from desktop.domain.team import StaffFacts
from desktop.store.workspace import HistoryLine
from desktop.domain.staff import BANDS, FIELD_LABELS, Role, Staff, StaffStatus, StaffValidationError
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import FieldError, add_field, compact

_TEXT_FIELDS = ("first_name", "last_name", "preferred_name", "assignment_number", "job_title",
                "hcpc_number", "email")


class StaffPanel(QScrollArea):
    """Emits `save_requested(staff, is_new)`; the page does the saving and reports back."""

    save_requested = Signal(object, bool)
    conversation_requested = Signal(object, object)   # (staff, Kind)
    record_requested = Signal(object, str)            # (staff, conversation id)
    blank_form_requested = Signal(object)             # staff
    subject_access_requested = Signal(object)         # staff
    subject_access_print_requested = Signal(object)   # staff
    learning_requested = Signal(object)               # staff: their CPD, training and HCPC profile
    conversation_offered = Signal(object)             # staff: no conversation open, ask which to start
    discard_requested = Signal(object)                # staff: discard their planned, empty conversation
    leadership_requested = Signal(object)             # staff: leadership self-assessment and 360 feedback
    preparation_requested = Signal(object)            # staff: their own preparation for the EADR
    checkin_requested = Signal(object)                # staff: log a one-to-one, supervision or wellbeing check-in
    plan_requested = Signal(object)                   # staff: their health and wellbeing plan
    leaver_requested = Signal(object)
    reinstate_requested = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._staff: Staff | None = None
        self._is_new = False

        body = QWidget()
        body.setObjectName("staffPanel")
        outer = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setObjectName("panelSubheading")
        self.subheading.setWordWrap(True)
        outer.addWidget(self.heading)
        outer.addWidget(self.subheading)

        self.conversation_note = QLabel()
        self.conversation_note.setObjectName("hint")
        self.conversation_note.setWordWrap(True)
        outer.addWidget(self.conversation_note)
        talk = QHBoxLayout()
        self.eadr_button = QPushButton("Start a conversation…")
        self.eadr_button.setToolTip("Resume this person's open conversation, or choose one to start "
                                    "(Enter in the team table)")
        self.other_button = QPushButton("Other conversation")
        menu = QMenu(self.other_button)
        for kind in (Kind.INTERIM, Kind.WELLBEING):
            action = menu.addAction(f"Start {kind.label.lower()}")
            action.triggered.connect(lambda _=False, k=kind: self._request(k))
        menu.addSeparator()
        blank = menu.addAction("Print a blank EADR form for a paper conversation")
        blank.triggered.connect(lambda: self._staff and self.blank_form_requested.emit(self._staff))
        sar = menu.addAction("Export everything held about them (subject access)…")
        sar.triggered.connect(lambda: self._staff and self.subject_access_requested.emit(self._staff))
        sar_print = menu.addAction("Print everything held about them (subject access)…")
        sar_print.triggered.connect(lambda: self._staff and self.subject_access_print_requested.emit(self._staff))
        self.other_button.setMenu(menu)
        self.learning_button = QPushButton("CPD && training")
        self.learning_button.setToolTip("Their CPD log, mandatory training and HCPC profile")
        self.learning_button.clicked.connect(lambda: self._staff and self.learning_requested.emit(self._staff))
        talk.addWidget(self.eadr_button)
        talk.addWidget(self.other_button)
        talk.addStretch(1)
        outer.addLayout(talk)
        self.discard_button = QPushButton("&Discard this conversation…")
        self.discard_button.setToolTip("A planned conversation with nothing recorded in it can be thrown away")
        self.discard_button.clicked.connect(lambda: self._staff and self.discard_requested.emit(self._staff))
        self.prepare_button = QPushButton("Their EADR &preparation…")
        self.prepare_button.setToolTip("The staff member prepares in their own words: on this PC (the workspace "
                                       "locks behind them), or on a printed form with a one-time code")
        self.prepare_button.clicked.connect(lambda: self._staff and self.preparation_requested.emit(self._staff))
        discard_row = QHBoxLayout()
        discard_row.addWidget(self.prepare_button)
        discard_row.addWidget(self.discard_button)
        discard_row.addStretch(1)
        outer.addLayout(discard_row)
        self.leadership_button = QPushButton("Leadership && 360…")
        self.leadership_button.setToolTip("Leadership self-assessment (Healthcare Leadership Model) and 360 feedback")
        self.leadership_button.clicked.connect(lambda: self._staff and self.leadership_requested.emit(self._staff))
        learn = QHBoxLayout()
        learn.addWidget(self.learning_button)
        learn.addWidget(self.leadership_button)
        learn.addStretch(1)
        outer.addLayout(learn)
        # Between EADRs: a check-in logged in a minute, and the wellbeing plan reviewed at the next one.
        self.checkin_button = QPushButton("Log a check-in…")
        self.checkin_button.setToolTip("A one-to-one, supervision or wellbeing check-in: date, a few lines, actions")
        self.checkin_button.clicked.connect(lambda: self._staff and self.checkin_requested.emit(self._staff))
        self.plan_button = QPushButton("Wellbeing plan…")
        self.plan_button.setToolTip("Their personal plan from the health and wellbeing conversation (never sent to HR)")
        self.plan_button.clicked.connect(lambda: self._staff and self.plan_requested.emit(self._staff))
        checkins = QHBoxLayout()
        checkins.addWidget(self.checkin_button)
        checkins.addWidget(self.plan_button)
        checkins.addStretch(1)
        outer.addLayout(checkins)
        self.history_label = QLabel("&Conversations")
        self.history_label.setObjectName("subHeading")
        self.history = QListWidget()
        self.history.setAccessibleName("Earlier conversations")
        self.history.setToolTip("Enter or double-click opens the record (read-only once signed off)")
        self.history.setMaximumHeight(110)
        self.history_label.setBuddy(self.history)
        outer.addWidget(self.history_label)
        outer.addWidget(self.history)
        self.history.itemActivated.connect(
            lambda item: self._staff and self.record_requested.emit(self._staff, item.data(Qt.ItemDataRole.UserRole)))
        self.eadr_button.clicked.connect(self._eadr_clicked)
        self._open_kind: Kind | None = None
        self._planned = False

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)   # narrow panel: label above its field
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}
        specs = [
            ("first_name", "&First name", "As on the staff member's ESR record", 100),
            ("last_name", "&Last name", "", 100),
            ("preferred_name", "&Preferred name", "What colleagues call them, if different", 100),
            ("assignment_number", "&Assignment number", "The ESR assignment number, such as 12345678", 20),
        ]
        for key, label, tip, length in specs:
            edit = QLineEdit()
            edit.setMaxLength(length)
            self.inputs[key] = edit
            self.errors[key] = add_field(form, label, edit, tip)
        edit = QLineEdit()
        edit.setMaxLength(200)
        self.inputs["job_title"] = edit
        self.errors["job_title"] = add_field(form, "&Job title", edit)
        self.role = compact(QComboBox())
        for role in Role:
            self.role.addItem(role.label, role.value)  # Qt hands str-enums back as str
        self.errors["role"] = add_field(form, "&Role", self.role, "The broad role, used to filter the team")
        self.band = compact(QComboBox())
        self.band.addItem("Not set", None)
        for band in BANDS:
            self.band.addItem(band, band)
        self.errors["band"] = add_field(form, "&Band", self.band, "Agenda for Change band")
        for key, label, tip in (("hcpc_number", "&HCPC registration", "For paramedics: PA followed by digits"),
                                ("email", "&Email", "Work email address")):
            edit = QLineEdit()
            edit.setMaxLength(200)
            self.inputs[key] = edit
            self.errors[key] = add_field(form, label, edit, tip)
        self.start_date = DateField()
        self.errors["start_date"] = add_field(form, "&Start date", self.start_date, "dd/mm/yyyy")
        self.prior_appraisal = DateField()
        self.errors["prior_appraisal"] = add_field(
            form, "Last appraisal before &this app", self.prior_appraisal,
            "dd/mm/yyyy. Their last appraisal from ESR or paper; the next EADR is due a year after the later of "
            "this and the last EADR signed here")
        self.next_appraisal = DateField()
        self.errors["next_appraisal"] = add_field(
            form, "Ne&xt appraisal (ESR)", self.next_appraisal,
            "dd/mm/yyyy, if ESR gives one. Used as the due date until an EADR is signed in this app")
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Status")
        form.addRow("Status", self.status_label)
        outer.addLayout(form)

        self.form_error = FieldError()
        outer.addWidget(self.form_error)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save changes")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.revert_button = QPushButton("Undo edits")
        self.leaver_button = QPushButton("Mark as leaver…")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        leaver_row = QHBoxLayout()
        leaver_row.addWidget(self.leaver_button)
        leaver_row.addStretch(1)
        outer.addLayout(leaver_row)
        outer.addStretch(1)
        self.setWidget(body)
        body.installEventFilter(self)   # its contents change with the person shown: so does the room it needs
        self._fit_width()

        self.save_button.clicked.connect(self._save)
        self.revert_button.clicked.connect(self._revert)
        self.leaver_button.clicked.connect(self._leaver_clicked)
        for edit in self.inputs.values():
            edit.returnPressed.connect(self._save)
        for field in (self.start_date, self.prior_appraisal, self.next_appraisal):
            field.returnPressed.connect(self._save)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self._save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.show_empty()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_width()
        return super().eventFilter(watched, event)

    def _fit_width(self) -> None:
        """Never narrower than its contents: a splitter or a small screen squeezes the team table (which
        scrolls sideways) rather than cutting off the panel's fields and buttons on the right."""
        body = self.widget()
        needed = body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        self.setMinimumWidth(max(320, needed))

    # --- what is shown -------------------------------------------------------
    @property
    def staff(self) -> Staff | None:
        return self._staff

    @property
    def is_new(self) -> bool:
        return self._is_new

    def _eadr_clicked(self) -> None:
        """Resume what is open; with nothing open, the page asks which conversation to start."""
        if self._staff is None:
            return
        if self._open_kind is not None:
            self._request(self._open_kind)
        else:
            self.conversation_offered.emit(self._staff)

    def _request(self, kind: Kind) -> None:
        if self._staff is not None:
            self.conversation_requested.emit(self._staff, kind)

    def set_history(self, lines: list[HistoryLine]) -> None:
        # Taken out one by one, not clear(): deleting items inside the list made Qt's accessibility layer update
        # from interfaces that were already stale, a rare crash here in the control sweep (as qBittorrent#24042).
        while self.history.count():
            self.history.takeItem(0)
        for line in lines:
            item = QListWidgetItem(line.text())
            item.setData(Qt.ItemDataRole.UserRole, line.id)
            self.history.addItem(item)
        if not lines:
            self.history.addItem(QListWidgetItem("No conversations recorded yet"))

    def set_open_conversation(self, facts: StaffFacts | None) -> None:
        """Offer to resume an unfinished conversation rather than start another."""
        open_ = facts.open_conversation if facts else None
        self._open_kind = open_[0] if open_ else None
        self._planned = bool(open_) and open_[1] is Status.PLANNED   # type: ignore[index]
        self.eadr_button.setText(f"Resume {open_[0].label}" if open_ else "Start a conversation…")
        self.discard_button.setText(f"&Discard planned {open_[0].noun}…" if open_ else "&Discard this conversation…")
        self.discard_button.setVisible(self._planned and not self.eadr_button.isHidden())
        lines = []
        if facts is not None:
            lines.append(facts.due.text() if facts.due.on is None or facts.due.first
                         else f"Next EADR: {facts.due.text()}")
            if facts.last_eadr:
                lines.append(f"last signed {uk(facts.last_eadr)}")
            if open_:
                lines.append(f"{open_[0].label} {open_[1].label.lower()}")
        self.conversation_note.setText(" · ".join(lines))

    def show_empty(self) -> None:
        self._staff, self._is_new, self._planned = None, False, False
        self.heading.setText("No one selected")
        self.subheading.setText("Choose a person in the table to see their details, or add a person.")
        self._fill(Staff(assignment_number="", first_name="", last_name=""))
        self._set_editable(False)

    def show_staff(self, staff: Staff) -> None:
        if self._staff is None or self._staff.id != staff.id:
            self._planned = False   # until set_open_conversation says otherwise
        self._staff, self._is_new = staff, False
        self.heading.setText(staff.display_name)
        self.subheading.setText(f"{staff.job_title or 'No job title'} · assignment {staff.assignment_number}")
        self._fill(staff)
        self._set_editable(True)
        self.save_button.setText("Save changes")
        self.revert_button.setText("Undo edits")
        is_leaver = staff.status is StaffStatus.LEAVER
        self.leaver_button.setText("Reinstate" if is_leaver else "Mark as leaver…")
        self.leaver_button.setVisible(True)

    def start_new(self) -> None:
        self._staff, self._is_new = None, True
        self.heading.setText("Add a person")
        self.subheading.setText("Only the assignment number and name are needed now; the rest can follow.")
        self._fill(Staff(assignment_number="", first_name="", last_name=""))
        self._set_editable(True)
        self.save_button.setText("Add person")
        self.revert_button.setText("Cancel")
        self.leaver_button.setVisible(False)
        self.inputs["first_name"].setFocus()

    def _fill(self, staff: Staff) -> None:
        for key in _TEXT_FIELDS:
            self.inputs[key].setText(getattr(staff, key))
        self.role.setCurrentIndex(max(0, self.role.findData(staff.role.value)))
        self.band.setCurrentIndex(max(0, self.band.findData(staff.band)))
        self.start_date.set_date(staff.start_date)
        self.prior_appraisal.set_date(staff.prior_appraisal)
        self.next_appraisal.set_date(staff.next_appraisal)
        if staff.status is StaffStatus.LEAVER:
            self.status_label.setText(f"Leaver from {uk(staff.leaving_date)}")
        else:
            self.status_label.setText("Active" if staff.assignment_number or self._is_new else "—")
        self.clear_errors()

    def _set_editable(self, editable: bool) -> None:
        talk = editable and not self._is_new and self._staff is not None and self._staff.is_active
        self.eadr_button.setVisible(talk)
        self.prepare_button.setVisible(talk)
        self.discard_button.setVisible(talk and self._planned)
        self.other_button.setVisible(talk)
        self.checkin_button.setVisible(talk)
        self.plan_button.setVisible(talk)
        self.conversation_note.setVisible(talk)
        shown = editable and not self._is_new and self._staff is not None
        self.history.setVisible(shown)
        self.history_label.setVisible(shown)
        self.learning_button.setVisible(shown)     # with no one chosen they had no one to open
        self.leadership_button.setVisible(shown)
        for widget in (*self.inputs.values(), self.role, self.band, self.start_date, self.prior_appraisal,
                       self.next_appraisal, self.save_button, self.revert_button, self.leaver_button):
            widget.setEnabled(editable)

    # --- reading the form -----------------------------------------------------
    def form_staff(self) -> Staff:
        """The person as the form describes them; raises StaffValidationError."""
        base = self._staff or Staff(assignment_number="", first_name="", last_name="")
        dates, problems = {}, {}
        for key, widget in (("start_date", self.start_date), ("prior_appraisal", self.prior_appraisal),
                            ("next_appraisal", self.next_appraisal)):
            try:
                dates[key] = widget.date()
            except DateFormatError as exc:
                problems[key] = str(exc)
        if problems:
            raise StaffValidationError(problems)
        values = {key: self.inputs[key].text() for key in _TEXT_FIELDS}
        return base.with_changes(**values, role=Role(self.role.currentData()), band=self.band.currentData(),
                                 **dates).validated()

    def is_dirty(self) -> bool:
        if self._is_new:
            return any(self.inputs[k].text().strip() for k in _TEXT_FIELDS)
        if self._staff is None:
            return False
        try:
            return self.form_staff() != self._staff.validated()
        except StaffValidationError:
            return True

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear_error()
        self.form_error.clear_error()

    def show_errors(self, problems: dict[str, str]) -> None:
        self.clear_errors()
        for key, text in problems.items():
            target = self.errors.get(key, self.form_error)
            target.show_error(f"{FIELD_LABELS[key]} {text}" if key in FIELD_LABELS else text)
        widgets = {**self.inputs, "role": self.role, "band": self.band, "start_date": self.start_date,
                   "prior_appraisal": self.prior_appraisal, "next_appraisal": self.next_appraisal}
        in_form_order = [key for key in self.errors if key in problems and key in widgets]
        if in_form_order:
            widgets[in_form_order[0]].setFocus()

    # --- actions -------------------------------------------------------------------
    def _save(self) -> None:
        if not (self._is_new or self._staff):
            return
        try:
            staff = self.form_staff()
        except StaffValidationError as exc:
            self.show_errors(exc.problems)
            return
        self.clear_errors()
        self.save_requested.emit(staff, self._is_new)

    def _revert(self) -> None:
        if self._is_new:
            self.cancelled.emit()
        elif self._staff is not None:
            self.show_staff(self._staff)

    def _leaver_clicked(self) -> None:
        if self._staff is None:
            return
        if self._staff.status is StaffStatus.LEAVER:
            self.reinstate_requested.emit(self._staff)
        else:
            self.leaver_requested.emit(self._staff)
