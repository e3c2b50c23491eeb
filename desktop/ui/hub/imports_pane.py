"""Imports and conflicts tab: importing station bundles (off the GUI thread), writing reference bundles,
enrolment files and HR's age identity, and resolving conflicts. The Hub menu runs the same actions."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from desktop.domain.dates import uk_timestamp
from desktop.domain.errors import Cancelled
from desktop.hub.report_text import imports_words
from desktop.hub.service import IDENTITY_WARNING, Hub, HubError, ImportResult, keep_refused
from desktop.ui.hub.identity_dialog import IdentityPassphraseDialog
from desktop.ui.hub.report_pane import clear, styled_page, table_view, words_label
from desktop.ui.operations import Operation

_BUNDLE_HEADERS = ["received_at", "station", "sequence", "records", "quarantined", "conflicts", "gap", "file_name"]


class ImportsPane(QWidget):
    """`status` carries a message for the window's status bar (text, milliseconds); `imported` says the
    hub's figures changed, so every report is drawn again."""

    status = Signal(str, int)
    imported = Signal()

    def __init__(self, hub: Hub, parent: QWidget | None = None):
        super().__init__(parent)
        self.hub = hub
        self.running: Operation[list[ImportResult]] | None = None   # the import under way, if any
        styled_page(self)
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        for text, slot, name in (("Import station &bundles…", self.import_bundles, "import"),
                                 ("Write a reference b&undle…", self.write_reference, "reference"),
                                 ("Write an e&nrolment file…", self.write_enrolment, "enrolment"),
                                 ("Export HR's age identit&y…", self.export_identity, "identity")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, f=slot: f())
            setattr(self, f"{name}_button", button)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.body = QWidget()   # the buttons stay put (and keep the focus); what they change is drawn again
        QVBoxLayout(self.body).setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)

    def refresh(self) -> None:
        layout = clear(self.body)
        conflicts = self.hub.conflicts()
        quarantined = self.hub.quarantined()
        layout.addWidget(words_label(imports_words(len(self.hub.workspaces()), len(self.hub.stations()),
                                                   len(conflicts), len(quarantined)), "Imports summary"))
        rows = [[uk_timestamp(b["received_at"])] + [b[h] for h in _BUNDLE_HEADERS[1:]] for b in self.hub.bundles()]
        for title, name, headers, data in (
                ("Bundles received", "Bundles received", _BUNDLE_HEADERS, rows),
                ("&Conflicts: the same record from two stations. Select one and keep a version; the other is kept "
                 "too, marked superseded",
                 "Conflicts", ["id", "part", "record_key", "held_station", "other_station", "detected_at"],
                 [[c["id"], c["part"], c["record_key"], c["held_station"], c["other_station"],
                   uk_timestamp(c["detected_at"])] for c in conflicts]),
                ("Quarantined records", "Quarantined records", ["at", "station", "part", "record_id", "reason"],
                 [[uk_timestamp(q["at"]), q["station"], q["part"], q["record_id"], q["reason"]] for q in quarantined])):
            view, model = table_view(None, name, headers, data)
            label = QLabel(title)
            label.setWordWrap(True)
            label.setBuddy(view)
            layout.addWidget(label)
            layout.addWidget(view, 1)
            if name == "Conflicts":
                self.conflict_view, self.conflict_model = view, model
                layout.addLayout(self._resolve_buttons(bool(conflicts)))

    def _resolve_buttons(self, any_open: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        self.keep_held = QPushButton("Keep the version &held")
        self.keep_other = QPushButton("Take the &other station's version")
        for button, keep in ((self.keep_held, "held"), (self.keep_other, "other")):
            button.setEnabled(any_open)
            button.clicked.connect(lambda _=False, k=keep: self.resolve_selected(k))
            row.addWidget(button)
        row.addStretch(1)
        return row

    def resolve_selected(self, keep: str, confirm: bool = True) -> bool:
        """Resolve the selected conflict, keeping the 'held' or the 'other' version (audited at the hub)."""
        selected = self.conflict_model.object_at(self.conflict_view.currentIndex().row())
        if selected is None:
            QMessageBox.information(self, "No conflict selected", "Select a conflict in the list first.")
            return False
        conflict_id, part, record_key, held_station, other_station = selected[:5]
        refused = keep_refused(part, keep)
        if refused:
            QMessageBox.information(self, "Keep the version held", refused)
            return False
        station = held_station if keep == "held" else other_station
        if confirm and QMessageBox.question(
                self, "Resolve conflict", f"Keep the version from {station} for {part} {record_key}? The other "
                "version is kept, marked superseded.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.hub.resolve_conflict(conflict_id, keep)
        except HubError as exc:   # resolved meanwhile (by the command line, say)
            QMessageBox.information(self, "Conflict not resolved", str(exc))
            self.refresh()
            return False
        self.refresh()
        self.status.emit(f"Conflict {conflict_id} resolved: kept the version from {station}", 6000)
        return True

    # --- actions (the Hub menu runs these too) -----------------------------------------------------
    def import_bundles(self, paths: list[Path] | None = None) -> Operation[list[ImportResult]] | None:
        """Import in the background, on a connection of the worker's own (one connection, one thread), with
        progress and Cancel; the window stays usable and every report is drawn again when it ends. A
        cancelled or failed import keeps the bundles already applied, each whole."""
        if self.running is not None:   # one import at a time: the hub applies bundles in order
            self.status.emit("An import is already under way; wait for it to finish, or press its Cancel.", 8000)
            return None
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(self, "Station bundles", os.path.expanduser("~"),
                                                     "EADR bundles (*.eadr-bundle);;All files (*)")
            paths = [Path(p) for p in chosen]
        if not paths:
            return None
        results: list[ImportResult] = []
        hub = self.hub

        def work(progress) -> list[ImportResult]:
            worker_hub = hub.another_connection()
            try:
                for n, path in enumerate(paths):
                    if not progress(n, len(paths)):
                        raise Cancelled()
                    results.append(worker_hub.import_file(path))
                progress(len(paths), len(paths))
            finally:
                worker_hub.close()
            return results

        def stopped(exc: Exception) -> None:
            QMessageBox.warning(self, "Import stopped", f"The import stopped with an error: {exc}. The bundles "
                                "listed before it were imported; nothing of the one that failed was applied.")
            ended(f"Import stopped: {len(results)} of {len(paths)} bundles imported; the rest were not touched")

        def ended(message: str | None = None) -> None:
            self.imported.emit()
            refused = [r for r in results if r.outcome == "rejected"]
            self.status.emit(message or f"{len(results) - len(refused)} imported or already held, {len(refused)} "
                             "refused", 10000)
            if refused:
                QMessageBox.warning(self, "Some bundles were refused", "\n".join(r.line() for r in results))

        def finished() -> None:
            self.running = None
            self.import_button.setEnabled(True)

        self.import_button.setEnabled(False)
        self.running = (Operation(self, work)
                        .with_progress(f"Importing {len(paths)} station bundle{'s' if len(paths) != 1 else ''}")
                        .success(lambda _results: ended())
                        .cancelled(lambda: ended(f"Import cancelled: {len(results)} of {len(paths)} bundles "
                                                 "imported; the rest were not touched"))
                        .failure(stopped)
                        .finally_(finished)
                        .run_in_background())
        return self.running

    def finish_running(self) -> None:
        """Before the hub closes: stop an import after the bundle under way (kept whole) and wait for it."""
        if self.running is not None:
            self.running.cancel()
            self.running.complete()

    def write_enrolment(self, station: str | None = None, path: Path | None = None) -> Path | None:
        """A one-time enrolment file for a station's workspace (treat it as a secret until used)."""
        if station is None:
            station, ok = QInputDialog.getText(self, "Enrolment file", "Station code (letters and digits):")
            if not ok or not station.strip():
                return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save the enrolment file",
                                                    str(Path.home() / f"{station.strip().upper()}-enrolment.json"),
                                                    "Enrolment file (*.json)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            written = self.hub.enrolment_file(station, path)
        except (HubError, OSError) as exc:
            QMessageBox.warning(self, "Enrolment file not written", str(exc))
            return None
        self.refresh()
        self.status.emit(f"Enrolment file written: {written}. Give it to the station's manager by hand or on an "
                         "encrypted stick; it is a secret until used.", 12000)
        return written

    def export_identity(self, path: Path | None = None) -> Path | None:
        """HR's age identity, passphrase-protected, for `age -d -i` (docs/bundle-format.md)."""
        dialog = IdentityPassphraseDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save HR's age identity", str(Path.home() / "identity.age"),
                                                    "age identity (*.age)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            written = self.hub.export_identity(path, dialog.passphrase())
        except (HubError, OSError) as exc:
            QMessageBox.warning(self, "Identity not exported", str(exc))
            return None
        QMessageBox.information(self, "HR's age identity exported", f"Written to {written}.\n\n{IDENTITY_WARNING}")
        self.status.emit(f"HR's age identity exported to {written}", 10000)
        return written

    def write_reference(self, station: str | None = None, folder: Path | None = None) -> Path | None:
        if station is None:
            codes = [code for code, _ in self.hub.stations()]
            station, ok = QInputDialog.getItem(self, "Reference bundle", "Station:", codes, 0, False)
            if not ok:
                return None
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the reference bundle")
            if not chosen:
                return None
            folder = Path(chosen)
        try:
            path = self.hub.reference_bundle(station, folder)
        except (HubError, OSError) as exc:
            QMessageBox.warning(self, "Reference bundle not written", str(exc))
            return None
        self.status.emit(f"Reference bundle written: {path}", 10000)
        return path
