"""Starting the GUI: the QApplication, style, fonts, exception hook and main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import APP_NAME, __version__
from desktop.paths import default_workspace_dir, resource_path

if TYPE_CHECKING:
    from desktop.store.workspace import Workspace

# Set by the start-up benchmark: print when the first screen is painted, then quit.
EXIT_WHEN_SHOWN = "EADR_EXIT_WHEN_SHOWN"


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("EADR Station")
    app.setStyle("Fusion")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
    style = resource_path("styles", "app.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    from desktop.ui.widgets import screen_fit
    screen_fit.install(app)   # every window and dialog opens inside the screen
    return app  # type: ignore[return-value]


def run_gui(workspace: Path | None = None) -> int:
    from desktop.ui.errors import install_excepthook
    from desktop.ui.main_window import MAIN_WINDOW_SIZE, MainWindow
    from desktop.ui.widgets.screen_fit import show_main_window

    app = make_app()
    install_excepthook()
    window = MainWindow(workspace, default_workspace_dir())
    if os.environ.get(EXIT_WHEN_SHOWN):
        def report() -> None:
            print(f"shown {time.perf_counter():.6f}", flush=True)
            app.quit()
        window.shown_first.connect(report)
    show_main_window(window, MAIN_WINDOW_SIZE)
    return app.exec()


def smoke_test_window(workspace: Workspace) -> int:
    """Open the main window on `workspace` offscreen; returns how many staff the team page shows.
    The window closes the workspace when it is done."""
    from desktop.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow(workspace.folder, workspace.folder)
    window.open_workspace(workspace)
    window.show()
    app.processEvents()
    assert window.shell is not None
    window.shell.show_page(window.shell.team)
    window.shell.team.status_filter.setCurrentIndex(2)  # everyone
    shown = window.shell.team.model.rowCount()
    window.close_workspace()
    window.close()
    return shown
