"""The hub window's watcher: one tick box and a status line in the status bar. While ticked, the chosen
folder is looked at every few seconds on a worker (a hub connection of its own) by the same Watcher as
`eadr-station hub watch`; the reports reload when something was imported."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QLabel, QMainWindow, QWidget

from desktop.hub.service import Hub
from desktop.hub.watch import FILED, Filed, Watcher
from desktop.ui.operations import Operation

LOOK_EVERY_MS = 15_000


class WatchToggle(QWidget):
    def __init__(self, window: QMainWindow, hub: Hub, reload) -> None:
        super().__init__(window)
        self.window_ = window
        self.hub = hub
        self.reload = reload
        self.box = QCheckBox("&Watch the sync folder")
        self.box.setAccessibleName("Watch the sync folder for station bundles")
        self.box.setToolTip("Import each new station bundle that appears in the shared sync folder, and write "
                            "each station's reply back into its folder")
        self.state = QLabel("Not watching")
        self.state.setAccessibleName("Watching")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.state)
        self.timer = QTimer(self)
        self.timer.setInterval(LOOK_EVERY_MS)
        self.timer.timeout.connect(self.look)
        self.watcher: Watcher | None = None
        self.looking: Operation | None = None
        self.imported = 0
        self.box.toggled.connect(self._toggled)

    def _toggled(self, on: bool) -> None:
        if not on:
            self.timer.stop()
            self.watcher = None
            self.state.setText("Not watching")
            return
        folders = self.hub.watched_folders()
        if not folders:
            chosen = QFileDialog.getExistingDirectory(self, "The sync folder the stations write into")
            if not chosen:
                self.box.setChecked(False)
                return
            folders = [Path(chosen)]
            self.hub.set_watched_folders(folders)
        self.watcher = Watcher(self.hub, folders)
        self.state.setText(f"Watching {', '.join(f.name for f in folders)}")
        self.state.setToolTip("\n".join(str(f) for f in folders))
        self.timer.start()
        self.look()

    def stop(self) -> None:
        """The window is closing: no more looks, and the one under way finishes (its import is whole)."""
        self.timer.stop()
        self.watcher = None
        if self.looking is not None and self.looking.running:
            self.looking.complete()

    def look(self) -> Operation | None:
        watcher = self.watcher
        if watcher is None or (self.looking is not None and self.looking.running):
            return None
        hub = self.hub

        def work(_progress) -> list[Filed]:
            worker_hub = hub.another_connection()
            try:
                watcher.hub = worker_hub
                return watcher.look()
            finally:
                watcher.hub = hub
                worker_hub.close()

        def done(events: list[Filed]) -> None:
            waiting = [e for e in events if e.outcome == "waiting"]
            filed = [e for e in events if e.outcome in FILED]
            self.imported += sum(e.outcome == "imported" for e in filed)
            if waiting:
                self.state.setText(f"Waiting for the sync folder: {waiting[0].reason}")
            else:
                folders = ", ".join(f.name for f in watcher.folders)
                self.state.setText(f"Watching {folders}: looked at {datetime.now():%H:%M}; "
                                   f"{self.imported:,} imported since ticked")
            if filed:
                self.reload()
                refused = sum(e.outcome == "rejected" for e in filed)
                self.window_.statusBar().showMessage(
                    f"From the sync folder: {len(filed) - refused} imported or already held, {refused} refused "
                    "(each with its reason beside it in rejected/)", 10_000)

        def failed(exc: Exception) -> None:
            self.state.setText(f"Waiting for the sync folder: {exc}")
        self.looking = Operation(self, work).success(done).failure(failed).run_in_background()
        return self.looking
