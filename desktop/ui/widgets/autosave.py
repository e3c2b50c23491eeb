"""The app's one autosave rule, shared by every form that saves itself (the conversation's rule).

The first unsaved edit starts a short single-shot timer and the form is saved when it fires, so
nothing typed waits more than about 1.2 s however long the typing goes on; the form also saves on
leaving. Typing on never defers the save.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

AUTOSAVE_MS = 1200


class AutosaveTimer(QTimer):
    """Call `edited()` on every change; `save` runs once the timer fires. `stop()` before saving by hand."""

    def __init__(self, parent: QObject, save: Callable[[], object], interval: int = AUTOSAVE_MS):
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval)
        self.timeout.connect(lambda: save())   # a lambda: timeout's arguments must not reach `save`

    def edited(self) -> None:
        if not self.isActive():   # counts from the first unsaved edit
            self.start()
