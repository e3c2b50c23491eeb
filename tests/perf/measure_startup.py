"""Process start to first screen: the app's unlock screen against a bare PySide6 window."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from harness import Row, Target, ratio_row

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LAUNCH_TIMEOUT_S = 60

BARE_WINDOW = '''\
"""A bare PySide6 window with a table: the yardstick for the app's start-up."""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1280, 720)
window.show()

def shown():
    print("shown", flush=True)
    app.quit()

QTimer.singleShot(0, shown)
sys.exit(app.exec())
'''


class LaunchFailed(RuntimeError):
    pass


def _child_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("EADR_PASSPHRASE", None)
    env.update(QT_QPA_PLATFORM="offscreen", EADR_EXIT_WHEN_SHOWN="1",
               EADR_DATA_DIR=str(scratch / "data"), EADR_LOG_DIR=str(scratch / "logs"))
    return env


def time_to_shown(argv: list[str], env: dict[str, str], stderr_path: Path) -> float:
    """Seconds from just before Popen to reading the child's `shown` line; then waits for exit."""
    with open(stderr_path, "w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, text=True,
                                env=env, cwd=PROJECT_ROOT)
        watchdog = threading.Timer(LAUNCH_TIMEOUT_S, proc.kill)
        watchdog.start()
        try:
            elapsed = None
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("shown"):
                    elapsed = time.perf_counter() - start
                    break
            proc.stdout.read()
            code = proc.wait()
        finally:
            watchdog.cancel()
    if elapsed is None or code != 0:
        tail = stderr_path.read_text(errors="replace")[-2000:]
        raise LaunchFailed(f"{' '.join(argv)} exited {code} without a 'shown' line:\n{tail}")
    return elapsed


def measure_startup(scratch: Path, demo_folder: Path, runs: int) -> list[Row]:
    """Alternate the two launches (after one untimed warm-up each) so neither gets a warmer cache."""
    bare_script = scratch / "bare_window.py"
    bare_script.write_text(BARE_WINDOW, encoding="utf-8")
    env = _child_env(scratch)
    stderr_path = scratch / "launch-stderr.txt"
    launches = {
        "bare": [sys.executable, str(bare_script)],
        "app": [sys.executable, "-m", "desktop", "gui", "--workspace", str(demo_folder)],
    }
    samples: dict[str, list[float]] = {name: [] for name in launches}
    for argv in launches.values():  # warm the file cache once, untimed
        time_to_shown(argv, env, stderr_path)
    for i in range(runs):
        order = ("bare", "app") if i % 2 == 0 else ("app", "bare")
        for name in order:
            samples[name].append(time_to_shown(launches[name], env, stderr_path))
    bare = Row("start: bare PySide6 window", "-", samples["bare"])
    app = Row("start: process to unlock screen", "-", samples["app"])
    ratio = ratio_row("start: app / bare window", "-", app, bare, Target(2.0, inclusive=True, unit="x"))
    return [bare, app, ratio]
