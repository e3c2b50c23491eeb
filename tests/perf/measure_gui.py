"""In-process GUI measures: unlock to home shown, and search as you type on the team page."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.security.unlock import DEMO_PASSPHRASE, unlock_workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.team import TeamPage
from harness import Row, Target, percentile, time_call

WINDOW_SIZE = (1366, 768)
UNLOCK_TIMEOUT_S = 30
QUERIES = ("nguy", "paramedic", "3512", "o'b", "siân")
EVERYONE = 2  # the status filter's "Everyone"

HOME_TARGETS = {300: Target(0.2), 7000: Target(1.0)}   # the home issue: after unlocking
KEYSTROKE_TARGET = Target(0.025)


class PaintCounter(QObject):
    """Counts paint events on a widget, so a timed step ends at exactly one paint (as in the app)."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.paints = 0
        self.forced = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


# --- windows ----------------------------------------------------------------------
def open_window(app: QApplication, folder: Path) -> MainWindow:
    """The main window on `folder`'s unlock screen, shown and painted (not timed)."""
    window = MainWindow(folder, folder)
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()
    return window


def _painted(app: QApplication, widget) -> None:
    """Return once `widget` has been laid out and painted."""
    painted = PaintCounter(widget)
    widget.installEventFilter(painted)
    app.processEvents()  # layout and, normally, the paint
    if not painted.paints:
        widget.repaint()
    widget.removeEventFilter(painted)


def _wait_for_home(app: QApplication, window: MainWindow) -> None:
    deadline = time.perf_counter() + UNLOCK_TIMEOUT_S
    while not (window.shell is not None and window.shell.home.isVisible()):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"home was not shown within {UNLOCK_TIMEOUT_S} s")
        app.processEvents()
    _painted(app, window.shell.home.reminder_list.viewport())
    _painted(app, window.shell.home.training.view.viewport())


def unlock_to_home(app: QApplication, window: MainWindow) -> None:
    """Type the passphrase, unlock, and return once Home (its to-do list and charts) is shown and painted."""
    window.unlock.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock.try_unlock()
    window.unlock.finish_unlocking()
    _wait_for_home(app, window)


def unlock_to_team(app: QApplication, window: MainWindow) -> None:
    """Unlock, then go to the team page (the search measures start there)."""
    unlock_to_home(app, window)
    window.shell.show_page(window.shell.team)
    _painted(app, window.shell.team.table.viewport())


def dispose(window: MainWindow) -> None:
    """Close (which closes the workspace) and really delete, so runs do not pile up."""
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def unlocked_window(app: QApplication, folder: Path) -> MainWindow:
    window = open_window(app, folder)
    unlock_to_team(app, window)
    return window


# --- unlock to team -----------------------------------------------------------------
def first_unlock(app: QApplication, folder: Path) -> float:
    """The first unlock in this process (cold caches): a warm-up, reported as a note."""
    window = open_window(app, folder)
    seconds = time_call(lambda: unlock_to_home(app, window))
    dispose(window)
    return seconds


def measure_unlock(app: QApplication, folder: Path, size: str, runs: int, target: Target) -> Row:
    samples = []
    for _ in range(runs):
        window = open_window(app, folder)
        samples.append(time_call(lambda w=window: unlock_to_home(app, w)))
        dispose(window)
    return Row("unlock -> home shown (incl. key derivation)", size, samples, target)


def measure_home_after_open(app: QApplication, folder: Path, size: str, runs: int, target: Target) -> Row:
    """From the workspace opened (key derived, database open) to Home painted: the app's own share."""
    samples = []
    for _ in range(runs):
        window = open_window(app, folder)
        workspace = unlock_workspace(folder, DEMO_PASSPHRASE)
        start = time.perf_counter()
        window.open_workspace(workspace)
        _wait_for_home(app, window)
        samples.append(time.perf_counter() - start)
        dispose(window)
    return Row("  of which opened -> home shown", size, samples, target)


def measure_open_workspace(folder: Path, size: str, runs: int) -> list[Row]:
    """The non-GUI share of unlocking as the app does it (key derivation, opening, migrating; the whole-file
    page check only when the file is under FULL_CHECK_BYTES), and that page check on its own."""
    from desktop.store.database import check_deferred, verify_pages
    from desktop.store.info import DB_FILE
    samples, checks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        workspace = unlock_workspace(folder, DEMO_PASSPHRASE, defer_large_check=True)
        samples.append(time.perf_counter() - start)
        key = workspace.database_key
        start = time.perf_counter()
        verify_pages(folder / DB_FILE, key)
        checks.append(time.perf_counter() - start)
        workspace.close()
    size_mb = (folder / DB_FILE).stat().st_size / 1e6
    where = "after Home, on a thread" if check_deferred(folder / DB_FILE) else "before Home"
    return [Row("  of which unlock_workspace()", size, samples),
            Row(f"whole-file page check, {size_mb:.0f} MB ({where})", size, checks)]


