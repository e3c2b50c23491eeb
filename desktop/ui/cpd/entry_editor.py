"""The form for one CPD entry: what was done, the reflection, the benefit, evidence and PDP links."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from desktop.domain.conversation import DevelopmentItem
from desktop.domain.cpd import ActivityType, CpdEntry, CpdValidationError, Evidence
from desktop.domain.dates import DateFormatError
from desktop.ui.widgets.date_field import DateField
from desktop.ui.cpd.fields import activity_type_combo, hours_field
from desktop.ui.widgets.forms import FieldError, add_field, sub_heading
from desktop.ui.widgets.no_squash import NoSquash
from desktop.ui.widgets.text import NoteEdit


class _Body(NoSquash, QWidget):
    pass


class EntryEditor(QScrollArea):
    """Emits `edited()` on any change; `entry()` reads the form back (raises on a bad date)."""

    edited = Signal()
    add_evidence_requested = Signal()
    save_evidence_requested = Signal(object)     # Evidence
    remove_evidence_requested = Signal(object)   # Evidence
    removals_changed = Signal()                  # a file marked for removal, or put back by Undo

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.current: CpdEntry | None = None
        self.removing: list[Evidence] = []   # marked for removal; carried out when the entry is left or saved
        self._loading = False
        body = _Body()
        outer = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)   # narrow screens: field under its label
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.start = DateField()
        self.end = DateField()
        self.kind = activity_type_combo()
        self.hours = hours_field()
        self.provider = QLineEdit()
        self.provider.setMaxLength(200)
        self.description = NoteEdit("Description", "What the activity was", lines=2)
        self.errors: dict[str, FieldError] = {
            "title": add_field(form, "Tit&le", self.title),
            "start_date": add_field(form, "Fro&m", self.start, "The date, or the first day"),
            "end_date": add_field(form, "T&o (optional)", self.end, "The last day, for a course over several days"),
            "activity_type": add_field(form, "T&ype", self.kind, "The HCPC's five kinds of learning activity"),
            "hours": add_field(form, "Hou&rs", self.hours),
            "provider": add_field(form, "Pro&vider", self.provider, "Who ran it, if anyone"),
            "description": add_field(form, "&Description", self.description),
        }
        outer.addLayout(form)

        reflect = QLabel("Reflection")
        reflect.setObjectName("subHeading")
        outer.addWidget(reflect)
        hint = QLabel("What happened? So what: what did it mean for your practice? Now what: what do you do "
                      "differently? The HCPC asks how CPD improved practice (standard 3) and benefited service "
                      "users (standard 4).")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        outer.addWidget(hint)
        form2 = QFormLayout()
        form2.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form2.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.what = NoteEdit("What?", "What happened, or what you learned")
        self.so_what = NoteEdit("So what?", "Why it mattered to your practice")
        self.now_what = NoteEdit("Now what?", "What you do differently now")
        self.benefit = NoteEdit("Benefit to service users", "How patients and the public benefit")
        self.evidence_note = QLineEdit()
        self.evidence_note.setMaxLength(500)
        self.evidence_note.setPlaceholderText("For example: certificate in my portfolio")
        add_field(form2, "Wh&at?", self.what)
        add_field(form2, "S&o what?", self.so_what)
        add_field(form2, "N&ow what?", self.now_what)
        add_field(form2, "&Benefit to service users", self.benefit)
        add_field(form2, "E&vidence note", self.evidence_note, "Evidence held elsewhere, described in words")
        outer.addLayout(form2)

        self.files = QListWidget()
        self.files.setAccessibleName("Evidence files")
        self.files.setMaximumHeight(90)
        files_label = sub_heading("Evidence fi&les", self.files)
        self.add_file = QPushButton("Add file…")
        self.add_file.setToolTip("Keep a certificate or document inside the encrypted workspace (up to 10 MB)")
        self.save_file = QPushButton("Save a copy…")
        self.save_file.setAccessibleName("Save a copy of the evidence file")
        self.remove_file = QPushButton("Remove file")
        self.remove_file.setAccessibleName("Remove the evidence file")
        self.remove_file.setToolTip("Removed when you leave this entry or save it; Undo puts it back until then")
        self.undo_remove = QPushButton("&Undo remove")
        self.undo_remove.setAccessibleName("Undo removing the evidence file")
        self.undo_remove.hide()
        self.removing_label = QLabel()
        self.removing_label.setObjectName("hint")
        self.removing_label.setWordWrap(True)
        self.removing_label.hide()
        row = QHBoxLayout()
        for button in (self.add_file, self.save_file, self.remove_file, self.undo_remove):
            row.addWidget(button)
        row.addStretch(1)
        outer.addWidget(files_label)
        outer.addWidget(self.files)
        outer.addLayout(row)
        outer.addWidget(self.removing_label)

        self.links = QListWidget()
        self.links.setAccessibleName("Development-plan items this supports")
        self.links.setMaximumHeight(100)
        links_label = sub_heading("Development-plan &items this supports", self.links)
        links_label.setWordWrap(True)
        self.no_links = QLabel("No development-plan items recorded for this person yet.")
        self.no_links.setObjectName("hint")
        outer.addWidget(links_label)
        outer.addWidget(self.links)
        outer.addWidget(self.no_links)
        outer.addStretch(1)
        self.setWidget(body)

        for widget in (self.title, self.start, self.end, self.provider, self.evidence_note):
            widget.textEdited.connect(self._changed)
        for note in (self.description, self.what, self.so_what, self.now_what, self.benefit):
            note.edited.connect(self._changed)
        self.kind.currentIndexChanged.connect(self._changed)
        self.hours.valueChanged.connect(self._changed)
        self.links.itemChanged.connect(self._changed)
        self.add_file.clicked.connect(self.add_evidence_requested)
        self.save_file.clicked.connect(lambda: self._selected_evidence(self.save_evidence_requested))
        self.remove_file.clicked.connect(lambda: self._selected_evidence(self.remove_evidence_requested))
        self.undo_remove.clicked.connect(lambda: self.undo_removal())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Never narrower than the form needs: with no sideways scrolling, a narrower editor would cut the
        fields off on a small screen; the entries table beside it gives up the width instead."""
        body = self.widget()
        width = body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(width, super().minimumSizeHint().height())

    def _changed(self, *_: object) -> None:
        if not self._loading:
            self.edited.emit()

    def _selected_evidence(self, signal) -> None:
        item = self.files.currentItem()
        if item is not None:
            signal.emit(item.data(Qt.ItemDataRole.UserRole))

    # --- evidence marked for removal (undoable until the entry is left) -------------
    def mark_removed(self, evidence: Evidence) -> None:
        self.removing.append(evidence)
        self._show_files()
        self.undo_remove.setFocus()
        self.removals_changed.emit()

    def undo_removal(self) -> None:
        """Put back the file removed last."""
        if self.removing:
            self.removing.pop()
            self._show_files()
            self.files.setFocus()
            self.removals_changed.emit()

    def take_removals(self) -> list[Evidence]:
        """The files to remove now (the entry is being left or saved); the form forgets them."""
        taken, self.removing = self.removing, []
        return taken

    def _show_files(self) -> None:
        gone = {e.id for e in self.removing}
        kept = [e for e in (self.current.evidence if self.current else ()) if e.id not in gone]
        self.files.clear()
        for evidence in kept:
            item = QListWidgetItem(f"{evidence.file_name} · {evidence.size_text()} · SHA-256 {evidence.sha256[:12]}…")
            item.setData(Qt.ItemDataRole.UserRole, evidence)
            self.files.addItem(item)
        if kept:
            self.files.setCurrentRow(0)
        self.save_file.setEnabled(bool(kept))
        self.remove_file.setEnabled(bool(kept))
        self.undo_remove.setVisible(bool(self.removing))
        self.removing_label.setVisible(bool(self.removing))
        names = ", ".join(e.file_name for e in self.removing)
        self.removing_label.setText(f"To be removed when you leave or save this entry: {names}. "
                                    "Undo remove puts the last one back." if self.removing else "")

    def show_entry(self, entry: CpdEntry, items: list[DevelopmentItem]) -> None:
        self._loading = True
        self.current = entry
        self.removing = []
        self.heading.setText(entry.title or "New CPD entry")
        self.title.setText(entry.title)
        self.start.set_date(entry.start_date)
        self.end.set_date(entry.end_date)
        self.kind.setCurrentIndex(self.kind.findData(entry.activity_type.value))
        self.hours.setValue(entry.hours)
        self.provider.setText(entry.provider)
        self.description.set_text(entry.description)
        self.what.set_text(entry.reflection_what)
        self.so_what.set_text(entry.reflection_so_what)
        self.now_what.set_text(entry.reflection_now_what)
        self.benefit.set_text(entry.service_user_benefit)
        self.evidence_note.setText(entry.evidence_note)
        self._show_files()
        has_id = entry.id is not None
        self.add_file.setEnabled(has_id)
        self.add_file.setToolTip("Keep a certificate or document inside the encrypted workspace (up to 10 MB)"
                                 if has_id else "Save the entry first, then add files to it")
        self.links.clear()
        for item in items:
            row = QListWidgetItem(f"{item.need} ({item.tna_category or 'no TNA category'})")
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if item.id in entry.development_links else Qt.CheckState.Unchecked)
            self.links.addItem(row)
        self.links.setVisible(bool(items))
        self.no_links.setVisible(not items)
        for error in self.errors.values():
            error.clear_error()
        self._loading = False

    def entry(self) -> CpdEntry:
        """The form as an entry; a date that is not a date raises CpdValidationError-style problems."""
        assert self.current is not None
        problems = {}
        dates: dict[str, date | None] = {}
        for name, field in (("start_date", self.start), ("end_date", self.end)):
            try:
                dates[name] = field.date()
            except DateFormatError as exc:
                problems[name] = str(exc)
        if not problems and dates["start_date"] is None:
            problems["start_date"] = "Enter the date of the activity, for example 23/11/2026."
        if problems:
            raise CpdValidationError(problems)
        links = tuple(self.links.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.links.count())
                      if self.links.item(i).checkState() == Qt.CheckState.Checked)
        return self.current.with_changes(
            title=self.title.text(), start_date=dates["start_date"], end_date=dates["end_date"],
            activity_type=ActivityType(self.kind.currentData()), hours=self.hours.value(),
            provider=self.provider.text(), description=self.description.text(), reflection_what=self.what.text(),
            reflection_so_what=self.so_what.text(), reflection_now_what=self.now_what.text(),
            service_user_benefit=self.benefit.text(), evidence_note=self.evidence_note.text().strip(),
            development_links=links)

    def keep(self, stored: CpdEntry) -> None:
        """The entry was saved as typed: remember it (its new id) without re-showing, so typing carries on."""
        self.current = stored
        self.heading.setText(stored.title or "New CPD entry")
        self.add_file.setEnabled(True)
        self.add_file.setToolTip("Keep a certificate or document inside the encrypted workspace (up to 10 MB)")

    def show_errors(self, problems: dict[str, str]) -> None:
        for name, error in self.errors.items():
            if name in problems:
                error.show_error(problems[name])
            else:
                error.clear_error()
