"""The whole-file page check of a very large workspace, run after unlocking on a thread of its own
(with its own database connection), so Home appears at once and damage is still found."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal

from desktop.store.workspace import DatabaseDamaged, verify_pages


class PageCheck(QThread):
    """Emits `damaged(problem)` if any page fails its check; nothing when all is well."""

    damaged = Signal(str)

    def __init__(self, path: Path, key: bytes, parent=None):
        super().__init__(parent)
        self.path = path
        self._key = key

    def run(self) -> None:
        try:
            verify_pages(self.path, self._key)
        except DatabaseDamaged as exc:
            self.damaged.emit(exc.problem)
        finally:
            self._key = b""
