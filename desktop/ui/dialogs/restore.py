"""Choose a backup to restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from desktop.store.workspace import RESTORE_RESENDS, Backup


class RestoreDialog(QDialog):
    def __init__(self, backups: list[Backup], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        intro = QLabel("Choose the copy to go back to. It is checked before anything is replaced, and the "
                       f"current data is kept as a backup first, so this can be undone.\n\n{RESTORE_RESENDS}")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups, newest first")
        for backup in backups:
            item = QListWidgetItem(backup.describe())
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        if not backups:
            self.list.addItem("No backups yet. Use Workspace → Back up now.")
        self.list.setCurrentRow(0)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore this copy", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _: self.accept())
        layout.addWidget(buttons)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return Path(value) if value else None