# --- search as you type ---------------------------------------------------------------
def _keystroke(app: QApplication, team: TeamPage, painted: PaintCounter, action: Callable[[], object]) -> float:
    """One keystroke: the change, pending events (filter, layout, usually the paint) and a painted viewport.

    processEvents() normally paints the viewport already; a repaint() after it would
    paint twice, which the app never does, so it is forced only when no paint came.
    """
    before = painted.paints
    start = time.perf_counter()
    action()
    app.processEvents()
    if painted.paints == before and team.table.isVisible():
        team.table.viewport().repaint()
        painted.forced += 1
    return time.perf_counter() - start


def _type_char(team: TeamPage, ch: str) -> None:
    key = Qt.Key(ord(ch.upper())) if ord(ch.upper()) < 256 else Qt.Key.Key_unknown
    # QTest.keyClick(widget, str) mangles non-ASCII text, so send the text with the key.
    QTest.sendKeyEvent(QTest.KeyAction.Click, team.search, key, ch, Qt.KeyboardModifier.NoModifier)


def _backspace(team: TeamPage) -> None:
    QTest.keyClick(team.search, Qt.Key.Key_Backspace)


def session_set_text(app: QApplication, team: TeamPage, painted: PaintCounter) -> list[float]:
    """Each query typed a prefix at a time with setText, then deleted back to empty."""
    times = []
    for query in QUERIES:
        prefixes = [query[:n] for n in range(1, len(query) + 1)] + [query[:n] for n in range(len(query) - 1, -1, -1)]
        for prefix in prefixes:
            times.append(_keystroke(app, team, painted, lambda p=prefix: team.search.setText(p)))
    return times


def session_key_events(app: QApplication, team: TeamPage, painted: PaintCounter) -> list[float]:
    """The same typing as real key events into the focused search box, Backspace to delete."""
    team.search.setFocus()
    times = []
    for query in QUERIES:
        for ch in query:
            times.append(_keystroke(app, team, painted, lambda c=ch: _type_char(team, c)))
        if team.search.text() != query:
            raise AssertionError(f"typed {query!r} but the search box holds {team.search.text()!r}")
        for _ in query:
            times.append(_keystroke(app, team, painted, lambda: _backspace(team)))
    return times


def _matches(app: QApplication, team: TeamPage) -> dict[str, int]:
    """How many rows each full query shows at once: proof the search filters on the keystroke itself."""
    total = team.model.rowCount()
    found = {}
    for query in QUERIES:
        team.search.setText(query)
        app.processEvents()
        found[query] = team.model.rowCount()
    team.search.clear()
    app.processEvents()
    if all(n == total for n in found.values()):
        raise AssertionError("no query narrowed the table right after the keystroke: if the search is "
                             "now deferred (a timer), this bench must wait for it to be fair")
    return found


def measure_search(app: QApplication, folder: Path, size: str, runs: int) -> tuple[list[Row], list[str]]:
    """Rows for the median and 95th percentile keystroke; each run is one whole typing session."""
    window = unlocked_window(app, folder)
    try:
        assert window.shell is not None
        team = window.shell.team
        team.status_filter.setCurrentIndex(EVERYONE)
        app.processEvents()
        total = team.model.rowCount()
        found = _matches(app, team)
        painted = PaintCounter(team.table.viewport())
        team.table.viewport().installEventFilter(painted)
        rows: list[Row] = []
        keystrokes = 0
        for label, session in (("setText", session_set_text), ("key event", session_key_events)):
            session(app, team, painted)  # warm-up, not counted
            medians, p95s = [], []
            for _ in range(runs):
                times = session(app, team, painted)
                keystrokes = len(times)
                medians.append(percentile(times, 0.5))
                p95s.append(percentile(times, 0.95))
            rows.append(Row(f"search keystroke ({label}), median", size, medians, KEYSTROKE_TARGET))
            rows.append(Row(f"search keystroke ({label}), p95", size, p95s, KEYSTROKE_TARGET))
    finally:
        dispose(window)
    shown = ", ".join(f"{q!r} {n}" for q, n in found.items())
    notes = [f"search: all columns, 'Everyone' shown ({total} rows); one run = {keystrokes} keystrokes "
             f"(typing {len(QUERIES)} queries and deleting back); median/p95 taken per run, "
             f"then the median of runs. Rows per full query: {shown}",
             f"search: each keystroke is timed up to one painted viewport; processEvents() painted it "
             f"except {painted.forced} times, when repaint() was forced"]
    return rows, notes
