"""The HCPC profile builder: window, summary and statement with word counts, activities to select,
gaps to explain, and the checks in words. Drafts save as you go."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from desktop.domain.cpd import CpdEntry, hours_text
from desktop.domain.dates import DateFormatError, uk
from desktop.domain.hcpc import (
    MAX_ACTIVITIES, STATEMENT_WORDS, SUMMARY_WORDS, CpdProfile, check, gaps, in_window,
    suggested_profile, word_count,
)
from desktop.domain.staff import Staff
from desktop.store.workspace import Workspace
from desktop.ui.widgets.autosave import AutosaveTimer
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import add_field, sub_heading
from desktop.ui.widgets.no_squash import NoSquash
from desktop.ui.widgets.tab_order import chain, reading_order
from desktop.ui.widgets.text import NoteEdit


class _Body(NoSquash, QWidget):
    pass


class ProfileTab(QScrollArea):
    saved = Signal(str)
    unsaved = Signal()   # an edit not yet saved: the status bar says so too
    print_requested = Signal()
    export_requested = Signal()
    import_requested = Signal()

    def __init__(self, workspace: Workspace, staff: Staff, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.repo = workspace.cpd()
        self.staff = staff
        self.entries: list[CpdEntry] = []
        self.profile: CpdProfile | None = None
        self._loading = False
        self.timer = AutosaveTimer(self, self.save_now)

        body = _Body()
        outer = QVBoxLayout(body)
        intro = QLabel("At renewal the HCPC audits 2.5% of registrants. Build the profile here: it saves as you "
                       "type, and the checks below say what is still needed.")
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        outer.addWidget(intro)
        actions = QHBoxLayout()
        self.print_button = QPushButton("Pre&view and print…")
        self.export_button = QPushButton("E&xport portable CPD file…")
        self.export_button.setToolTip("The whole CPD log and evidence in one zip, to take to another employer")
        self.import_button = QPushButton("&Import portable CPD file…")
        self.import_button.setToolTip("Add entries from a portable CPD file; entries already held are skipped")
        self.state_label = QLabel()
        self.state_label.setAccessibleName("Profile saved state")
        for button in (self.print_button, self.export_button, self.import_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.state_label)
        outer.addLayout(actions)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.window_start = DateField()
        self.window_end = DateField()
        self.window_error = add_field(form, "Profile period fro&m", self.window_start,
                                      "The start of the two-year registration period")
        add_field(form, "Profile period t&o", self.window_end)
        self.summary = NoteEdit("Summary of recent work", "Your role, who you work with and the kind of patients "
                                "you see", lines=5)
        self.summary_count = QLabel()
        add_field(form, "S&ummary of recent work", self.summary)
        form.addRow("", self.summary_count)
        self.statement = NoteEdit("Personal statement", "How your CPD improved your practice and service delivery "
                                  "(standard 3) and benefited service users (standard 4)", lines=8)
        self.statement_count = QLabel()
        add_field(form, "Perso&nal statement", self.statement)
        form.addRow("", self.statement_count)
        outer.addLayout(form)

        self.activities = QListWidget()
        self.activities.setAccessibleName("Activities to include")
        self.activities.setMinimumHeight(220)
        activities_label = sub_heading("&Activities to include (12 to 50)", self.activities)
        outer.addWidget(activities_label)
        outer.addWidget(self.activities)

        self.gaps_label = QLabel("Gaps of three months or more")
        self.gaps_label.setObjectName("subHeading")
        outer.addWidget(self.gaps_label)
        self.gaps_form = QFormLayout()
        self.gaps_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.gaps_form)
        self.gap_fields: dict[str, QLineEdit] = {}

        checks_label = QLabel("Checks")
        checks_label.setObjectName("subHeading")
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.checks.setAccessibleName("Profile checks")
        self.checks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        outer.addWidget(checks_label)
        outer.addWidget(self.checks)
        outer.addStretch(1)
        self.setWidget(body)

        for field in (self.window_start, self.window_end):
            field.editingFinished.connect(self._window_changed)
        self.summary.edited.connect(self._edited)
        self.statement.edited.connect(self._edited)
        self.activities.itemChanged.connect(lambda _: self._edited())
        self.print_button.clicked.connect(self.print_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.reload()

    def reload(self) -> None:
        self.entries = self.repo.entries(self.staff.id or "")
        self.profile = self.repo.profile(self.staff.id or "") or suggested_profile(
            self.staff.id or "", self.entries, date.today())
        self._loading = True
        self.window_start.set_date(self.profile.window_start)
        self.window_end.set_date(self.profile.window_end)
        self.summary.set_text(self.profile.summary)
        self.statement.set_text(self.profile.statement)
        self._fill_lists(self.profile)
        self._loading = False
        self._refresh_checks()
        self.state_label.setText("Draft saved" if self.profile.updated_at else "Not saved yet")

    def _fill_lists(self, profile: CpdProfile) -> None:
        self.activities.blockSignals(True)
        self.activities.clear()
        chosen = set(profile.selected)
        for entry in sorted(in_window(self.entries, profile.window_start, profile.window_end),
                            key=lambda e: e.start_date):
            flags = []
            if entry.waiting_for_reflection:
                flags.append("reflection to add")
            if not entry.has_evidence:
                flags.append("no evidence noted")
            text = (f"{entry.dates_text(uk)} · {entry.activity_type.label} · {entry.title} · "
                    f"{hours_text(entry.hours)} h" + (f"  ({'; '.join(flags)})" if flags else ""))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry.id in chosen else Qt.CheckState.Unchecked)
            self.activities.addItem(item)
        if not self.activities.count():
            self.activities.addItem("No CPD entries in this period yet.")
        self.activities.blockSignals(False)
        while self.gaps_form.rowCount():
            self.gaps_form.removeRow(0)
        self.gap_fields.clear()
        found = gaps(self.entries, profile.window_start, profile.window_end)
        self.gaps_label.setText("Gaps of three months or more: explain each" if found else
                                "Gaps of three months or more: none")
        for gap in found:
            field = QLineEdit(profile.gap_notes.get(gap.key, ""))
            field.setMaxLength(1000)
            field.setPlaceholderText("For example: maternity leave, long-term sickness, career break")
            field.textEdited.connect(lambda _: self._edited())
            add_field(self.gaps_form, gap.text(), field)
            self.gap_fields[gap.key] = field
        chain(reading_order(self))   # gap fields are added after the rest: keep Tab in reading order

    def _window_changed(self) -> None:
        if self._loading or self.profile is None:
            return
        try:
            start, end = self.window_start.date(), self.window_end.date()
        except DateFormatError as exc:
            self.window_error.show_error(str(exc))
            return
        if start is None or end is None or end <= start:
            self.window_error.show_error("Give both dates, the second after the first, for example a two-year "
                                         "registration period.")
            return
        self.window_error.clear_error()
        if (start, end) != (self.profile.window_start, self.profile.window_end):
            self.profile = self.read_form().with_changes(window_start=start, window_end=end)
            self._fill_lists(self.profile)
            self._edited()

    def read_form(self) -> CpdProfile:
        assert self.profile is not None
        selected = tuple(self.activities.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.activities.count())
                         if self.activities.item(i).checkState() == Qt.CheckState.Checked)
        notes = {**self.profile.gap_notes, **{k: f.text().strip() for k, f in self.gap_fields.items()}}
        return self.profile.with_changes(summary=self.summary.text(), statement=self.statement.text(),
                                         selected=selected, gap_notes={k: v for k, v in notes.items() if v})

    def _edited(self) -> None:
        if self._loading:
            return
        self.state_label.setText("Unsaved changes…")
        self.timer.edited()
        self.unsaved.emit()
        self._refresh_checks()

    def save_now(self) -> None:
        self.timer.stop()
        if self.profile is None or self.state_label.text() != "Unsaved changes…":
            return
        self.profile = self.repo.save_profile(self.read_form())
        self.state_label.setText("Draft saved")
        self.saved.emit("CPD profile draft saved")

    def _refresh_checks(self) -> None:
        if self.profile is None:
            return
        profile = self.read_form()
        words = word_count(profile.summary), word_count(profile.statement)
        self.summary_count.setText(f"{words[0]:,} of about {SUMMARY_WORDS:,} words")
        self.statement_count.setText(f"{words[1]:,} of about {STATEMENT_WORDS:,} words")
        lines = [("✓ " if c.ok else "✗ ") + c.text for c in check(profile, self.entries)]
        self.checks.setText("\n".join(lines))
        if len(profile.selected) > MAX_ACTIVITIES:
            self.checks.setText(self.checks.text() + f"\nUntick some: the HCPC reads at most {MAX_ACTIVITIES}.")
