"""*Log a check-in* (one-to-one, supervision, wellbeing) in a minute, and the person's wellbeing plan.

The check-in shows their wellbeing plan, so it can be reviewed together (and that it was is recorded), and
their open actions from earlier check-ins, to tick off. Everything here stays in the workspace.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
    QScrollArea, QVBoxLayout, QWidget,
)

from desktop.domain import clock
from desktop.domain.checkin import (
    PLAN_AREAS, Checkin, CheckinAction, CheckinInvalid, CheckinKind, WellbeingPlan,
)
from desktop.domain.dates import DateFormatError, uk
from desktop.domain.staff import Staff
from desktop.ui.conversation.editors import ItemEditor, RepeatingList, read_date
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import FieldError, add_field
from desktop.ui.widgets.tab_order import chain, reading_order

OWNERS = ("Staff member", "Manager", "Both")


class CheckinActionEditor(ItemEditor[CheckinAction]):
    """One agreed action: what, who, by when."""

    def __init__(self, parent=None):
        super().__init__("Action", parent)
        self.action = QPlainTextEdit()
        self.action.setTabChangesFocus(True)
        self.action.setFixedHeight(48)
        self.action.setPlaceholderText("For example: book the driving refresher")
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.addItems(OWNERS)
        self.due = DateField()
        self.field("What", self.action)
        self.field("Who", self.owner)
        self.due_error = self.field("Due by", self.due)

    def summary(self) -> str:
        return self.action.toPlainText().strip()

    def load(self, a: CheckinAction) -> None:
        self.action.setPlainText(a.action)
        self.owner.setCurrentText(a.owner)
        self.due.set_date(a.due_on)

    def value(self) -> CheckinAction:
        return CheckinAction(self.action.toPlainText().strip(), self.owner.currentText().strip(),
                             read_date(self.due, self.due_error))


def plan_text(plan: WellbeingPlan | None) -> str:
    """The plan as a few lines to read together (private notes are not shown here)."""
    if plan is None or plan.is_empty:
        return "No wellbeing plan yet. Start one from their details (Wellbeing plan…) when they are ready."
    lines = [f"<b>{label}:</b> {plan.areas[key]}" for key, label in PLAN_AREAS if plan.areas.get(key, "").strip()]
    when = []
    if plan.updated_on:
        when.append(f"updated {uk(plan.updated_on)}")
    if plan.reviewed_on:
        when.append(f"last reviewed {uk(plan.reviewed_on)}")
    if plan.review_by:
        when.append(f"review by {uk(plan.review_by)}")
    return "<br>".join(lines) + (f"<br><i>{'; '.join(when).capitalize()}.</i>" if when else "")


class CheckinDialog(QDialog):
    def __init__(self, repo, staff: Staff, parent: QWidget | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.repo = repo
        self.staff = staff
        self.today = today or clock.today()
        self.saved_checkin: Checkin | None = None
        self.setWindowTitle(f"Log a check-in with {staff.display_name}")
        self.setAccessibleName(self.windowTitle())
        self.error = FieldError()
        body = QWidget()
        layout = QVBoxLayout(body)
        form = QFormLayout()
        self.held_on = DateField()
        self.held_on.set_date(self.today)
        self.held_on_error = add_field(form, "&Date", self.held_on)
        self.kind = QComboBox()
        for kind in CheckinKind:
            self.kind.addItem(kind.label, kind.value)
        add_field(form, "&Kind", self.kind)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.notes.setPlaceholderText("A few lines: how things are, what you talked about")
        self.notes_error = add_field(form, "A few &lines", self.notes)
        layout.addLayout(form)

        plan = repo.plan(staff.id or "")
        heading = QLabel("Their wellbeing plan")
        heading.setObjectName("subHeading")
        self.plan_view = QLabel(plan_text(plan))
        self.plan_view.setWordWrap(True)
        self.plan_view.setTextFormat(Qt.TextFormat.RichText)
        self.plan_view.setAccessibleName("Their wellbeing plan")
        self.plan_reviewed = QCheckBox("We &reviewed their wellbeing plan together")
        self.plan_reviewed.setVisible(plan is not None and not plan.is_empty)
        self.plan_reviewed.setChecked(plan is not None and plan.review_due(self.today))
        for widget in (heading, self.plan_view, self.plan_reviewed):
            layout.addWidget(widget)

        earlier = [a for c in repo.for_staff(staff.id or "") for a in c.actions if a.is_open]
        self.open_heading = QLabel("Open actions from earlier check-ins (tick those now done)")
        self.open_heading.setObjectName("subHeading")
        self.open_actions = QListWidget()
        self.open_actions.setAccessibleName("Open actions from earlier check-ins")
        for a in earlier:
            item = QListWidgetItem(a.words(self.today), self.open_actions)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, a.id)
        self.open_actions.setMaximumHeight(24 * min(4, max(1, len(earlier))) + 8)
        self.open_heading.setVisible(bool(earlier))
        self.open_actions.setVisible(bool(earlier))
        layout.addWidget(self.open_heading)
        layout.addWidget(self.open_actions)

        actions_heading = QLabel("Actions agreed today")
        actions_heading.setObjectName("subHeading")
        self.actions = RepeatingList(CheckinActionEditor, "&Add an action", "No actions agreed yet.", noun="action")
        self.actions.items_changed.connect(self.fix_tab_order)
        self.actions.changed.connect(self.error.clear_error)   # a stale problem goes once they edit
        layout.addWidget(actions_heading)
        layout.addWidget(self.actions)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.error)
        outer.addWidget(self.buttons)
        self.scroll = scroll
        self.resize(640, 640)
        self.fix_tab_order()
        self.held_on.setFocus()

    def fix_tab_order(self) -> None:
        chain([*reading_order(self.scroll.widget()), self.save_button,
               self.buttons.button(QDialogButtonBox.StandardButton.Cancel)])

    def save(self) -> None:
        """Check, then write the check-in, its actions and the ticked earlier actions; or say what is wrong."""
        self.error.clear_error()
        try:
            held_on = self.held_on.date()
        except DateFormatError as exc:
            self.held_on_error.show_error(str(exc))
            self.held_on.setFocus()
            return
        if held_on is None:
            self.held_on_error.show_error("Type the date of the check-in, for example " + uk(self.today) + ".")
            self.held_on.setFocus()
            return
        self.held_on_error.clear_error()
        for editor in self.actions.editors:
            if not editor.due.is_valid():
                self.error.show_error(f"{editor.title.text()}: the due date is not a date; type it as dd/mm/yyyy.")
                editor.due.setFocus()
                return
        checkin = Checkin(self.staff.id or "", held_on, CheckinKind(self.kind.currentData()),
                          self.notes.toPlainText(), tuple(self.actions.values()),
                          self.plan_reviewed.isVisible() and self.plan_reviewed.isChecked())
        try:
            checkin = checkin.checked(self.today)
        except CheckinInvalid as exc:
            self.error.show_error(str(exc))
            {"held_on": self.held_on, "notes": self.notes}.get(exc.field_name, self.actions.add_button).setFocus()
            return
        self.saved_checkin = self.repo.add(checkin)
        for i in range(self.open_actions.count()):
            item = self.open_actions.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                self.repo.mark_done(item.data(Qt.ItemDataRole.UserRole), held_on)
        self.accept()


class WellbeingPlanDialog(QDialog):
    """The health and wellbeing conversation's personal plan: in their words, with a review date."""

    def __init__(self, repo, staff: Staff, parent: QWidget | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.repo = repo
        self.staff = staff
        self.today = today or clock.today()
        self.saved_plan: WellbeingPlan | None = None
        self.setWindowTitle(f"Wellbeing plan — {staff.display_name}")
        plan = repo.plan(staff.id or "") or WellbeingPlan(staff.id or "")
        intro = QLabel("The personal plan from their health and wellbeing conversation, in their words. It stays "
                       "between you: it is never sent to HR, and is reviewed at the next check-in.")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.areas: dict[str, QPlainTextEdit] = {}
        for n, (key, label) in enumerate(PLAN_AREAS):
            edit = QPlainTextEdit(plan.areas.get(key, ""))
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(60)
            self.areas[key] = edit
            add_field(form, f"&{n + 1}. {label}", edit)
        self.private = QPlainTextEdit(plan.private_notes)
        self.private.setTabChangesFocus(True)
        self.private.setFixedHeight(60)
        add_field(form, "&Private notes (kept like an EADR's private notes)", self.private)
        self.review_by = DateField()
        self.review_by.set_date(plan.review_by)
        self.review_error = add_field(form, "&Review by", self.review_by)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._reviewed_on = plan.reviewed_on
        self.areas[PLAN_AREAS[0][0]].setFocus()

    def save(self) -> None:
        try:
            review_by = self.review_by.date()
        except DateFormatError as exc:
            self.review_error.show_error(str(exc))
            self.review_by.setFocus()
            return
        plan = WellbeingPlan(self.staff.id or "", {k: e.toPlainText().strip() for k, e in self.areas.items()},
                             self.private.toPlainText().strip(), review_by, None, self._reviewed_on)
        self.saved_plan = self.repo.save_plan(plan, self.today)
        self.accept()
