"""Editors for the repeating parts of a conversation: objectives, development items, actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from desktop.domain.conversation import (
    DevelopmentItem, ItemStatus, Objective, Outcome, TalentChoice, WellbeingAction, parse_amount,
)
from desktop.domain.dates import DateFormatError, uk
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.forms import FieldError, compact
from desktop.ui.widgets.no_squash import NoSquash
from desktop.ui.widgets.text import NoteEdit

T = TypeVar("T")


def read_date(field: DateField, error: FieldError):
    """The date typed, or None (with an inline error) if it is not a date; never blocks autosave."""
    try:
        value = field.date()
    except DateFormatError as exc:
        error.show_error(str(exc))
        return None
    error.clear_error()
    return value


def read_amount(field: QLineEdit, error: FieldError, what: str, money: bool = False) -> float | None:
    """The number typed, or None (with an inline error) if it is not one; never blocks autosave."""
    try:
        value = parse_amount(field.text(), what, money)
    except ValueError as exc:
        error.show_error(str(exc))
        return None
    error.clear_error()
    return value


def combo(items: Sequence[tuple[str, str]], name: str, characters: int = 16) -> QComboBox:
    box = compact(QComboBox(), characters)
    for value, label in items:
        box.addItem(label, value)
    box.setAccessibleName(name)
    return box


def set_combo(box: QComboBox, value: str) -> None:
    index = box.findData(value)
    box.setCurrentIndex(index if index >= 0 else 0)


class ChoiceGroup(QGroupBox):
    """One question answered by choosing one of a few options, each with a line saying what it means.

    Tab reaches the chosen option and the arrow keys move between options, as with any radio group.
    """

    changed = Signal()

    def __init__(self, question: str, choices: Sequence[TalentChoice], parent=None):
        super().__init__(question, parent)
        self.setAccessibleName(question)
        self.choices = tuple(choices)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        for i, choice in enumerate(self.choices):
            button = QRadioButton(choice.label)
            button.setAccessibleName(f"{question}: {choice.label}")
            button.setAccessibleDescription(choice.description)
            button.setToolTip(choice.description)
            layout.addWidget(button)
            if choice.value:  # "not talked about yet" needs no explaining
                about = QLabel(choice.description)
                about.setObjectName("choiceHint")
                about.setWordWrap(True)
                about.setContentsMargins(24, 0, 0, 4)
                layout.addWidget(about)
            self.group.addButton(button, i)
            self.buttons.append(button)
        self.buttons[0].setChecked(True)
        self.group.idToggled.connect(lambda _id, on: on and self.changed.emit())

    def currentIndex(self) -> int:  # noqa: N802 (reads like the combo box it replaced)
        return max(0, self.group.checkedId())

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        self.buttons[index].setChecked(True)

    def currentData(self) -> str:  # noqa: N802
        return self.choices[self.currentIndex()].value

    def currentText(self) -> str:  # noqa: N802
        return self.choices[self.currentIndex()].label

    def set_value(self, value: str) -> None:
        """Show the stored answer without reporting an edit."""
        index = next((i for i, c in enumerate(self.choices) if c.value == value), 0)
        for button in self.buttons:
            button.blockSignals(True)
        self.group.blockSignals(True)
        self.buttons[index].setChecked(True)
        self.group.blockSignals(False)
        for button in self.buttons:
            button.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        """Read-only keeps the agreed answer in full colour (only the others grey out), so it stays legible."""
        for button in self.buttons:
            button.setEnabled(not read_only or button.isChecked())


class ItemEditor(NoSquash, QFrame, Generic[T]):
    """One item in a repeating list. Subclasses add `load(value)` and `value()`."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, title: str, parent=None, removable: bool = True):
        super().__init__(parent)
        self.removable = removable
        self.kind = title
        self._named: dict[QWidget, str] = {}
        self.setObjectName("itemCard")
        self.layout_ = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel(title)
        self.title.setObjectName("itemTitle")
        self.remove = QPushButton("Remove")
        self.remove.setAccessibleName(f"Remove {title.lower()}")
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        top.addWidget(self.title, 1)
        top.addWidget(self.remove)
        self.layout_.addLayout(top)
        # Only after it has a parent: setVisible on a parentless widget opens it as a window.
        self.remove.setVisible(removable)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)

    def field(self, label: str, widget: QWidget) -> FieldError:
        caption = QLabel(label)
        caption.setBuddy(widget)
        if not widget.accessibleName():
            widget.setAccessibleName(label.replace("&", ""))
        self._named[widget] = widget.accessibleName()
        error = FieldError()
        self.form.addRow(caption, widget)
        self.form.addRow("", error)
        for signal in ("edited", "textEdited", "currentIndexChanged", "toggled"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(self.changed)
                break
        return error

    def summary(self) -> str:
        """A few words saying which item this is (for Undo remove and screen readers)."""
        return ""

    def set_number(self, number: int) -> None:
        """Title and accessible names carry the item's number, so a screen reader can tell items apart."""
        self.title.setText(f"{self.kind} {number}")
        which = f"{self.kind.lower()} {number}"
        self.remove.setAccessibleName(f"Remove {which}")
        for widget, base in self._named.items():
            widget.setAccessibleName(f"{base} of {which}")

    def set_read_only(self, read_only: bool) -> None:
        self.remove.setVisible(self.removable and not read_only)
        for child in self.findChildren(QWidget):
            if isinstance(child, (QLineEdit, NoteEdit)):
                child.setReadOnly(read_only)
            elif isinstance(child, (QComboBox, QCheckBox)):
                child.setEnabled(not read_only)


class ObjectiveEditor(ItemEditor[Objective]):
    def __init__(self, priorities: Sequence[str], parent=None):
        super().__init__("New objective", parent)
        self._id: str | None = None
        self.title_edit = NoteEdit("Objective", "What will they achieve? Be specific.", 2)
        self.measure = QLineEdit()
        self.measure.setPlaceholderText("How you will both know it is done")
        self.target = DateField()
        self.priority = combo([("", "Choose a trust priority")] + [(p, p) for p in priorities], "Trust priority", 20)
        self.field("Objective", self.title_edit)
        self.field("Measure", self.measure)
        self.target_error = self.field("Target date", self.target)
        self.field("Trust priority", self.priority)

    def load(self, o: Objective) -> None:
        self._id = o.id
        self.title_edit.set_text(o.title)
        self.measure.setText(o.measure)
        self.target.set_date(o.target_date)
        set_combo(self.priority, o.priority)

    def summary(self) -> str:
        return self.title_edit.text().strip()

    def value(self) -> Objective:
        return Objective(id=self._id, title=self.title_edit.text().strip(), measure=self.measure.text().strip(),
                         target_date=read_date(self.target, self.target_error),
                         priority=self.priority.currentData() or "")


class ReviewEditor(ItemEditor[Objective]):
    """Last year's objective: its words are fixed; outcome and evidence are recorded now."""

    def __init__(self, parent=None):
        super().__init__("Objective to review", parent, removable=False)
        self._objective: Objective | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setObjectName("reviewText")
        self.layout_.insertWidget(1, self.text)
        self.outcome = combo([(o.value, o.label) for o in Outcome], "Outcome")
        self.evidence = NoteEdit("Evidence", "What shows it: feedback, audits, a course completed…", 2)
        self.field("Outcome", self.outcome)
        self.field("Evidence", self.evidence)

    def load(self, o: Objective) -> None:
        self._objective = o
        details = " · ".join(p for p in (o.measure and f"Measure: {o.measure}",
                                         o.target_date and f"Target {uk(o.target_date)}", o.priority) if p)
        self.text.setText(f"<b>{_escape(o.title)}</b>" + (f"<br>{_escape(details)}" if details else ""))
        set_combo(self.outcome, o.outcome.value)
        self.evidence.set_text(o.evidence)

    def set_number(self, number: int) -> None:
        """'Outcome of objective 2: Reduce handover time': each review names its objective."""
        which = f"objective {number}" + (f": {self._objective.title}" if self._objective else "")
        self.title.setText(f"Objective to review {number}")
        for widget, base in self._named.items():
            widget.setAccessibleName(f"{base} of {which}")

    def value(self) -> Objective:
        assert self._objective is not None
        return self._objective.__class__(**{**self._objective.__dict__,
                                            "outcome": Outcome(self.outcome.currentData() or ""),
                                            "evidence": self.evidence.text().strip()})


class DevelopmentEditor(ItemEditor[DevelopmentItem]):
    def __init__(self, categories: Sequence[str], parent=None):
        super().__init__("Development need", parent)
        self._id: str | None = None
        self.need = NoteEdit("Development need", "What they want or need to learn", 2)
        self.category = combo([("", "Choose a TNA category")] + [(c, c) for c in categories], "TNA category", 20)
        self.action = QLineEdit()
        self.action.setPlaceholderText("Course, shadowing, e-learning, mentoring…")
        self.support = QLineEdit()
        self.support.setPlaceholderText("Time, funding, a mentor…")
        self.target = DateField()
        self.status = combo([(s.value, s.label) for s in ItemStatus], "Status")
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("Optional, for example 7.5")
        self.cost = QLineEdit()
        self.cost.setPlaceholderText("Optional, for example £350")
        self.field("Need", self.need)
        self.field("TNA category", self.category)
        self.field("Action", self.action)
        self.field("Support", self.support)
        self.target_error = self.field("Target date", self.target)
        self.field("Status", self.status)
        self.hours_error = self.field("Estimated hours", self.hours)
        self.cost_error = self.field("Estimated cost (£)", self.cost)

    def load(self, d: DevelopmentItem) -> None:
        self._id = d.id
        self.need.set_text(d.need)
        set_combo(self.category, d.tna_category)
        self.action.setText(d.action)
        self.support.setText(d.support)
        self.target.set_date(d.target_date)
        set_combo(self.status, d.status.value)
        self.hours.setText("" if d.estimated_hours is None else f"{d.estimated_hours:g}")
        self.cost.setText("" if d.estimated_cost is None else f"{d.estimated_cost:g}")

    def summary(self) -> str:
        return self.need.text().strip()

    def value(self) -> DevelopmentItem:
        return DevelopmentItem(id=self._id, need=self.need.text().strip(), tna_category=self.category.currentData() or "",
                               action=self.action.text().strip(), support=self.support.text().strip(),
                               target_date=read_date(self.target, self.target_error),
                               status=ItemStatus(self.status.currentData()),
                               estimated_hours=read_amount(self.hours, self.hours_error, "a number of hours"),
                               estimated_cost=read_amount(self.cost, self.cost_error, "an amount in pounds", True))


class ActionEditor(ItemEditor[WellbeingAction]):
    def __init__(self, parent=None):
        super().__init__("Agreed action", parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("For example: referral to occupational health")
        self.share = QCheckBox("Share with HR: the staff member agrees")
        self.field("Action", self.text)
        self.field("", self.share)
        self.share.setAccessibleName("Share this action with HR (the staff member agrees)")

    def summary(self) -> str:
        return self.text.text().strip()

    def set_number(self, number: int) -> None:
        super().set_number(number)
        self.share.setAccessibleName(f"Share agreed action {number} with HR (the staff member agrees)")

    def load(self, a: WellbeingAction) -> None:
        self.text.setText(a.text)
        self.share.setChecked(a.share_with_hr)

    def value(self) -> WellbeingAction:
        return WellbeingAction(self.text.text().strip(), self.share.isChecked())


class RepeatingList(QWidget, Generic[T]):
    """A list of item editors with an Add button; every change is reported for autosave,
    and `items_changed` tells the page to redo its tab order.

    A removed item can be put back (Undo remove, or Ctrl+Z) until the manager leaves the section:
    the editor itself is kept aside, so it returns in place with everything typed in it.
    """

    changed = Signal()
    items_changed = Signal()

    def __init__(self, make: Callable[[], ItemEditor[T]], add_label: str, empty_text: str, parent=None,
                 noun: str = "item"):
        super().__init__(parent)
        self._make = make
        self.noun = noun
        self.editors: list[ItemEditor[T]] = []
        self._removed: list[tuple[int, ItemEditor[T]]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.add_button = QPushButton(add_label)
        self.undo_button = QPushButton("Undo remove")
        self.undo_button.setToolTip("Put back the last item you removed (Ctrl+Z). Once you leave this section, "
                                    "removing is final.")
        buttons = QVBoxLayout()   # one above the other: side by side they would not fit a small screen
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addWidget(self.empty)
        self._layout.addLayout(buttons)
        self.undo_button.setVisible(False)
        self.add_button.clicked.connect(self.add_new)
        self.undo_button.clicked.connect(self.undo_remove)

    def _append(self) -> ItemEditor[T]:
        editor = self._make()
        editor.changed.connect(self.changed)
        editor.remove_requested.connect(self._remove)
        self._layout.insertWidget(self._layout.count() - 1, editor)
        self.editors.append(editor)
        self.empty.setVisible(False)
        return editor

    def _renumber(self) -> None:
        for number, editor in enumerate(self.editors, 1):
            editor.set_number(number)

    def add_new(self) -> ItemEditor[T]:
        editor = self._append()
        self._renumber()
        self.items_changed.emit()
        editor.show()  # layouts show new children on a queued call; a hidden widget cannot take focus
        editor.form.itemAt(0, QFormLayout.ItemRole.FieldRole).widget().setFocus()
        self.changed.emit()
        return editor

    def _remove(self, editor: ItemEditor[T]) -> None:
        index = self.editors.index(editor)
        self.editors.remove(editor)
        self._layout.removeWidget(editor)
        editor.hide()
        self._removed.append((index, editor))
        self.empty.setVisible(not self.editors)
        self._renumber()
        self._show_undo()
        self.items_changed.emit()
        self.undo_button.setFocus()
        self.changed.emit()

    def _show_undo(self) -> None:
        if self._removed:
            what = self._removed[-1][1].summary()
            self.undo_button.setText(f"Undo remove: {_shorten(what)}" if what else "Undo remove")
            self.undo_button.setAccessibleName(f"Undo removing {self.noun}" + (f": {what}" if what else ""))
        self.undo_button.setVisible(bool(self._removed))

    @property
    def can_undo(self) -> bool:
        return bool(self._removed)

    def undo_remove(self) -> None:
        """Put the last removed item back where it was, with its text."""
        if not self._removed:
            return
        index, editor = self._removed.pop()
        index = min(index, len(self.editors))
        self._layout.insertWidget(1 + index, editor)  # after the empty-list hint
        self.editors.insert(index, editor)
        editor.show()
        self.empty.setVisible(False)
        self._renumber()
        self._show_undo()
        self.items_changed.emit()
        editor.form.itemAt(0, QFormLayout.ItemRole.FieldRole).widget().setFocus()
        self.changed.emit()

    def forget_removed(self) -> None:
        """Leaving the section makes removals final."""
        for _, editor in self._removed:
            editor.setParent(None)
            editor.deleteLater()
        self._removed = []
        self._show_undo()

    def load(self, values: Sequence[T]) -> None:
        self.forget_removed()
        for editor in self.editors:
            editor.setParent(None)
            editor.deleteLater()
        self.editors = []
        for value in values:
            self._append().load(value)
        self.empty.setVisible(not self.editors)
        self._renumber()
        self.items_changed.emit()

    def values(self) -> list[T]:
        return [e.value() for e in self.editors]

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setVisible(not read_only)
        if read_only:
            self.forget_removed()
        for editor in self.editors:
            editor.set_read_only(read_only)


def _shorten(text: str, characters: int = 20) -> str:
    """At most `characters`, cut at a word where there is one."""
    text = " ".join(text.split())
    if len(text) <= characters:
        return text
    cut = text[:characters - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
