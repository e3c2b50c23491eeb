"""The app fits the screens stations have: the window opens inside the screen, and on 1024×768, 1366×768,
1920×1080 and at 150% scaling (1920×1080 and 1366×768 at 150%) every page, person tab and dialog keeps its buttons in view or a scroll away,
nothing is wider than the window, and the status bar stays on screen.

Each screen size runs in a process of its own (Qt fixes the screen when it starts); the probe is
tests/gui/screen_fit_probe.py, which can also save screenshots of everything it opened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from tests.gui.screens import offscreen_platform

PROBE = Path(__file__).with_name("screen_fit_probe.py")


@pytest.mark.parametrize(("width", "height", "scale"), [(1024, 768, "1"), (1366, 768, "1"), (1920, 1080, "1"),
                                                        (1920, 1080, "1.5"), (1366, 768, "1.5")])
def test_every_page_and_dialog_fits_the_screen(width, height, scale, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM=offscreen_platform(width, height), QT_SCALE_FACTOR=scale,
               EADR_DATA_DIR=str(tmp_path / "data"), EADR_LOG_DIR=str(tmp_path / "logs"))
    done = subprocess.run([sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    expected = [round(width / float(scale)), round(height / float(scale))]
    assert [abs(a - b) <= 1 for a, b in zip(report["screen"], expected)] == [True, True]
    assert report["problems"] == [], "\n".join(report["problems"])


def test_the_window_opens_inside_the_screen_whatever_size_it_asks_for(qtbot, demo_folder):
    """A size and place from a bigger screen are brought inside this one's available area."""
    from desktop.ui.main_window import MainWindow
    window = MainWindow(demo_folder, demo_folder)
    qtbot.addWidget(window)
    window.resize(3840, 2160)
    window.move(3000, -400)
    window.show()
    qtbot.waitExposed(window)
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry())
    assert window.width() <= area.width() and window.height() <= area.height()
    window.close()


def test_a_dialog_larger_than_the_screen_is_brought_inside_it(qtbot):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QVBoxLayout(dialog).addWidget(QLabel("A dialog designed on a big monitor"))
    dialog.resize(5000, 3000)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
