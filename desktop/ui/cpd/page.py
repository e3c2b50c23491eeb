"""A staff member's learning: CPD log, training and HCPC profile, as tabs under one heading."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.domain.staff import Staff
from desktop.store.workspace import Workspace
from desktop.sync.cpd_portable import (
    FileOwner, PortableFileError, different_person, export_portable, file_owner, import_portable,
)
from desktop.ui import print_actions
from desktop.ui.cpd.log_tab import CpdLogTab
from desktop.ui.cpd.profile_tab import ProfileTab
from desktop.ui.cpd.training_tab import TrainingTab

TABS = ("cpd", "training", "profile")


class LearningPage(QWidget):
    """Emits `closed()` to go back, `saved(message)` after writes."""

    closed = Signal()
    saved = Signal(str)
    unsaved = Signal()   # something typed or removed is not saved yet

    def __init__(self, workspace: Workspace, staff: Staff, tab: str = "cpd", parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.staff = staff
        self.back = QPushButton("← Back")
        self.back.setToolTip("Return to where you were (Esc)")
        title = QLabel(f"CPD and training — {staff.display_name}")
        title.setObjectName("pageHeading")
        sub = QLabel(" · ".join(x for x in (staff.job_title, f"HCPC {staff.hcpc_number}" if staff.hcpc_number else "",
                                            staff.assignment_number) if x))
        sub.setObjectName("hint")
        for label in (title, sub):
            label.setWordWrap(True)   # a narrow window wraps the name instead of cutting the page off
        header = QHBoxLayout()
        header.addWidget(self.back)
        header.addWidget(title)
        header.addWidget(sub, 1)

        self.log = CpdLogTab(workspace, staff)
        self.training = TrainingTab(workspace, staff)
        self.profile = ProfileTab(workspace, staff)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("CPD, training and HCPC profile")
        self.tabs.addTab(self.log, "&CPD log")
        self.tabs.addTab(self.training, "&Training")
        self.tabs.addTab(self.profile, "HCPC &profile")
        self.tabs.setCurrentIndex(TABS.index(tab) if tab in TABS else 0)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

        for part in (self.log, self.training, self.profile):
            part.saved.connect(self.saved)
        self.log.unsaved.connect(self.unsaved)
        self.profile.unsaved.connect(self.unsaved)
        self.log.changed.connect(self.profile.reload)
        self.back.clicked.connect(self.leave)
        self.profile.print_requested.connect(self._print)
        self.profile.export_requested.connect(lambda: self.export_portable())
        self.profile.import_requested.connect(lambda: self.import_portable())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.leave)

    def save_now(self) -> bool:
        """Before leaving or locking: the profile draft saves itself; an unsaved CPD entry is asked about."""
        self.profile.save_now()
        return self.log.confirm_leave()

    def leave(self) -> None:
        if self.save_now():
            self.closed.emit()

    def _print(self) -> None:
        self.profile.save_now()
        print_actions.open_cpd_profile(self, self.workspace, self.staff)

    def export_portable(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export portable CPD file", f"CPD {self.staff.first_name} {self.staff.last_name}.zip",
                "Portable CPD file (*.zip)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            export_portable(self.workspace.cpd(), self.staff, path)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported", f"{path}: {exc.strerror}. Choose another folder; nothing "
                                "was written there.")
            return None
        self.saved.emit(f"Portable CPD file saved: {path.name}")
        return path

    def _confirm_other_person(self, path: Path, owner: FileOwner) -> bool:
        """The file names someone else: import only on an explicit Yes (No is the default)."""
        person = self.staff
        mine = f"{person.first_name} {person.last_name}" + (f" (HCPC {person.hcpc_number})" if person.hcpc_number
                                                            else "")
        box = QMessageBox(QMessageBox.Icon.Warning, "A different person's CPD file?",
                          f"{path.name} is the CPD log of {owner.described()}.\n\nYou are importing it into "
                          f"the log of {mine}.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          self)
        box.setInformativeText("Import it only if this is the same person under another name or number. "
                               "Otherwise choose No and open the right person's CPD log.")
        box.button(QMessageBox.StandardButton.Yes).setText(f"&Yes, add to {person.display_name}'s log")
        box.button(QMessageBox.StandardButton.No).setText("&No, do not import")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def import_portable(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Import portable CPD file", "", "Portable CPD file (*.zip)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            owner = file_owner(path)
            confirmed = different_person(owner, self.staff)
            if confirmed and not self._confirm_other_person(path, owner):
                return False
            outcome = import_portable(self.workspace.cpd(), self.staff, path, other_person_confirmed=confirmed)
        except (PortableFileError, OSError) as exc:
            QMessageBox.warning(self, "Not imported", f"{exc}. Nothing was imported.")
            return False
        lines = [f"{outcome.added} entries added ({outcome.evidence_files} evidence files)",
                 f"{outcome.duplicates} already in the log, skipped"]
        lines += [f"Entry {r['entry']} ({r['title'] or 'untitled'}) refused: {r['reason']}" for r in outcome.refused]
        QMessageBox.information(self, "Portable CPD file imported", "\n".join(lines))
        self.log.reload()
        self.profile.reload()
        self.saved.emit(f"Imported {outcome.added} CPD entries from {path.name}")
        return True
