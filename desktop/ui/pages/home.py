"""Home: what needs the manager today, and the team at a glance. Each to-do line opens the right place
(Enter or double-click); each chart has its figures in words beside it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from desktop.domain.cpd import SHORT_LABELS, ActivityType, hours_text
from desktop.domain.dates import uk
from desktop.domain import clock
from desktop.domain.home import HomeSummary, Reminder, ReminderKind
from desktop.domain.training import STATE_ORDER
from desktop.domain.verdict import BATCH, Figure, words as verdict_words
from desktop.ui.widgets.charts import ChartCard
from desktop.ui.widgets.forms import sub_heading

_MORE = "more:"
_NOTHING = "Nothing needs you today: every EADR, review and course is in date."
_WORKING = "Working out what is due…"
SHOWN_PER_GROUP = 60   # a 7,000-person workspace stays readable; the rest are a click away

class HomePage(QWidget):
    """Emits `reminder_opened(reminder)` for a line, `more_requested(kind)` for a group's "and N more" line,
    and `import_requested()` / `add_requested()` from the empty state."""

    reminder_opened = Signal(object)
    more_requested = Signal(object)
    import_requested = Signal()
    add_requested = Signal()

    def __init__(self, manager: str, station: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary: HomeSummary | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.subheading = QLabel(station)
        self.subheading.setObjectName("hint")
        self.sync_line = QLabel()   # the automatic sync's state, when a sync folder is set
        self.sync_line.setObjectName("hint")
        self.sync_line.setWordWrap(True)
        self.sync_line.setAccessibleName("Sync with HR")
        self.sync_line.hide()
        self.manager = manager

        self.reminder_list = QTreeWidget()
        self.reminder_list.setHeaderHidden(True)
        self.reminder_list.setAccessibleName("To do")
        self.reminder_list.setUniformRowHeights(True)
        self.reminder_label = sub_heading("&To do", self.reminder_list)
        self.nothing = QLabel(_NOTHING)
        self.nothing.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.reminder_label)
        left.addWidget(self.reminder_list, 1)
        left.addWidget(self.nothing)

        self.compliance = ChartCard("Appraisal compliance over the last 12 months")
        self.wellbeing = ChartCard("Conversations held each month")
        self.cpd = ChartCard("CPD hours this year by activity type")
        self.training = ChartCard("Training status: course records (one per person per course they need)")
        glance_label = QLabel("Team at a glance")
        glance_label.setObjectName("subHeading")
        self._grid = QGridLayout()
        self._columns = 0
        self._lay_out_charts(2)
        # Staff members' views of their conversations, only as shares across 3 or more (docs/staff-verdict.md).
        self.verdict_card = QFrame()
        self.verdict_card.setObjectName("card")
        verdict_layout = QVBoxLayout(self.verdict_card)
        verdict_layout.setContentsMargins(10, 6, 10, 6)
        verdict_title = QLabel("<b>How staff found their EADRs</b> (their own views; never one person's)")
        verdict_title.setWordWrap(True)
        self.verdict_words = QLabel()
        self.verdict_words.setWordWrap(True)
        self.verdict_words.setAccessibleName("How staff found their EADRs")
        verdict_layout.addWidget(verdict_title)
        verdict_layout.addWidget(self.verdict_words)
        self.verdict_card.hide()
        left.insertWidget(0, self.verdict_card)   # above the to-do lines: in view without scrolling
        right = QVBoxLayout()
        right.addWidget(glance_label)
        right.addLayout(self._grid, 1)

        self.body = QWidget()
        self._body_columns = columns = QHBoxLayout(self.body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)

        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        message = QLabel("No staff in this workspace yet.\n\nStart by importing your station's roster from ESR: "
                         "EADR due dates, CPD and training follow from it. You can also add people one by one.")
        message.setObjectName("emptyState")
        message.setWordWrap(True)
        self.import_button = QPushButton("&Import roster…")
        self.add_button = QPushButton("&Add person")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        empty_layout.addStretch(1)
        empty_layout.addWidget(message)
        empty_layout.addLayout(buttons)
        empty_layout.addStretch(2)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.subheading, 1)
        layout.addLayout(top)
        layout.addWidget(self.sync_line)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.empty, 1)
        self.reminder_list.itemActivated.connect(self._activated)
        self.import_button.clicked.connect(self.import_requested)
        self.add_button.clicked.connect(self.add_requested)

    # Below this width two charts side by side are too narrow to read (month initials elide, titles are
    # cut): the charts stack in one column and the page scrolls instead.
    TWO_COLUMNS_FROM = 1100   # a 1366-wide screen keeps two columns; 1024 (or 150% scaling) stacks them

    def _lay_out_charts(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for card in (self.compliance, self.wellbeing, self.cpd, self.training):
            self._grid.removeWidget(card)
        for i, card in enumerate((self.compliance, self.wellbeing, self.cpd, self.training)):
            self._grid.addWidget(card, i // columns, i % columns)
            card.view.setMaximumHeight(16777215 if columns == 2 else 300)   # stacked: a chart, not a wall
        if hasattr(self, "_body_columns"):   # one column of charts leaves the to-do lines half the width
            self._body_columns.setStretch(0, 5 if columns == 2 else 1)
            self._body_columns.setStretch(1, 6 if columns == 2 else 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._lay_out_charts(2 if event.size().width() >= self.TWO_COLUMNS_FROM else 1)
        super().resizeEvent(event)

    def working(self) -> None:
        """The figures are being worked out in the background: the previous ones stay until the new arrive;
        the first time, a line says so."""
        if self.summary is not None:
            return
        self.body.setVisible(True)
        self.empty.setVisible(False)
        self.reminder_list.setVisible(False)
        self.nothing.setText(_WORKING)
        self.nothing.setVisible(True)

    def not_worked_out(self) -> None:
        if self.summary is None:
            self.nothing.setText("What is due could not be worked out. Show Home again to retry.")

    def show_sync(self, status: str) -> None:
        """One line saying how the automatic sync with HR stands (nothing when no sync folder is set)."""
        self.sync_line.setText(f"Sync with HR: {status}" if status else "")
        self.sync_line.setVisible(bool(status))

    def show_summary(self, summary: HomeSummary, today: date | None = None) -> None:
        today = today or clock.today()
        previous, self.summary = self.summary, summary
        part = "morning" if _hour() < 12 else "afternoon" if _hour() < 18 else "evening"
        self.heading.setText(f"Good {part}, {self.manager.split()[0]}")
        self.subheading.setText(f"{today:%A} {uk(today)} · {self.subheading.text().split(' · ')[-1]}")
        has_staff = summary.glance.active_staff > 0
        self.body.setVisible(has_staff)
        self.empty.setVisible(not has_staff)
        if not has_staff:
            return
        # Coming back to Home with nothing changed (the usual case) leaves the list and charts as they are:
        # refilling 7,000 people's lines and four charts would hold the window up for nothing.
        if previous is None or previous.reminders != summary.reminders or self.nothing.text() != _NOTHING:
            self._fill_reminders(summary)
        if previous is None or previous.glance != summary.glance:
            self._fill_charts(summary)

    def _fill_reminders(self, summary: HomeSummary) -> None:
        self.reminder_list.clear()
        counts = summary.counts()
        groups: dict[ReminderKind, QTreeWidgetItem] = {}
        shown: dict[ReminderKind, int] = {}
        for reminder in summary.reminders:
            group = groups.get(reminder.kind)
            if group is None:
                group = groups[reminder.kind] = QTreeWidgetItem(self.reminder_list,
                                                                [_group_title(reminder.kind, counts[reminder.kind])])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setData(0, Qt.ItemDataRole.UserRole, reminder.kind.value)   # Qt hands str-enums back as str
                shown[reminder.kind] = 0
            if shown[reminder.kind] < SHOWN_PER_GROUP:
                item = QTreeWidgetItem(group, [reminder.text])
                item.setData(0, Qt.ItemDataRole.UserRole, reminder)
                item.setToolTip(0, f"{reminder.text}\nEnter opens {reminder.target.label}")   # the whole line, if cut
                shown[reminder.kind] += 1
        for kind, group in groups.items():
            hidden = counts[kind] - shown[kind]
            if hidden > 0:
                more = QTreeWidgetItem(group, [f"… and {hidden:,} more: open the full list"])
                more.setData(0, Qt.ItemDataRole.UserRole, _MORE + kind.value)
        # The urgent groups open; the long, routine ones stay folded.
        for kind, group in groups.items():
            group.setExpanded(counts[kind] <= 12 or kind in (ReminderKind.EADR_OVERDUE, ReminderKind.SIGN_OFF))
        self.nothing.setText(_NOTHING)
        self.nothing.setVisible(not summary.reminders)
        self.reminder_list.setVisible(bool(summary.reminders))
        if self.reminder_list.topLevelItemCount():
            self.reminder_list.setCurrentItem(self.reminder_list.topLevelItem(0))

    def _fill_charts(self, summary: HomeSummary) -> None:
        g = summary.glance
        months = [f"{m.month:%b}" for m in g.compliance_months]
        self.compliance.line("Appraisal compliance (% in date)", months, [m.value for m in g.compliance_months],
                             100, "%")
        first = g.compliance_months[0].value if g.compliance_months else 0
        self.compliance.set_words(
            f"{g.compliance_now}% in date now ({g.in_date_now:,} of {g.active_staff:,} active staff); "
            f"{first:g}% at the end of {g.compliance_months[0].month:%B %Y}." if g.compliance_months else "")
        held = [m.value for m in g.wellbeing_months]
        self.wellbeing.bars("Conversations held each month", months, held)
        self.wellbeing.set_words(f"{int(held[-1]):,} this month, {int(sum(held)):,} in the last 12 months, each with "
                                 "a wellbeing check-in." if held else "")
        kinds = list(ActivityType)
        hours = [g.cpd_hours.get(k, 0.0) for k in kinds]
        self.cpd.bars("CPD hours this year", [SHORT_LABELS[k] for k in kinds], hours, horizontal=True)
        self.cpd.set_words(f"{hours_text(round(sum(hours), 1))} hours since {uk(g.cpd_since)}: "
                           + "; ".join(f"{SHORT_LABELS[k].lower()} {hours_text(round(h, 1))}"
                                       for k, h in zip(kinds, hours)) + ".")
        states = list(reversed(STATE_ORDER))
        values = [g.training.get(s, 0) for s in states]
        self.training.bars("Training status: course records", [s.label for s in states], values, horizontal=True)
        total = sum(values)
        self.training.set_words(f"Of {total:,} course records (one for each person and each course they need): "
                                + ", ".join(f"{v:,} {s.label.lower()}" for s, v in zip(states, values)) + "."
                                if total else "No course applies to anyone yet.")

    def show_verdicts(self, figure: Figure, given: int) -> None:
        """The card appears once anyone has given their view; shares only across at least three."""
        waiting = max(0, given - figure.verdicts)
        text = verdict_words(figure)
        if waiting:
            text += (f" {waiting} more {'has' if waiting == 1 else 'have'} been given and will be counted once at "
                     f"least {BATCH} are waiting, so no one's answers can be picked out.")
        self.verdict_words.setText(text)
        self.verdict_card.setVisible(bool(given or figure.verdicts))

    def _activated(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(data, Reminder):
            self.reminder_opened.emit(data)
        elif isinstance(data, str) and data.startswith(_MORE):
            self.more_requested.emit(ReminderKind(data[len(_MORE):]))


def _group_title(kind: ReminderKind, count: int) -> str:
    """A group's heading says what it counts: people (one line each), or records waiting for HR."""
    if kind in (ReminderKind.SYNC, ReminderKind.CLOCK):
        return kind.label
    if kind is ReminderKind.CHECKIN_ACTION:
        return f"{kind.label}: {count:,} action{'s' if count != 1 else ''}"
    return f"{kind.label}: {count:,} {'person' if count == 1 else 'people'}"


def _hour() -> int:
    return clock.now().hour
