"""Event-loop stalls: the longest time the GUI thread was kept from its event loop during scripted journeys.

A probe timer ticks every 10 ms on the GUI thread; the longest gap between two ticks is the longest time a
person's click or keystroke would have waited. Each journey's steps are started from inside the event loop
(as a click is) and waited for by running the loop, so work moved to a background operation does not count and
work done on the GUI thread does. Target (issue 18): no gap over 100 ms.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from harness import Row, Target

STALL_TARGET = Target(0.1, inclusive=True)
TICK_MS = 10
SETTLE_MS = 300        # after each journey, so work it left queued (a deferred check, a timer) counts too
STEP_TIMEOUT_S = 180
JOURNEYS = ("unlock", "Home", "team search", "open an EADR", "autosave", "backup", "bundle export", "hub import",
            "print preview")


class StallProbe(QObject):
    """Ticks every TICK_MS on the GUI thread and keeps the longest gap between ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def start(self) -> None:
        self.longest = 0.0
        self.last = time.perf_counter()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def stop(self) -> float:
        self._tick()   # a block right at the end counts too
        self.timer.stop()
        return self.longest


def spin_until(condition: Callable[[], bool], timeout_s: float = STEP_TIMEOUT_S) -> None:
    """Run the event loop (not a busy loop) until `condition()` holds."""
    if condition():
        return
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: condition() and loop.quit())
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start(int(timeout_s * 1000))
    loop.exec()
    poll.stop()
    deadline.stop()
    if not condition():
        raise TimeoutError(f"a journey step did not finish within {timeout_s:.0f} s")


def step(action: Callable[[], object], done: Callable[[], bool] | None = None) -> None:
    """Start `action` from the event loop, as a click does, and run the loop until `done()` (or it returned)."""
    returned: list[bool] = []
    QTimer.singleShot(0, lambda: (action(), returned.append(True)))
    spin_until(lambda: bool(returned) and (done is None or done()))


def settle(ms: int = SETTLE_MS) -> None:
    end = time.perf_counter() + ms / 1000
    spin_until(lambda: time.perf_counter() >= end)


def journey(probe: StallProbe, body: Callable[[], None]) -> float:
    probe.start()
    body()
    settle()
    return probe.stop()


# --- the data: each size's demo, copied and joined to one bench hub ---------------------------------------
def enrolled_copy(scratch: Path, demo: Path, hub, code: str) -> Path:
    from desktop.security.keyfile import read_key_file, unwrap_key
    from desktop.security.unlock import unlock_workspace
    from desktop.store.info import DEMO_PASSPHRASE, KEY_FILE
    from desktop.sync import station
    folder = scratch / f"stalls-{code}"
    shutil.copytree(demo, folder)
    enrolment = hub.enrolment_file(code, scratch / f"{code}-enrolment.json", f"{code} station")
    workspace = unlock_workspace(folder, DEMO_PASSPHRASE)
    try:
        station.enrol(workspace, enrolment, unwrap_key(read_key_file(folder / KEY_FILE), DEMO_PASSPHRASE))
    finally:
        workspace.close()
    return folder


def measure_stalls(app: QApplication, scratch: Path, demos: dict[int, Path],
                   log: Callable[[str], None] = lambda line: None) -> tuple[list[Row], list[str]]:
    from desktop.hub.service import Hub
    from desktop.security.keyfile import Argon2Params
    hub_folder, hub_passphrase = scratch / "stalls-hub", "bench hub passphrase"
    Hub.create(hub_folder, hub_passphrase, params=Argon2Params(1, 8192, 1)).close()
    rows: list[Row] = []
    notes: list[str] = []
    for staff, demo in demos.items():
        size = f"{staff:,} staff"
        with Hub.open(hub_folder, hub_passphrase) as hub:
            folder = enrolled_copy(scratch, demo, hub, f"S{staff}")
        log(f"  stalls: {size}")
        longest, where = _journeys(app, scratch, folder, hub_folder, hub_passphrase, staff)
        for name in JOURNEYS:
            rows.append(Row(f"longest stall: {name}", size, [longest[name]], STALL_TARGET))
        notes += [f"stalls ({size}): {name}: {text}" for name, text in where.items()]
    notes.append(f"stalls: the longest gap between {TICK_MS} ms ticks of a timer on the GUI thread during each "
                 f"journey (and {SETTLE_MS} ms after it), one run each; the tick itself is in the figure")
    return rows, notes


