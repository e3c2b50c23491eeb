"""A leader's page: the Healthcare Leadership Model self-assessment and their 360 feedback rounds.

Opened from the person's details and from the EADR's performance and development sections. The manager sees
invitations and responses per group while a round is open (never who), and the report once it closes.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox,
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton, QRadioButton,
    QScrollArea, QSpinBox, QTabWidget, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from desktop.documents.feedback360 import FeedbackReportPdf, InvitationSlips, Slip, round_summary
from desktop.domain import clock
from desktop.domain.dates import DateFormatError, uk
from desktop.domain.leadership import (
    DIMENSIONS, NO_STRENGTHS, CommentKind, DimensionAssessment, Level, RaterGroup, Report, SelfAssessment, describe_mean,
    is_leader_title, statements,
)
from desktop.domain.staff import Staff
from desktop.security.feedback360 import (
    WAITING_FOR_HR, Feedback360, FeedbackError, Invitation, format_code, round_state,
)
from desktop.store.workspace import RoundRow, Workspace
from desktop.ui.dialogs.print_preview import PrintPreview
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import FieldError

_DEFAULT_INVITES = {RaterGroup.SELF: 1, RaterGroup.LINE_MANAGER: 1, RaterGroup.PEER: 4,
                    RaterGroup.DIRECT_REPORT: 4, RaterGroup.OTHER: 0}


def _plan_words(ws: Workspace, staff: Staff) -> str:
    """Where development items go: the conversation in progress, or a new EADR started for them."""
    open_one = ws.conversations().open_for(staff.id or "")
    return f"their {open_one.kind.noun} in progress" if open_one else "a new EADR (started for them, planned)"


class SelfAssessmentTab(QWidget):
    saved = Signal(str)

    def __init__(self, ws: Workspace, staff: Staff, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.staff = ws, staff
        self.repo = ws.leadership()
        self.current = self.repo.self_assessment(staff.id or "")
        layout = QVBoxLayout(self)
        self.opt_in = QCheckBox("&Leads people (offer the leadership self-assessment and 360 feedback)")
        self.opt_in.setAccessibleName("Leads people")
        by_title = is_leader_title(staff.job_title)
        self.opt_in.setChecked(by_title or self.repo.opted_in(staff.id or ""))
        self.opt_in.setVisible(not by_title)
        layout.addWidget(self.opt_in)
        intro = QLabel("For each of the nine dimensions of the NHS Healthcare Leadership Model, choose the level "
                       "that describes how they lead now, and note why. Tick a dimension to develop and it becomes "
                       "an item in their development plan (leadership and management).")
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        layout.addWidget(intro)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        form = QVBoxLayout(body)
        self.levels: dict[str, QButtonGroup] = {}
        self.reflections: dict[str, QPlainTextEdit] = {}
        self.develop: dict[str, QCheckBox] = {}
        for n, dim in enumerate(DIMENSIONS, 1):
            box = QGroupBox(f"{n}. {dim.name}")
            box.setAccessibleName(dim.name)
            grid = QGridLayout(box)
            about = QLabel(dim.about)
            about.setWordWrap(True)
            about.setObjectName("hint")
            grid.addWidget(about, 0, 0, 1, 2)
            group = QButtonGroup(box)
            for row, level in enumerate(Level, 1):
                radio = QRadioButton(level.label)
                radio.setAccessibleName(f"{dim.name}: {level.label}")
                radio.setAccessibleDescription(dim.level_text(level))
                text = QLabel(dim.level_text(level))
                text.setWordWrap(True)
                text.setBuddy(radio)
                group.addButton(radio, row - 1)
                grid.addWidget(radio, row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(text, row, 1)
            grid.setColumnStretch(1, 1)
            caption = QLabel(f"Reflection on {dim.name.lower()}")
            reflection = QPlainTextEdit()
            reflection.setTabChangesFocus(True)
            reflection.setFixedHeight(56)
            reflection.setAccessibleName(f"Reflection on {dim.name.lower()}")
            caption.setBuddy(reflection)
            develop = QCheckBox("Choose to develop this year (adds a development-plan item)")
            develop.setAccessibleName(f"Develop {dim.name.lower()}")
            grid.addWidget(caption, 5, 0, 1, 2)
            grid.addWidget(reflection, 6, 0, 1, 2)
            grid.addWidget(develop, 7, 0, 1, 2)
            self.levels[dim.key], self.reflections[dim.key], self.develop[dim.key] = group, reflection, develop
            form.addWidget(box)
        scroll.setWidget(body)
        self.body = body
        layout.addWidget(scroll, 1)
        bar = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Self-assessment status")
        self.save_button = QPushButton("&Save self-assessment")
        self.save_button.setToolTip("Saves, and adds dimensions chosen to develop to the development plan (Ctrl+S)")
        bar.addWidget(self.status, 1)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.opt_in.toggled.connect(self._opt_in_changed)
        self._load()
        self._enable()

    def _load(self) -> None:
        if self.current is None:
            self.status.setText("Not assessed yet.")
            return
        for dim in DIMENSIONS:
            d = self.current.for_key(dim.key)
            if d.level is not None:
                self.levels[dim.key].button(list(Level).index(d.level)).setChecked(True)
            self.reflections[dim.key].setPlainText(d.reflection)
            self.develop[dim.key].setChecked(d.develop)
        self.status.setText(f"Last assessed {uk(date.fromisoformat(self.current.assessed_on))}.")

    def _enable(self) -> None:
        on = self.opt_in.isChecked()
        self.body.setEnabled(on)
        self.save_button.setEnabled(on)
        if not on:
            self.status.setText("Tick 'Leads people' to assess their leadership: their job title does not say "
                                "they lead.")

    def _opt_in_changed(self, on: bool) -> None:
        self.repo.set_opted_in(self.staff.id or "", on)
        self._enable()

    def assessment(self) -> SelfAssessment:
        dims = []
        for dim in DIMENSIONS:
            checked = self.levels[dim.key].checkedId()
            dims.append(DimensionAssessment(dim.key, list(Level)[checked] if checked >= 0 else None,
                                            self.reflections[dim.key].toPlainText().strip(),
                                            self.develop[dim.key].isChecked()))
        open_conversation = self.ws.conversations().open_for(self.staff.id or "")
        return SelfAssessment(self.staff.id or "", clock.today().isoformat(), tuple(dims),
                              open_conversation.id if open_conversation else None,
                              self.current.id if self.current else None)

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        assessment = self.assessment()
        self.current = self.repo.save_self_assessment(assessment)
        chosen = [d.key for d in assessment.chosen_for_development]
        added = 0
        where = _plan_words(self.ws, self.staff)
        if chosen:
            _conversation, added = self.ws.add_to_development_plan(self.staff.id or "", chosen, "self-assessment")
        rated = sum(1 for d in assessment.dimensions if d.level is not None)
        message = f"Saved: {rated} of 9 dimensions placed."
        if added:
            message += f" {added} added to the development plan of {where}."
        self.status.setText(message)
        self.saved.emit(message)


class RoundsTab(QWidget):
    saved = Signal(str)

    def __init__(self, ws: Workspace, staff: Staff, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.staff = ws, staff
        self.service = Feedback360(ws.folder, ws.leadership())
        self.last_preview: PrintPreview | None = None
        self.last_report: ReportDialog | None = None
        layout = QVBoxLayout(self)
        explain = QLabel("Colleagues answer on the station PC's lock screen (Use a code…) with a one-time code "
                         "from their slip, or on paper and type it in later. Each answer is sealed so that only HR "
                         "can open it: you see how many have answered in each group, never who or what. When the "
                         "round closes the sealed answers go to HR in the next sync bundle; HR merges them (groups "
                         "of fewer than 3 go into 'others'; the line manager's view is shown as theirs) and the "
                         "report opens here when HR's next reference bundle is imported.")
        explain.setWordWrap(True)
        explain.setObjectName("hint")
        layout.addWidget(explain)

        # The latest closed round: waiting for HR, or its results in.
        self.latest_box = QGroupBox("Latest round")
        latest = QHBoxLayout(self.latest_box)
        self.latest_text = QLabel()
        self.latest_text.setWordWrap(True)
        self.latest_text.setAccessibleName("Latest round")
        self.report_button = QPushButton("Open the &report")
        latest.addWidget(self.latest_text, 1)
        latest.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.latest_box)

        # Opening a round.
        self.open_box = QGroupBox("Open a 360 feedback round")
        form = QFormLayout(self.open_box)
        self.closes = DateField()
        self.closes.set_date(clock.today() + timedelta(days=21))
        caption = QLabel("Close &date")
        caption.setBuddy(self.closes)
        self.closes.setAccessibleName("Close date")
        form.addRow(caption, self.closes)
        self.invites: dict[RaterGroup, QSpinBox] = {}
        for group in RaterGroup:
            spin = QSpinBox()
            spin.setRange(0, 1 if group in (RaterGroup.SELF, RaterGroup.LINE_MANAGER) else 30)
            spin.setValue(_DEFAULT_INVITES[group])
            spin.setAccessibleName(f"Invitations: {group.label.lower()}")
            label = QLabel(f"{group.label} (invitations)")
            label.setBuddy(spin)
            form.addRow(label, spin)
            self.invites[group] = spin
        self.paper = QCheckBox("Include a &paper questionnaire with each slip")
        form.addRow("", self.paper)
        self.open_error = FieldError()
        form.addRow("", self.open_error)
        self.open_button = QPushButton("&Open round and print invitations…")
        form.addRow("", self.open_button)
        self.not_enrolled = QLabel()
        self.not_enrolled.setWordWrap(True)
        self.not_enrolled.setAccessibleName("Why a round cannot be opened")
        self.not_enrolled.setObjectName("warning")
        form.addRow("", self.not_enrolled)
        layout.addWidget(self.open_box)


        # An open round.
        self.current_box = QGroupBox("Round in progress")
        current = QVBoxLayout(self.current_box)
        self.current_text = QLabel()
        self.current_text.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Group", "Invited", "Answered"])
        self.table.setAccessibleName("Responses per group")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(170)
        more = QHBoxLayout()
        self.more_group = QComboBox()
        for group in RaterGroup:
            self.more_group.addItem(group.label, group.value)
        self.more_group.setAccessibleName("Group for more invitations")
        self.more_count = QSpinBox()
        self.more_count.setRange(1, 30)
        self.more_count.setAccessibleName("How many more invitations")
        self.more_button = QPushButton("Print &more invitations…")
        self.close_button = QPushButton("&Close round and send to HR…")
        more.addWidget(self.more_group)
        more.addWidget(self.more_count)
        more.addWidget(self.more_button)
        more.addStretch(1)
        more.addWidget(self.close_button)
        current.addWidget(self.current_text)
        current.addWidget(self.table)
        current.addLayout(more)
        self.current_error = FieldError()
        current.addWidget(self.current_error)
        layout.addWidget(self.current_box)

        # Earlier rounds.
        caption = QLabel("&Earlier rounds (Enter opens a report that HR has returned)")
        caption.setObjectName("subHeading")
        self.history = QListWidget()
        self.history.setAccessibleName("Earlier rounds")
        self.history.setWordWrap(True)      # the round's state is at the end of a long line: never cut off
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.history.setMaximumHeight(110)
        caption.setBuddy(self.history)
        layout.addWidget(caption)
        layout.addWidget(self.history)
        self.history_note = QLabel()
        self.history_note.setWordWrap(True)
        self.history_note.setAccessibleName("About the chosen round")
        layout.addWidget(self.history_note)
        layout.addStretch(1)

        self.open_button.clicked.connect(self.open_round)
        self.more_button.clicked.connect(self.print_more)
        self.close_button.clicked.connect(self.close_round)
        self.report_button.clicked.connect(lambda: self.show_report(self._latest_id))
        self._latest_id: str | None = None
        self.history.itemActivated.connect(lambda item: self.show_report(item.data(Qt.ItemDataRole.UserRole)))
        self.refresh()

    def _open_row(self) -> RoundRow | None:
        return self.ws.leadership().open_round_for(self.staff.id or "")

    def refresh(self) -> None:
        row = self._open_row()
        self.open_box.setVisible(row is None)
        self.current_box.setVisible(row is not None)
        why_not = self.service.can_open()
        self.not_enrolled.setText(why_not or "")
        self.not_enrolled.setVisible(why_not is not None)
        self.open_button.setEnabled(why_not is None)
        if row is not None:
            progress = self.service.progress(row.id)
            days = (row.closes_on - clock.today()).days
            when = f"closes {uk(row.closes_on)}" + (f" (in {days} day{'s' if days != 1 else ''})" if days >= 0
                                                     else " (past its close date: close it to see the report)")
            self.current_text.setText(f"Opened {uk(row.opened_on)}, {when}. {progress.total} of "
                                      f"{sum(progress.invited.values())} invited have answered. Each answer is "
                                      "sealed for HR; the results come back from HR after the round closes.")
            self.table.setRowCount(0)
            for group in RaterGroup:
                if group.value not in progress.invited:
                    continue
                r = self.table.rowCount()
                self.table.insertRow(r)
                for c, text in enumerate((group.label, str(progress.invited[group.value]),
                                          str(progress.responded.get(group.value, 0)))):
                    self.table.setItem(r, c, QTableWidgetItem(text))
        self.history.clear()
        closed = [past for past in self.ws.leadership().rounds_for(self.staff.id or "") if not past.is_open]
        for past in closed:
            item = QListWidgetItem(round_summary(past.opened_on, past.closed_on, past.responses or {})
                                   + f" {round_state(past)[:1].upper()}{round_state(past)[1:]}.")
            item.setData(Qt.ItemDataRole.UserRole, past.id)
            self.history.addItem(item)
        if not self.history.count():
            self.history.addItem("No closed rounds yet.")
        latest = closed[0] if closed else None
        self._latest_id = latest.id if latest is not None and latest.results is not None else None
        self.latest_box.setVisible(latest is not None and latest.withdrawn_on is None)
        self.report_button.setVisible(self._latest_id is not None)
        if latest is not None and latest.awaiting_results:
            self.latest_box.setTitle("Latest round: waiting for HR's results")
            self.latest_text.setText(
                f"Closed {uk(latest.closed_on)} with {sum((latest.responses or {}).values())} responses. "
                + WAITING_FOR_HR)
        elif latest is not None and latest.results is not None:
            self.latest_box.setTitle("Latest round: results in")
            self.latest_text.setText(
                f"Closed {uk(latest.closed_on)} with {sum((latest.responses or {}).values())} responses; "
                f"{round_state(latest)}. Only merged results came back: no one's own answers.")

    def open_round(self) -> None:
        try:
            closes = self.closes.date()
        except DateFormatError as exc:
            self.open_error.show_error(f"Close date: {exc}")
            return
        if closes is None:
            self.open_error.show_error("Close date: type the date the round closes (dd/mm/yyyy).")
            return
        invited = {g: spin.value() for g, spin in self.invites.items()}
        try:
            round_id, invitations = self.service.open_round(
                self.staff.id or "", self.staff.display_name, self.staff.job_title or self.staff.role.label,
                self.ws.profile().values, closes, invited)
        except FeedbackError as exc:
            self.open_error.show_error(str(exc))
            return
        self.open_error.clear_error()
        self.refresh()
        self.saved.emit("360 round opened")
        self._print(invitations, closes)

    def print_more(self) -> None:
        row = self._open_row()
        if row is None:
            return
        try:
            invitations = self.service.add_invitations(row.id, RaterGroup(self.more_group.currentData()),
                                                       self.more_count.value())
        except FeedbackError as exc:
            self.current_error.show_error(str(exc))
            return
        self.refresh()
        self._print(invitations, row.closes_on)

    def _print(self, invitations: list[Invitation], closes: date) -> None:
        """The slips are the only copy of the codes: preview them to print or save now."""
        profile = self.ws.profile()
        document = InvitationSlips(self.ws.info.station_name, profile.short_name, self.staff.display_name,
                                   self.staff.job_title or self.staff.role.label, closes,
                                   [Slip(i.group, format_code(i.code)) for i in invitations],
                                   statements(profile.values), self.paper.isChecked())

        def note(how: str) -> None:
            self.ws.record_audit("print", "staff", self.staff.id, f"{how}: {len(invitations)} 360 invitation slips")

        preview = PrintPreview(f"Print — 360 invitations for {self.staff.display_name} (the only copy of the "
                               "codes)", f"360 invitations {self.staff.display_name} {clock.today().isoformat()}.pdf",
                               lambda _private: document.to_bytes(), self, audit=note)
        self.last_preview = preview
        preview.exec()

    def close_round(self) -> None:
        row = self._open_row()
        if row is None:
            return
        progress = self.service.progress(row.id)
        answer = QMessageBox.question(
            self, "Close the 360 round?",
            f"{progress.total} of {sum(progress.invited.values())} invited have answered. Closing stops the codes "
            "and sends the sealed answers to HR in the next sync bundle; HR merges them and returns the results, "
            "and the report opens here then. It cannot be undone.\n\nClose the round now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.service.close_round(row.id)
        except FeedbackError as exc:
            self.current_error.show_error(str(exc))
            return
        self.refresh()
        self.saved.emit("360 round closed: waiting for HR's results")

    def show_report(self, round_id: str | None) -> None:
        if not round_id:
            return
        row = self.ws.leadership().round(round_id)
        if row is None or row.results is None:
            self.history_note.setText(f"That round is {round_state(row)}." if row is not None else "")
            return
        self.history_note.setText("")
        report = self.service.report(round_id, self.ws.profile().values)
        dialog = ReportDialog(self.ws, self.staff, row, report, self)
        self.last_report = dialog
        dialog.exec()


class ReportDialog(QDialog):
    """The feedback report for the facilitated conversation, with the areas to take into the plan."""

    def __init__(self, ws: Workspace, staff: Staff, row: RoundRow, report: Report, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.staff, self.row, self.report = ws, staff, row, report
        self.setWindowTitle(f"360 feedback report — {staff.display_name}")
        screen = self.screen().availableGeometry()
        self.resize(min(980, screen.width() - 40), min(720, screen.height() - 40))
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setAccessibleName("360 feedback report")
        self.text.setHtml(report_html(staff.display_name, row, report))
        layout.addWidget(self.text, 3)
        caption = QLabel("&Areas to take into the development plan (the lowest rated are ticked)")
        caption.setObjectName("subHeading")
        self.areas = QListWidget()
        self.areas.setAccessibleName("Areas to take into the development plan")
        caption.setBuddy(self.areas)
        lows = {line.key for line in report.to_develop}
        by_key = {line.key: line for line in report.lines}
        for dim in DIMENSIONS:
            line = by_key.get(f"dim:{dim.key}")
            item = QListWidgetItem(f"{dim.name} — others: {describe_mean(line.others_mean if line else None)}")
            item.setData(Qt.ItemDataRole.UserRole, dim.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if f"dim:{dim.key}" in lows else Qt.CheckState.Unchecked)
            self.areas.addItem(item)
        self.areas.setMaximumHeight(150)
        layout.addWidget(caption)
        layout.addWidget(self.areas, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Report status")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.plan_button = buttons.addButton("Add ticked to the &development plan",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = buttons.addButton("&Print or save as PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.plan_button.clicked.connect(self.add_to_plan)
        self.print_button.clicked.connect(self.print_report)
        layout.addWidget(buttons)
        self.preview: PrintPreview | None = None

    def ticked(self) -> list[str]:
        return [self.areas.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.areas.count())
                if self.areas.item(i).checkState() == Qt.CheckState.Checked]

    def add_to_plan(self) -> None:
        keys = self.ticked()
        if not keys:
            self.status.setText("Tick at least one area first.")
            return
        where = _plan_words(self.ws, self.staff)
        _c, added = self.ws.add_to_development_plan(self.staff.id or "", keys, "360 feedback")
        self.status.setText(f"{added} added to the development plan of {where}"
                            + (" (the others were already there)." if added < len(keys) else "."))

    def print_report(self) -> None:
        document = self.document()

        def note(how: str) -> None:
            self.ws.record_audit("print", "staff", self.staff.id, f"{how}: 360 feedback report")

        self.preview = PrintPreview(f"Print — 360 feedback report for {self.staff.display_name}",
                                    f"360 feedback report {self.staff.display_name} {clock.today().isoformat()}.pdf",
                                    lambda _p: document.to_bytes(), self, audit=note)
        self.preview.exec()

    def document(self) -> FeedbackReportPdf:
        return FeedbackReportPdf(self.ws.info.station_name, self.ws.profile().short_name, self.staff.display_name,
                                 self.row.opened_on, self.row.closed_on or clock.today(), self.row.responses or {},
                                 self.report)


def report_html(name: str, row: RoundRow, report: Report) -> str:
    """The report as rich text: a table with words beside every number, nothing told by colour alone."""
    from html import escape
    groups = [g for g in report.group_labels if g != "Self"]
    head = "".join(f"<th align=left>{escape(h)}</th>" for h in ("Value or dimension", "You", "Others", *groups))
    rows = []
    for line in report.lines:
        cells = [escape(line.heading), _n(line.self_mean), escape(describe_mean(line.others_mean)),
                 *[_n(line.by_group.get(g)) for g in groups]]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    notes = "".join(f"<p><i>{escape(n)}</i></p>" for n in report.notes)

    def listing(lines, empty: str) -> str:
        if not lines:
            return f"<p>{empty}</p>"
        return "<ul>" + "".join(f"<li>{escape(x.heading)}: others {escape(describe_mean(x.others_mean))}"
                                + (f", you {x.self_mean:.1f}" if x.self_mean is not None else "") + "</li>"
                                for x in lines) + "</ul>"
    comments = ""
    for kind in CommentKind:
        items = report.comments.get(kind.value, ())
        comments += f"<p><b>{kind.label}</b></p>" + ("<ul>" + "".join(f"<li>{escape(c)}</li>" for c in items)
                                                     + "</ul>" if items else "<p>None given.</p>")
    return (f"<h2>360 feedback for {escape(name)}</h2>"
            f"<p>{escape(round_summary(row.opened_on, row.closed_on, row.responses or {}))} "
            "For a facilitated feedback conversation: what others see, beside the person's own view.</p>"
            f"{notes}<p>Scale: 1 never, 2 rarely, 3 sometimes, 4 often, 5 always. 'Others' is everyone shown "
            "except the person themselves.</p>"
            f"<table border=1 cellspacing=0 cellpadding=4><tr>{head}</tr>{''.join(rows)}</table>"
            f"<h3>Strengths (rated highest by others)</h3>{listing(report.strengths, NO_STRENGTHS)}"
            f"<h3>Areas to develop (rated lowest by others)</h3>{listing(report.to_develop, 'None stood out.')}"
            "<h3>Where they rated themselves a point or more above others</h3>"
            f"{listing(report.blind_spots, 'None.')}"
            f"<h3>Comments (unattributed, in a shuffled order)</h3>{comments}")


def _n(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


class LeadershipDialog(QDialog):
    """Self-assessment and 360 rounds for one person, in two tabs."""

    saved = Signal(str)

    def __init__(self, ws: Workspace, staff: Staff, parent: QWidget | None = None, start_tab: int = 0):
        super().__init__(parent)
        self.setWindowTitle(f"Leadership — {staff.display_name}")
        screen = self.screen().availableGeometry()
        self.resize(min(980, screen.width() - 40), min(720, screen.height() - 60))
        layout = QVBoxLayout(self)
        heading = QLabel(f"Leadership: {staff.display_name}, {staff.job_title or staff.role.label}")
        heading.setObjectName("pageHeading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.self_tab = SelfAssessmentTab(ws, staff)
        self.rounds_tab = RoundsTab(ws, staff)
        self.tabs.addTab(self.self_tab, "Self-&assessment (Healthcare Leadership Model)")
        self.tabs.addTab(self.rounds_tab, "&360 feedback")
        self.tabs.setCurrentIndex(start_tab)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.self_tab.saved.connect(self.saved)
        self.rounds_tab.saved.connect(self.saved)
