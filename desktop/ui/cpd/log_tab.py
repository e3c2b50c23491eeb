"""The CPD log: the person's entries (searchable, by type, waiting for reflection) beside the editor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from desktop.domain.cpd import ActivityType, CpdEntry, CpdFilter, CpdValidationError, Evidence, EvidenceTooLarge
from desktop.domain.staff import Staff
from desktop.store.workspace import Workspace, write_atomic
from desktop.ui.cpd.entry_editor import EntryEditor
from desktop.ui.models.cpd_table import CpdTableModel
from desktop.ui.widgets.autosave import AutosaveTimer
from desktop.ui.widgets.forms import compact
from desktop.ui.widgets.panes import main_with_side
from desktop.ui.widgets.search_field import SearchField
from desktop.ui.widgets.tab_order import chain, reading_order
from desktop.ui.widgets.tables import list_table, select_row


class CpdLogTab(QWidget):
    """The entry in the editor saves itself like the conversation (AutosaveTimer) and on leaving it;
    evidence files removed are only removed when the entry is left or saved, so Undo can put them back."""

    saved = Signal(str)
    changed = Signal()   # the log changed: the profile tab and team figures refresh
    unsaved = Signal()   # an edit or removal not yet saved: the status bar says so too

    def __init__(self, workspace: Workspace, staff: Staff, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.repo = workspace.cpd()
        self.staff = staff
        self.entries: list[CpdEntry] = []
        self._dirty = False
        self.model = CpdTableModel(self)

        self.search = SearchField("Search titles, providers, descriptions…", "Search the CPD log")
        search_label = QLabel("Sea&rch")
        search_label.setBuddy(self.search)
        self.type_filter = compact(QComboBox(), 14)
        self.type_filter.addItem("All types", None)
        for kind in ActivityType:
            self.type_filter.addItem(kind.label, kind.value)
        self.type_filter.setAccessibleName("Filter by activity type")
        type_label = QLabel("T&ype")
        type_label.setBuddy(self.type_filter)
        self.waiting_only = QCheckBox("Waitin&g for reflection only")
        self.new_button = QPushButton("&New entry")
        self.new_button.setToolTip("Add a CPD entry for this person (Alt+N)")
        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        bar.addWidget(type_label)
        bar.addWidget(self.type_filter, 1)
        second = QHBoxLayout()   # New entry on the second row: one row of everything overflows a small screen
        second.addWidget(self.waiting_only)
        second.addStretch(1)
        second.addWidget(self.new_button)

        self.table = list_table(self.model, "CPD entries", stretch=2, order=Qt.SortOrder.DescendingOrder)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.count_label.setWordWrap(True)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addLayout(second)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_label, 1)
        left_layout.addWidget(self.count_label)

        self.editor = EntryEditor()
        self.save_button = QPushButton("Save &entry")
        self.save_button.setToolTip("Save this entry (Ctrl+S)")
        self.delete_button = QPushButton("Delete entry…")
        self.state_label = QLabel()
        self.state_label.setAccessibleName("Entry saved state")
        self.autosave = AutosaveTimer(self, self.autosave_now)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.editor, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.state_label)
        right_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(main_with_side(left, right, (800, 400)))

        self.search.textChanged.connect(self._filter)
        self.type_filter.currentIndexChanged.connect(self._filter)
        self.waiting_only.toggled.connect(self._filter)
        self.new_button.clicked.connect(self.new_entry)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self._delete)
        self.editor.edited.connect(self._edited)
        self.editor.add_evidence_requested.connect(self._add_evidence)
        self.editor.save_evidence_requested.connect(self._save_evidence)
        self.editor.remove_evidence_requested.connect(self._remove_evidence)
        self.editor.removals_changed.connect(self._removals_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._row_changed(current.row()))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        chain([self.search, self.type_filter, self.new_button, self.waiting_only, self.table,
               *reading_order(self.editor), self.save_button, self.delete_button])
        self.reload()

    # --- loading -----------------------------------------------------------------
    def reload(self, select_id: str | None = None) -> None:
        self.entries = self.repo.entries(self.staff.id or "")
        self.model.set_rows(self.entries)
        self._filter()
        target = select_id or (self.entries[0].id if self.entries else None)
        if target:
            self.select(target)
        else:
            self.new_entry(confirm=False)

    def current_filter(self) -> CpdFilter:
        kind = self.type_filter.currentData()
        return CpdFilter(text=self.search.text(), activity_type=ActivityType(kind) if kind else None,
                         waiting_only=self.waiting_only.isChecked())

    def _filter(self) -> None:
        chosen = self.current_filter()
        self.model.set_filter(None, chosen.matches)
        shown, total = self.model.rowCount(), self.model.total
        waiting = sum(1 for e in self.entries if e.waiting_for_reflection)
        self.count_label.setText(f"Showing {shown} of {total} entries · {waiting} waiting for reflection"
                                 if total else "")
        if total == 0:
            self.empty_label.setText("No CPD recorded yet.\n\nAdd the first entry on the right, or use quick "
                                     "capture (Ctrl+K) from anywhere to note an activity in seconds.")
        elif shown == 0:
            self.empty_label.setText("No entries match.\n\nClear the search (Esc), choose “All types” or untick "
                                     "“Waiting for reflection only”.")
        self.empty_label.setVisible(shown == 0)
        self.table.setVisible(shown > 0)

    def select(self, entry_id: str) -> None:
        row = self.model.row_of_id(entry_id)
        if select_row(self.table, row):
            self._show(self.model.object_at(row))

    def _row_changed(self, row: int) -> None:
        entry = self.model.object_at(row)
        current = self.editor.current
        if entry is None or (current and entry.id == current.id):
            return
        if self.confirm_leave():   # saving the entry left refreshes the table: highlight the one chosen again
            self.select(entry.id or "")
        elif current is not None and current.id:   # stayed: the highlight goes back to the entry in the form
            select_row(self.table, self.model.row_of_id(current.id))
        else:
            self.table.clearSelection()

    def _show(self, entry: CpdEntry | None) -> None:
        if entry is None:
            return
        items = self.workspace.conversations().development_items_for(self.staff.id or "")
        self.autosave.stop()
        self.editor.show_entry(entry, items)
        self._dirty = False
        self.delete_button.setEnabled(entry.id is not None)
        self._show_state()

    def _show_state(self) -> None:
        """The form's own words on whether it is saved; the status bar hears the same (saved / unsaved)."""
        entry = self.editor.current
        if self._dirty:
            text = "Unsaved changes…"
        elif self.editor.removing:
            text = "Evidence removal not saved yet (Undo remove, or leave the entry)"
        elif entry is None or entry.id is None:
            text = "Not saved yet"
        else:
            text = "Saved · reflection to add" if entry.waiting_for_reflection else "Saved"
        self.state_label.setText(text)

    def show_draft(self, entry: CpdEntry) -> None:
        """Put back an entry that was being typed when the workspace locked; still unsaved."""
        if entry.id:
            self.select(entry.id)
        self._show(entry)
        self._edited()

    # --- editing -------------------------------------------------------------------
    def new_entry(self, *, confirm: bool = True) -> None:
        if confirm and not self.confirm_leave():
            return
        self.table.clearSelection()
        self._show(CpdEntry(staff_id=self.staff.id or "", title="", start_date=date.today()))
        self.editor.title.setFocus()

    def _edited(self) -> None:
        self._dirty = True
        self._show_state()
        self.autosave.edited()
        self.unsaved.emit()

    def is_dirty(self) -> bool:
        return self._dirty

    def _store(self) -> CpdEntry | None:
        """Save the form as typed; None (fields marked) if it cannot be saved yet."""
        self.autosave.stop()
        try:
            stored = self.repo.save(self.editor.entry(), date.today())
        except CpdValidationError as exc:
            self.editor.show_errors(exc.problems)
            self.state_label.setText("⚠ Not saved: see the fields marked")
            return None
        self.editor.show_errors({})
        self._dirty = False
        return stored

    def autosave_now(self) -> bool:
        """The timer fired: save without re-showing the form, so the cursor stays where the person types."""
        if not self._dirty:
            return True
        stored = self._store()
        if stored is None:
            return False
        self.editor.keep(stored)
        self.entries = self.repo.entries(self.staff.id or "")
        self.model.replace_object(stored, stored, lambda a, b: a.id == b.id)
        self._filter()
        select_row(self.table, self.model.row_of_id(stored.id or ""))   # the same entry: the form is not reloaded
        self.delete_button.setEnabled(True)
        self._show_state()
        self.saved.emit(f"CPD entry saved: {stored.title}")
        self.changed.emit()
        return True

    def save(self) -> bool:
        """Save entry (button, Ctrl+S): the form as typed, and any evidence removal."""
        stored = self._store() if self._dirty or self.editor.current is None or self.editor.current.id is None \
            else self.editor.current
        if stored is None:
            return False
        removed = self._carry_out_removals()
        self.saved.emit(f"CPD entry saved: {stored.title}" + (f"; removed {removed}" if removed else ""))
        self.changed.emit()
        self.reload(select_id=stored.id)
        return True

    def confirm_leave(self) -> bool:
        """Leaving the entry saves it, as the conversation does, and removes the files marked for removal.
        A form that cannot be saved yet (no title, a bad date) asks: discard the changes, or stay."""
        if self._dirty and not self.autosave_now():
            answer = QMessageBox.question(
                self, "CPD entry not saved", "This entry cannot be saved yet: see the fields marked. Discard the "
                "changes, or cancel to stay and correct them?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return False
            self._dirty = False
            self.saved.emit("Changes to the CPD entry discarded")
        removed = self._carry_out_removals()
        if removed:
            self.saved.emit(f"Evidence removed: {removed}")
            self.changed.emit()
        return True

    def _delete(self) -> None:
        entry = self.editor.current
        if entry is None or entry.id is None:
            return
        answer = QMessageBox.question(self, "Delete CPD entry",
                                      f"Delete “{entry.title}” and its {len(entry.evidence)} evidence file(s)? "
                                      "This cannot be undone.",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.repo.delete(entry.id)
        self._dirty = False
        self.saved.emit("CPD entry deleted")
        self.changed.emit()
        self.reload()

    # --- evidence --------------------------------------------------------------------
    def add_evidence_file(self, path: Path) -> bool:
        entry = self.editor.current
        if entry is None or entry.id is None:
            return False
        if self._dirty and not self.save():
            return False
        try:
            self.repo.add_evidence(entry.id, path.name, path.read_bytes())
        except EvidenceTooLarge as exc:
            QMessageBox.warning(self, "File not added", str(exc))
            return False
        except OSError as exc:
            QMessageBox.warning(self, "File not added", f"{path}: {exc.strerror}. Check the file and try again.")
            return False
        self.saved.emit(f"Evidence added: {path.name}")
        self.changed.emit()
        self.reload(select_id=entry.id)
        return True

    def _add_evidence(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Add evidence", "",
                                                "Documents and images (*.pdf *.jpg *.jpeg *.png *.docx *.txt);;"
                                                "All files (*)")
        if chosen:
            self.add_evidence_file(Path(chosen))

    def _save_evidence(self, evidence: Evidence) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save a copy of the evidence", evidence.file_name)
        if not chosen:
            return
        try:
            write_atomic(Path(chosen), self.repo.evidence_content(evidence.id))
        except OSError as exc:
            QMessageBox.warning(self, "Not saved", f"{exc}. Choose another folder.")
            return
        self.saved.emit(f"Saved a copy of {evidence.file_name}")

    def _remove_evidence(self, evidence: Evidence) -> None:
        """Marked, not yet removed: Undo remove puts it back until the entry is left or saved."""
        self.editor.mark_removed(evidence)

    def _removals_changed(self) -> None:
        self._show_state()
        if self.editor.removing:
            self.unsaved.emit()
        elif not self._dirty:
            self.saved.emit("Evidence file kept")

    def _carry_out_removals(self) -> str:
        """Remove the files marked for removal; their names, for the message."""
        gone = self.editor.take_removals()
        for evidence in gone:
            self.repo.remove_evidence(evidence.id)
        return ", ".join(e.file_name for e in gone)
