"""The Sync page: what is waiting for HR, the outbox of bundles not yet acknowledged, and the history."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from desktop.domain.dates import uk_timestamp
from desktop.store.workspace import RESTORE_RESENDS, BundleRecord, Workspace
from desktop.sync import folders, station
from desktop.domain.errors import EadrError
from desktop.ui.errors import show_error
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.operations import Operation
from desktop.ui.widgets.forms import write_failure_text
from desktop.ui.widgets.tables import list_table
from shiboken6 import isValid

if TYPE_CHECKING:
    from desktop.ui.auto_sync import AutoSync

_LABELS = {"staff": "staff", "conversations": "conversations", "objectives": "objectives",
           "development_items": "development-plan items", "cpd_entries": "CPD entries",
           "cpd_evidence": "evidence files", "training_courses": "training courses",
           "training_records": "training records", "tombstones": "deletions"}

_OUTBOX: list[Column[BundleRecord]] = [
    Column("Bundle", lambda b: str(b.sequence), sort_key=lambda b: b.sequence, align_right=True),
    Column("Written", lambda b: uk_timestamp(b.at), sort_key=lambda b: b.at),
    Column("Records", lambda b: f"{b.records:,}", sort_key=lambda b: b.records, align_right=True),
    Column("Still there?", lambda b: "Yes" if Path(b.file).is_file() else "No: moved or on a USB stick"),
    Column("File", lambda b: b.file, tooltip=lambda b: b.file),
]
_HISTORY: list[Column[BundleRecord]] = [
    Column("When", lambda b: uk_timestamp(b.at), sort_key=lambda b: b.at),
    Column("Direction", lambda b: "To HR" if b.direction == "out" else "From HR"),
    Column("Number", lambda b: str(b.sequence) if b.sequence else "—", sort_key=lambda b: b.sequence,
           align_right=True),
    Column("Outcome", lambda b: b.outcome.capitalize()),
    Column("Records", lambda b: f"{b.records:,}", sort_key=lambda b: b.records, align_right=True),
    Column("What happened", lambda b: b.summary or Path(b.file).name, tooltip=lambda b: b.summary or b.file),
]


def describe_waiting(counts: dict[str, int], in_folder: bool = False) -> str:
    """`in_folder`: all of it is already in a bundle in the sync folder, waiting only for HR to acknowledge."""
    total = sum(counts.values())
    if not total:
        return "Nothing is waiting: HR has acknowledged everything recorded here."
    parts = ", ".join(f"{n:,} {_LABELS.get(k, k)}" for k, n in counts.items() if n)
    if in_folder:
        return f"{total:,} records are in the sync folder for HR, not yet acknowledged: {parts}."
    return f"{total:,} records are waiting to go to HR: {parts}."


class SyncPage(QWidget):
    saved = Signal(str)

    def __init__(self, workspace: Workspace, auto_sync: AutoSync | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.auto_sync = auto_sync
        self.last_bundle: Path | None = None   # the bundle this page wrote last
        self._counting: Operation[dict[str, int]] | None = None
        self._counting_for = 0
        self.status = QLabel()
        self.status.setObjectName("panelHeading")
        self.status.setWordWrap(True)
        self.waiting = QLabel()
        self.waiting.setWordWrap(True)
        self.waiting.setAccessibleName("Waiting to send")
        self.export_button = QPushButton("W&rite a bundle for HR…")
        self.export_button.setAccessibleName("Write a bundle for HR")
        self.export_button.setToolTip("Everything HR has not yet acknowledged, encrypted for HR, to a folder or "
                                      "USB stick")
        self.import_button = QPushButton("&Apply a reference bundle from HR…")
        self.import_button.setAccessibleName("Apply a reference bundle from HR")
        self.enrol_button = QPushButton("&Join HR's hub with an enrolment file…")
        self.enrol_button.setToolTip("HR sends each station an enrolment file; it pins HR's keys and gives HR a "
                                     "recovery slot for this workspace")
        self.folder_heading = QLabel("Sync folder")
        self.folder_heading.setObjectName("panelHeading")
        self.folder_state = QLabel()
        self.folder_state.setWordWrap(True)
        self.folder_state.setAccessibleName("Sync folder state")
        self.folder_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_paths = QLabel()
        self.folder_paths.setWordWrap(True)
        self.folder_paths.setObjectName("hint")
        self.folder_paths.setAccessibleName("Sync folder location")
        self.folder_paths.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton("Set the sync &folder…")
        self.folder_button.setAccessibleName("Set the sync folder")
        self.folder_button.setToolTip("A shared, network or OneDrive folder: bundles for HR are written there by "
                                      "themselves, and HR's replies are applied from there")
        self.clear_folder_button = QPushButton("Stop using the sync folder")
        self.clear_folder_button.setAccessibleName("Stop using the sync folder")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(self.clear_folder_button)
        folder_row.addStretch(1)
        enrol_row = QHBoxLayout()   # a row of its own: three long buttons in one row overflow a small screen
        enrol_row.addWidget(self.enrol_button)
        enrol_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        self.outbox_model: ObjectTableModel[BundleRecord] = ObjectTableModel(_OUTBOX, self)
        self.history_model: ObjectTableModel[BundleRecord] = ObjectTableModel(_HISTORY, self)
        self.outbox = list_table(self.outbox_model, "Outbox: bundles HR has not yet acknowledged",
                                 order=Qt.SortOrder.DescendingOrder)
        self.history = list_table(self.history_model, "Sync history", order=Qt.SortOrder.DescendingOrder)
        outbox_label = QLabel("&Outbox: bundles written that HR has not yet acknowledged. Keep them until it does; "
                              "the next bundle carries their records again anyway.")
        outbox_label.setWordWrap(True)
        outbox_label.setBuddy(self.outbox)
        history_label = QLabel("H&istory")
        history_label.setBuddy(self.history)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.waiting)
        layout.addLayout(enrol_row)
        layout.addWidget(self.folder_heading)
        layout.addWidget(self.folder_state)
        layout.addWidget(self.folder_paths)
        layout.addLayout(folder_row)
        self.manual_heading = QLabel("By hand (a USB stick, or email)")
        self.manual_heading.setObjectName("panelHeading")
        layout.addWidget(self.manual_heading)
        layout.addLayout(buttons)
        layout.addWidget(outbox_label)
        layout.addWidget(self.outbox, 1)
        layout.addWidget(history_label)
        layout.addWidget(self.history, 2)
        self.export_button.clicked.connect(lambda: self.export_to())
        self.import_button.clicked.connect(lambda: self.apply_reference())
        self.enrol_button.clicked.connect(lambda: self.enrol())
        self.folder_button.clicked.connect(lambda: self.choose_folder())
        self.clear_folder_button.clicked.connect(lambda: self.clear_folder())

    def reload(self, waiting: dict[str, int] | None = None) -> None:
        """`waiting`: the counts of what waits for HR, when already read elsewhere. Otherwise they are counted
        (every table, about 0.1 s for a large station) on a reader connection in the background, and the line
        says "Counting…" until they arrive."""
        hub = station.enrolment(self.workspace)
        self._counting_for += 1   # a count still running for an earlier reload is not shown
        if hub is None:
            self.status.setText("Not joined to an HR hub yet")
            self.waiting.setText("Ask HR for an enrolment file for this station, then choose “Join HR's hub” "
                                 "(or run eadr-station enrol). Until then nothing can be sent.")
        else:
            self.status.setText(f"Joined {hub['trust']}'s HR hub as station {hub['station']}")
            restored = (f" This workspace was restored from a backup. {RESTORE_RESENDS}"
                        if self.workspace.resending_after_restore() else "")
            in_folder = folders.get(self.workspace) is not None and not folders.needs_bundle(self.workspace.db)
            if waiting is None:
                self._count_waiting(restored, in_folder)
            else:
                self.waiting.setText(describe_waiting(waiting, in_folder) + restored)
        self.enrol_button.setVisible(hub is None)
        self._show_folders(hub is not None)
        self.export_button.setEnabled(hub is not None)
        self.import_button.setEnabled(hub is not None)
        self.outbox_model.set_rows(self.workspace.bundle_outbox())
        self.history_model.set_rows(self.workspace.bundle_history())

    @property
    def counting(self) -> bool:
        """True while the count of what waits for HR is still being made."""
        return self._counting is not None and self._counting.running

    def _count_waiting(self, restored: str, in_folder: bool) -> None:
        workspace, ticket = self.workspace, self._counting_for
        self.waiting.setText("Counting the records waiting to go to HR…" + restored)

        def count(_progress) -> dict[str, int]:
            with workspace.reading() as reader:   # a connection of its own, on this worker thread
                return reader.bundles_waiting()

        def counted(waiting: dict[str, int]) -> None:
            if ticket == self._counting_for and isValid(self.waiting):
                self.waiting.setText(describe_waiting(waiting, in_folder) + restored)

        def not_counted(exc: Exception) -> None:
            if ticket == self._counting_for and isValid(self.waiting):
                self.waiting.setText(f"The records waiting to go to HR could not be counted ({exc}). Show this page "
                                     "again to retry." + restored)
        self._counting = Operation(self, count).success(counted).failure(not_counted).run_in_background()

    # --- the sync folder ---------------------------------------------------------------------
    def _show_folders(self, enrolled: bool) -> None:
        chosen = folders.get(self.workspace) if enrolled else None
        for widget in (self.folder_heading, self.folder_state, self.folder_paths, self.folder_button):
            widget.setVisible(enrolled)
        self.manual_heading.setVisible(enrolled)
        self.clear_folder_button.setVisible(chosen is not None)
        if chosen is None:
            self.folder_button.setText("Set the sync &folder…")
            self.folder_state.setText("Not set: bundles go to HR only when you write one below. Set a shared or "
                                      "OneDrive folder HR can see, and EADR Station sends and receives by itself.")
            self.folder_paths.setText("")
            self.folder_paths.hide()
            return
        self.folder_button.setText("Change the sync &folder…")
        if chosen.shared:
            self.folder_paths.setText(f"Bundles for HR and HR's replies: {chosen.outbox}")
        else:
            self.folder_paths.setText(f"Bundles for HR go to: {chosen.outbox}\nHR's replies are taken from: "
                                      f"{chosen.inbox}")
        self.folder_paths.show()
        self.show_folder_status(self.auto_sync.status if self.auto_sync is not None else "")

    def show_folder_status(self, status: str) -> None:
        """The automatic sync's state in words (the AutoSync's status line)."""
        if folders.get(self.workspace) is None or station.enrolment(self.workspace) is None:
            return
        self.folder_state.setText(status or "Set: looking at the sync folder…")

    def choose_folder(self, chosen: Path | None = None) -> folders.SyncFolders | None:
        """The folder HR can see; a subfolder named after the station is used (made if need be) unless the
        folder chosen is already the station's own, so several stations can share one folder."""
        hub = station.enrolment(self.workspace)
        if hub is None:
            return None
        if chosen is None:
            current = folders.get(self.workspace)
            picked = QFileDialog.getExistingDirectory(self, "Sync folder shared with HR (network, SharePoint or "
                                                      "OneDrive)", str(current.outbox.parent) if current else "")
            if not picked:
                return None
            chosen = Path(picked)
        target = chosen if chosen.name.upper() == hub["station"].upper() else folders.suggested(chosen,
                                                                                                 hub["station"])
        try:
            target.mkdir(exist_ok=True)
        except OSError as exc:
            show_error(self, EadrError(write_failure_text(target, exc), where=str(target),
                                       hint="Choose a folder you can write to. Nothing was changed."),
                       "Sync folder not set")
            return None
        saved = folders.save(self.workspace, target)
        self.reload()
        self.saved.emit(f"Sync folder set: {target}. Bundles for HR are written there by themselves.")
        if self.auto_sync is not None:
            self.auto_sync.folders_changed()
        return saved

    def clear_folder(self) -> None:
        folders.clear(self.workspace)
        if self.auto_sync is not None:
            self.auto_sync.folders_changed()
        self.reload()
        self.saved.emit("Sync folder no longer used: write bundles for HR by hand from now on")

    def enrol(self, path: Path | None = None) -> bool:
        """Join HR's hub from the enrolment file HR sent for this station."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "HR's enrolment file for this station", "",
                                                    "Enrolment file (*.json *.enrol);;All files (*)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            found = station.enrol(self.workspace, path, self.workspace.database_key)
        except (station.SyncError, OSError) as exc:
            QMessageBox.warning(self, "Not joined", f"{exc}. Nothing was changed.")
            return False
        self.reload()
        self.saved.emit(f"Joined {found['trust']}'s HR hub as station {found['station']}")
        return True

    def export_to(self, folder: Path | None = None) -> Operation[tuple[station.PreparedExport, Path, dict[str, int]]] | None:
        """Read what is waiting (on a connection of the worker's own), seal and write it in the background
        (progress, Cancel); the bundle is recorded here, on the workspace's connection, once written. `saved`
        says what happened, Cancelled included."""
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Folder or USB stick for the bundle")
            if not chosen:
                return None
            folder = Path(chosen)
        target = folder

        def not_written(exc: Exception) -> None:
            if isinstance(exc, OSError):
                reason = exc.strerror or str(exc)
                exc = EadrError(f"{target}: {reason}.", where=str(target),
                                hint="Nothing was sent; choose another folder or USB stick and try again.")
            show_error(self, exc, "Bundle not written")
        workspace = self.workspace

        def work(progress) -> tuple[station.PreparedExport, Path, dict[str, int]]:
            with workspace.reading() as reader:   # a connection of its own, on this worker thread
                prepared = station.prepare_export(reader)
                waiting = reader.bundles_waiting()   # the page's counts after, read here too
            path = station.seal_export(prepared, target, progress)
            return station.without_rows(prepared), path, waiting   # the rows are let go here, not on the GUI

        def written(result: tuple[station.PreparedExport, Path, dict[str, int]]) -> None:
            prepared, path, waiting = result
            try:
                record = station.finish_export(self.workspace, prepared, path)
            except OSError as exc:
                not_written(exc)
                return
            self.last_bundle = path
            self.reload(waiting)
            self.saved.emit(f"Bundle {record.sequence} written to {path} ({record.records:,} records)")

        if self.auto_sync is not None and self.auto_sync.exporting is not None and self.auto_sync.exporting.running:
            self.saved.emit("A bundle is being written to the sync folder just now; write this one in a moment")
            return None
        self.export_button.setEnabled(False)   # one bundle at a time: each takes the next number
        operation = (Operation(self, work)
                     .with_progress("Writing the bundle for HR")
                     .success(written)
                     .failure(not_written)
                     .cancelled(lambda: self.saved.emit("Cancelled: no bundle was written and nothing was sent to HR"))
                     .finally_(lambda: self.export_button.setEnabled(station.enrolment(self.workspace) is not None))
                     .run_in_background())
        if self.auto_sync is not None:
            self.auto_sync.by_hand = operation   # the automatic one waits for it
        return operation

    def apply_reference(self, path: Path | None = None) -> station.ImportOutcome | None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "HR's reference bundle", os.path.expanduser("~"),
                                                    "EADR bundles (*.eadr-bundle);;All files (*)")
            if not chosen:
                return None
            path = Path(chosen)
        outcome = station.import_reference(self.workspace, path)
        self.reload()
        if outcome.outcome == "rejected":
            QMessageBox.warning(self, "Reference bundle refused", f"{path.name} was not applied: {outcome.reason}. "
                                "Nothing was changed.")
        else:
            self.saved.emit(outcome.line())
        return outcome
