"""The Team page: everyone on the station, searchable as you type, with a profile panel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
    QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from desktop.domain.conversation import RecordLocked, Status
from desktop.domain.dates import uk_timestamp
from desktop.domain.record_code import Found, read_code
from desktop.domain.staff import Role, Staff, StaffStatus, StaffValidationError
from desktop.domain.team import StaffFacts
from desktop.store.workspace import Workspace
from desktop.sync.roster import RosterFileError
from desktop.ui.feedback.tidy import tidy_feedback
from desktop.ui.dialogs.leaver import LeaverDialog
from desktop.ui.dialogs.roster_import import RosterImportDialog
from desktop.ui.dialogs.start_conversation import confirm_discard
from desktop.ui.models.staff_table import StaffTableModel
from desktop.ui.widgets.forms import compact
from desktop.ui.widgets.panes import main_with_side
from desktop.ui.widgets.search_field import SearchField
from desktop.ui.widgets.staff_panel import StaffPanel
from desktop.ui.widgets.tables import select_row

_STATUS_FILTERS = [
    ("Active staff", lambda s: s.status is StaffStatus.ACTIVE),
    ("Leavers", lambda s: s.status is StaffStatus.LEAVER),
    ("Everyone", None),
]


class TeamPage(QWidget):
    """Emits `saved(message)` after every write, for the status bar."""

    saved = Signal(str)
    conversation_requested = Signal(object, object)   # (staff, Kind)
    record_requested = Signal(object, str)            # (staff, conversation id)
    conversation_offered = Signal(object)             # staff: open theirs, or ask which to start
    roster_imported = Signal()                        # the team changed in bulk: Home refreshes at once
    record_found = Signal(object)                     # Lookup: a form's QR text or record ID, then Enter

    def __init__(self, workspace: Workspace, parent: QWidget | None = None,
                 team: tuple[list[Staff], dict[str, StaffFacts]] | None = None):
        """`team`: people and their facts already worked out (the shell shares them with Home)."""
        super().__init__(parent)
        self.workspace = workspace
        self.repo = workspace.staff()
        self.conversations = workspace.conversations()
        self.profile = workspace.profile()
        self.model = StaffTableModel(self)

        self.search = SearchField("Search names, assignment numbers, roles, job titles, or scan a form…",
                                  "Search the team")
        self.search.setToolTip("Type to search the team. Scan a paper form's QR code (or type its record ID) "
                               "and press Enter to open its record.")
        search_label = QLabel("&Search")
        search_label.setBuddy(self.search)
        self.role_filter = compact(QComboBox(), 14)
        self.role_filter.addItem("All roles", None)
        for role in Role:
            self.role_filter.addItem(role.label, role.value)  # Qt hands str-enums back as str
        self.role_filter.setAccessibleName("Filter by role")
        role_label = QLabel("&Role")
        role_label.setBuddy(self.role_filter)
        self.status_filter = compact(QComboBox(), 10)
        for label, _ in _STATUS_FILTERS:
            self.status_filter.addItem(label)
        self.status_filter.setAccessibleName("Filter by status")
        status_label = QLabel("Sh&ow")
        status_label.setBuddy(self.status_filter)
        self.add_button = QPushButton("&Add person")
        self.add_button.setToolTip("Add a person by hand (Ctrl+N)")
        self.import_button = QPushButton("&Import roster…")
        self.import_button.setToolTip("Add or update staff from an ESR roster CSV (Ctrl+I)")

        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        bar.addWidget(role_label)
        bar.addWidget(self.role_filter, 1)
        bar.addWidget(status_label)
        bar.addWidget(self.status_filter, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.import_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Team")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        bold = QFont(self.table.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        for column, width in enumerate((145, 0, 118, 0, 172, 0, 112, 60)):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            self.table.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 26))
        header.setStretchLastSection(True)

        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_label, 1)
        left_layout.addWidget(self.count_label)

        self.panel = StaffPanel()
        self._before_add: str | None = None   # whom Cancel on an add returns to
        splitter = main_with_side(left, self.panel, (900, 340))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(lambda text: self._apply_filters())
        self.search.returnPressed.connect(self._search_entered)
        self.role_filter.currentIndexChanged.connect(lambda i: self._apply_filters())
        self.status_filter.currentIndexChanged.connect(lambda i: self._apply_filters())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, prev: self._row_changed(cur.row()))
        # Sorting reorders rows and filtering rebuilds them: the highlight follows the person, not the row.
        self.model.layoutChanged.connect(lambda *args: self._keep_person())
        self.model.modelReset.connect(self._keep_person)
        self.add_button.clicked.connect(self.start_add)
        self.import_button.clicked.connect(self.choose_roster)
        self.panel.save_requested.connect(self._save)
        self.panel.leaver_requested.connect(self._mark_leaver)
        self.panel.reinstate_requested.connect(self._reinstate)
        self.panel.cancelled.connect(self._cancel_add)
        self.panel.conversation_requested.connect(self.conversation_requested)
        self.panel.record_requested.connect(self.record_requested)
        self.panel.conversation_offered.connect(self.conversation_offered)
        self.panel.discard_requested.connect(self._discard)
        self.table.activated.connect(self._activated)

        self.setTabOrder(self.search, self.role_filter)
        self.setTabOrder(self.role_filter, self.status_filter)
        self.setTabOrder(self.status_filter, self.add_button)
        self.setTabOrder(self.add_button, self.import_button)
        self.setTabOrder(self.import_button, self.table)
        self.setTabOrder(self.table, self.panel)

        # With the facts already worked out (for Home), the table is filled when first shown.
        self._pending = team
        if team is None:
            self._apply_filters(reload=True)
        else:
            self.model.facts = team[1]

    # --- loading and filtering ----------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.ensure_loaded()
        super().showEvent(event)

    def ensure_loaded(self) -> None:
        if self._pending is not None:
            team, self._pending = self._pending, None
            self._apply_filters(reload=True, team=team)

    @property
    def people_and_facts(self) -> tuple[list[Staff], dict[str, StaffFacts]]:
        """Everyone on the team and their facts, loaded into the table or not."""
        if self._pending is not None:
            return self._pending
        return list(self.model.objects), self.model.facts

    def reload(self, select_id: str | None = None) -> None:
        self._pending = None
        self._apply_filters(reload=True, select_id=select_id)

    def _apply_filters(self, reload: bool = False, select_id: str | None = None,
                       team: tuple[list[Staff], dict[str, StaffFacts]] | None = None) -> None:
        if not reload:
            self.ensure_loaded()
        current = select_id or (self.panel.staff.id if self.panel.staff else None)
        predicate = self._passes_filters
        if reload:
            self.model.set_filter(self.search.text(), predicate, apply=False)   # set_team filters once
            people = team[0] if team else self.repo.all()
            self.model.set_team(people, team[1] if team else self.workspace.team_facts(people, date.today()))
            self._refresh_panel_conversations()
        else:
            self.model.set_filter(self.search.text(), predicate)
        self._update_counts()
        if current:
            self.select(current)

    def _passes_filters(self, staff: Staff) -> bool:
        """Whether the role and status filters (not the search) let `staff` into the table."""
        role = Role(self.role_filter.currentData()) if self.role_filter.currentData() else None
        status_predicate = _STATUS_FILTERS[self.status_filter.currentIndex()][1]
        return (role is None or staff.role is role) and (status_predicate is None or status_predicate(staff))

    def _update_counts(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count_label.setText(f"Showing {shown} of {total} staff" if total else "")
        if total == 0:
            self.empty_label.setText("No staff in this workspace yet.\n\nImport your station's roster from "
                                     "ESR (Import roster…, Ctrl+I) or add people one by one (Add person, Ctrl+N).")
        elif shown == 0:
            self.empty_label.setText("No one matches this search and filter.\n\nClear the search (Esc) or "
                                     "choose “Everyone” under Show.")
        self.empty_label.setVisible(shown == 0)
        self.table.setVisible(shown > 0)

    def select(self, staff_id: str) -> None:
        self.ensure_loaded()
        select_row(self.table, self.model.row_of_id(staff_id))

    def highlighted(self) -> Staff | None:
        """The person on the table's current row (the one Enter opens)."""
        index = self.table.currentIndex()
        return self.model.object_at(index.row()) if index.isValid() else None

    def _keep_person(self) -> None:
        """After the rows change (sort, filter, search, reload), highlight the panel's person again, by id.

        If they are no longer in the list, the panel empties rather than show someone the table does not
        (unsaved edits stay until the manager decides). A reloaded person shows their stored details."""
        staff = self.panel.staff
        if staff is None or self.panel.is_new:
            return
        row = self.model.row_of_id(staff.id or "")
        if row < 0:
            self.table.selectionModel().clearSelection()
            self.table.selectionModel().clearCurrentIndex()
            if not self.panel.is_dirty():
                self.panel.show_empty()
            return
        current = self.model.object_at(row)
        select_row(self.table, row)
        if current is not None and current != staff and not self.panel.is_dirty():
            self._show_in_panel(current)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _row_changed(self, row: int) -> None:
        staff = self.model.object_at(row)
        if staff is None:
            if row < 0 and not self.panel.is_new and not self.panel.is_dirty():
                self.panel.show_empty()
            return
        if (self.panel.staff and staff.id == self.panel.staff.id and not self.panel.is_new):
            return
        if not self.confirm_leave_panel():
            return
        self._show_in_panel(staff)

    def shutdown(self) -> None:
        self.table.selectionModel().blockSignals(True)
        self.model.set_team([], {})

    def _refresh_one(self, staff: Staff) -> None:
        self.model.facts.update(self.workspace.team_facts([staff], date.today()))
        self.model.replace_staff(staff)

    def _show_in_panel(self, staff: Staff) -> None:
        self.panel.show_staff(staff)
        self._refresh_panel_conversations()

    def _refresh_panel_conversations(self) -> None:
        staff = self.panel.staff
        if staff is None or self.panel.is_new:
            return
        self.panel.set_open_conversation(self.model.facts.get(staff.id or ""))
        self.panel.set_history(self.conversations.history(staff.id or ""))

    def _activated(self, index) -> None:
        """Enter (or double-click) on a person opens their open conversation, or offers to start one."""
        staff = self.model.object_at(index.row())
        if staff is not None and staff.is_active:
            self.conversation_offered.emit(staff)

    def confirm_leave_panel(self) -> bool:
        """Ask before unsaved edits in the panel are dropped; True means go ahead."""
        if not self.panel.is_dirty():
            return True
        who = self.panel.staff.display_name if self.panel.staff else "the new person"
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save your changes to {who} first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            self.panel.save_button.click()
            return not self.panel.is_dirty()
        return answer == QMessageBox.StandardButton.Discard

    # --- actions ---------------------------------------------------------------------
    def start_add(self) -> None:
        if self.confirm_leave_panel():
            self._before_add = self.panel.staff.id if self.panel.staff and not self.panel.is_new else None
            self.table.clearSelection()
            self.panel.start_new()

    def _cancel_add(self) -> None:
        """Cancelling an add goes back to whoever was highlighted before it, so the row and the panel agree."""
        before, self._before_add = self._before_add, None
        if before is not None and self.model.row_of_id(before) >= 0:
            self.panel.show_empty()
            self.table.setCurrentIndex(QModelIndex())   # so selecting the row again is a change the panel hears
            self.select(before)
            return
        self.table.setCurrentIndex(QModelIndex())
        self.panel.show_empty()

    def _save(self, staff: Staff, is_new: bool) -> None:
        try:
            stored = self.repo.add(staff) if is_new else self.repo.update(staff)
        except StaffValidationError as exc:
            self.panel.show_errors(exc.problems)
            return
        self.panel.show_staff(stored)   # the panel is theirs now: moving the highlight asks nothing
        if is_new:
            self.reload(select_id=stored.id)
            self.saved.emit(f"Added {stored.display_name}")
        else:
            self._refresh_one(stored)
            self.saved.emit(f"Saved {stored.display_name}")
        self._reveal(stored)
        self._update_counts()
        self._show_in_panel(stored)

    def _search_entered(self) -> None:
        """Enter in the search: a form's QR text (a USB scanner types it, then Enter) or a record ID opens that
        record. A bare run of digits that finds people is a search for them, not a record ID."""
        code = read_code(self.search.text())
        if code is None or (not code.explicit and self.model.rowCount() > 0):
            self.search.selectAll()   # so what is typed or scanned next replaces the search
            return
        found = self.workspace.records().find(code)
        if found.opens:
            self.record_found.emit(found)
        elif code.explicit or found.found is not Found.UNKNOWN:
            self.empty_label.setText(f"⚠ {found.message()}")
            self.empty_label.setAccessibleName(f"Record not opened: {found.message()}")
            self.search.selectAll()   # the next scan replaces it

    def reveal(self, staff: Staff) -> None:
        """Highlight `staff` (their details in the panel), clearing a search or filter that hides them."""
        self._reveal(staff)

    def _reveal(self, staff: Staff) -> None:
        """Keep a person just added or saved in view: if the search or filters would hide them, they are
        cleared (quietly, one refilter), so the highlighted row and the panel stay the same person."""
        if self.model.row_of_id(staff.id or "") < 0:
            boxes = (self.search, self.role_filter, self.status_filter)
            for box in boxes:
                box.blockSignals(True)
            self.search.clear()
            self.role_filter.setCurrentIndex(0)
            self.status_filter.setCurrentIndex(0 if staff.is_active else len(_STATUS_FILTERS) - 1)
            for box in boxes:
                box.blockSignals(False)
            self.model.set_filter(self.search.text(), self._passes_filters)
        self.select(staff.id or "")

    def _after_status_change(self, stored: Staff, done: str) -> None:
        """Marked as a leaver or reinstated: shown if the filter still lists them; otherwise they leave the
        table and the panel together, and the status bar says where to find them."""
        self._refresh_one(stored)
        self._update_counts()
        if self.model.row_of_id(stored.id or "") >= 0:
            self.select(stored.id or "")
            self._show_in_panel(stored)
            self.saved.emit(f"{stored.display_name} {done}")
        else:
            where = "Leavers" if not stored.is_active else "Active staff"
            self.saved.emit(f"{stored.display_name} {done}; choose Show → {where} or Everyone to see them")

    def _mark_leaver(self, staff: Staff) -> None:
        dialog = LeaverDialog(staff, self)
        if dialog.exec() != LeaverDialog.DialogCode.Accepted:
            return
        try:
            stored = self.repo.mark_leaver(staff.id or "", dialog.chosen_date())
        except StaffValidationError as exc:
            self.panel.show_errors(exc.problems)
            return
        tidy_feedback(self.workspace)    # a leaver's open 360 round is withdrawn, its files wiped
        self._after_status_change(stored, "marked as a leaver")

    def _reinstate(self, staff: Staff) -> None:
        stored = self.repo.reinstate(staff.id or "")
        self._after_status_change(stored, "reinstated")

    def _discard(self, staff: Staff) -> None:
        """Throw away the person's planned conversation (nothing recorded in it), after asking."""
        conversation = self.conversations.open_for(staff.id or "")
        if conversation is None or conversation.status is not Status.PLANNED:
            self._refresh_one(staff)
            self._show_in_panel(staff)
            return
        printed = self.conversations.blank_form_printed(conversation.id or "")
        if not confirm_discard(self, staff, conversation.kind, conversation.id or "",
                               uk_timestamp(printed) if printed else None):
            return
        try:
            self.conversations.discard(conversation.id or "")
        except (RecordLocked, ValueError) as exc:
            QMessageBox.warning(self, "Not discarded", str(exc))
            return
        self._refresh_one(staff)
        self._update_counts()
        self._show_in_panel(staff)
        self.saved.emit(f"Discarded the planned {conversation.kind.noun} with {staff.display_name}")

    def choose_roster(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import roster", str(Path.home()),
                                              "Roster files (*.csv *.txt);;All files (*)")
        if path:
            self.import_roster(Path(path))

    def import_roster(self, path: Path) -> RosterImportDialog | None:
        """Preview `path`; returns the dialog (already closed) or None if the file was refused."""
        try:
            dialog = RosterImportDialog(path, self.repo, self)
        except RosterFileError as exc:
            QMessageBox.warning(self, "Roster not imported", f"{exc}\n\nNothing was changed.")
            return None
        if dialog.exec() == RosterImportDialog.DialogCode.Accepted:
            self.reload()
            self.saved.emit(f"Roster imported: {dialog.plan.summary()}")
            self.roster_imported.emit()
        return dialog