def _journeys(app: QApplication, scratch: Path, folder: Path, hub_folder: Path, hub_passphrase: str,
              staff: int) -> tuple[dict[str, float], dict[str, str]]:
    from desktop.domain.conversation import Kind
    from desktop.hub.service import Hub
    from desktop.store.info import DEMO_PASSPHRASE
    from desktop.ui import print_actions
    from desktop.ui.hub.window import HubWindow
    from desktop.ui.main_window import MainWindow
    probe = StallProbe()
    longest: dict[str, float] = {}
    where: dict[str, str] = {}
    window = MainWindow(folder, folder)
    window.resize(1366, 768)
    window.show()
    settle()

    def unlock() -> None:
        window.unlock.passphrase.setText(DEMO_PASSPHRASE)
        step(window.unlock.try_unlock, lambda: window.shell is not None and window.shell.home.isVisible()
             and not window.shell.home_pending)
        spin_until(lambda: window.session.page_check is None)
    longest["unlock"] = journey(probe, unlock)
    shell = window.shell
    assert shell is not None and window.workspace is not None
    workspace = window.workspace

    def home() -> None:
        step(lambda: shell.show_page(shell.team), shell.team.isVisible)
        settle()
        probe.start()   # only the way back to Home counts
        # Home's figures are worked out in the background: the journey ends once they are shown
        step(lambda: shell.show_page(shell.home), lambda: shell.home.isVisible() and not shell.home_pending)
    journey(probe, home)
    longest["Home"] = probe.longest

    def search() -> None:
        step(lambda: shell.show_page(shell.team), shell.team.isVisible)
        shell.team.search.setFocus()
        for ch in "nguy":
            step(lambda c=ch: QTest.keyClicks(shell.team.search, c))
        for _ in "nguy":
            step(lambda: QTest.keyClick(shell.team.search, Qt.Key.Key_Backspace))
    longest["team search"] = journey(probe, search)

    person = next(p for p in workspace.staff().all() if p.is_active)
    pages: list = []

    def open_eadr() -> None:
        step(lambda: pages.append(shell.open_conversation(person, Kind.EADR)),
             lambda: bool(pages) and pages[0] is not None and pages[0].isVisible())
    longest["open an EADR"] = journey(probe, open_eadr)
    page = pages[0]
    saved: list[str] = []
    page.saved.connect(lambda *_a: saved.append("saved"))

    def autosave() -> None:
        step(lambda: page.steps.setCurrentRow(1))
        edit = next(iter(page.sections[1].fields.values()))
        edit.setFocus()
        step(lambda: QTest.keyClicks(edit, "Stayed with the patient"))
        spin_until(lambda: bool(saved))
    longest["autosave"] = journey(probe, autosave)
    conversation = page.conversation
    step(shell.close_conversation)

    def backup() -> None:
        operations: list = []
        step(lambda: operations.append(window.session.backup_now()),
             lambda: operations[0] is None or not operations[0].running)
    longest["backup"] = journey(probe, backup)

    written: list[str] = []
    shell.show_page(shell.sync)
    settle()
    shell.sync.saved.connect(written.append)

    def export() -> None:
        step(lambda: shell.sync.export_to(scratch / f"stalls-out-{staff}"), lambda: bool(written))
    longest["bundle export"] = journey(probe, export)
    bundle = shell.sync.last_bundle
    where["bundle export"] = f"{written[0]}" if written else "no bundle"

    window.close()
    settle()
    with Hub.open(hub_folder, hub_passphrase) as hub:
        hub_window = HubWindow(hub)
        hub_window.resize(1366, 768)
        hub_window.show()
        settle()
        imported: list = []
        operations: list = []

        def hub_import() -> None:
            # the import runs in the background (an Operation): the journey ends when its outcome is delivered
            step(lambda: operations.append(hub_window.import_bundles([bundle])),
                 lambda: bool(operations) and (operations[0] is None or not operations[0].running))
            outcome = getattr(operations[0], "_outcome", None)
            if outcome is not None and outcome[0] == "done":
                imported.extend(outcome[1])
        longest["hub import"] = journey(probe, hub_import)
        hub_window.close()
        hub_window.deleteLater()
        where["hub import"] = imported[0].line() if imported else "nothing imported"

    window = MainWindow(folder, folder)
    window.resize(1366, 768)
    window.show()
    window.unlock.passphrase.setText(DEMO_PASSPHRASE)
    step(window.unlock.try_unlock, lambda: window.shell is not None)
    spin_until(lambda: window.session.page_check is None)
    shell, workspace = window.shell, window.workspace
    settle()
    shown: list = []

    def seen_and_closed() -> bool:
        """The preview is up (its pages drawn): close it, as a person would after looking."""
        from desktop.ui.dialogs.print_preview import PrintPreview
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PrintPreview) and dialog.isVisible() and not shown:
            shown.append(dialog.pages.text())
            QTimer.singleShot(100, dialog.reject)
        return bool(shown)

    def preview() -> None:
        record = workspace.conversations().get(conversation.id)
        step(lambda: print_actions.open_record(shell, workspace, person, record), seen_and_closed)
    longest["print preview"] = journey(probe, preview)
    where["print preview"] = f"EADR record, {shown[0] if shown else 'not shown'}"
    window.close()
    window.deleteLater()
    settle()
    return longest, where
