"""A typist for tests/e2e/test_autosave_kill.py: the real main window in its own process, typing.

    python autosave_typist.py WORKSPACE STAFF_ID

Opens the main window offscreen, unlocks the workspace with the demo passphrase,
opens the staff member's EADR, puts the focus in the private wellbeing notes and
types TEXT into them as real key events (one character every TYPE_INTERVAL_MS):
first a burst of BURST characters, then a pause of PAUSE_MS (time enough for
autosave), then without a break until the parent kills the process, or until the
safety net SAFETY_S ends it.

Everything the parent needs goes to stdout, one flushed line each, times from time.time():

    ready <conversation id> <t>        the page is open and focused; typing starts next
    typed <n> <t>                      n characters have been delivered to the notes field
    saved <n> <t> <saved label text>   the page emitted saved(): the record was written with the
                                       first n typed characters (saves run between keystrokes)
    label <t> <saved label text>       the page's saved-state label changed (polled)
    fatal <message>                    something went wrong; the process exits with code 3

`typed n` is printed by the same timer callback that delivered character n, before
control returns to the event loop, so an autosave (which runs from the event loop)
can never hold more than the last printed n characters.

EADR_TEST_AUTOSAVE_MS, if set, overrides the page's autosave interval in this
process only: the negative check in the test uses it to prove the test can fail.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

# Deterministic text with accents, Polish, Vietnamese (precomposed), apostrophes and
# an emoji outside the Basic Multilingual Plane. No newlines (not text key events)
# and no non-breaking spaces (QPlainTextEdit would turn them into spaces).
TEXT = ("Siân said nights are hard; Łukasz covered two shifts. Nguyễn O'Brien asked about "
        "flexible working – Dafydd’s rota? Zoë: “café at 7”. 🚑 Ñandú, Œuvre, Ærø. ")
BURST = 30
TYPE_INTERVAL_MS = 50
PAUSE_MS = 2500
SAFETY_S = 60.0
AUTOSAVE_OVERRIDE = "EADR_TEST_AUTOSAVE_MS"


def typed_text(n: int) -> str:
    """The first n characters the typist types."""
    return "".join(TEXT[i % len(TEXT)] for i in range(n))


def say(*parts: object) -> None:
    print(*parts, flush=True)


def _fatal(message: str) -> None:
    say("fatal", message.replace("\n", " | "))
    sys.stdout.flush()
    os._exit(3)


def main(folder: Path, staff_id: str) -> None:
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from desktop.domain.conversation import Kind
    from desktop.ui import app as app_module
    from desktop.ui.conversation import page as page_module
    from desktop.ui.conversation.sections import WellbeingSection
    from desktop.ui.main_window import MainWindow

    # An uncaught error in a slot must end the run loudly, not be printed and ignored.
    sys.excepthook = lambda kind, value, tb: _fatal("".join(traceback.format_exception(kind, value, tb)))

    if os.environ.get(AUTOSAVE_OVERRIDE):
        page_module.AUTOSAVE_MS = int(os.environ[AUTOSAVE_OVERRIDE])

    app = app_module.make_app()
    window = MainWindow(folder, folder)
    window.show()
    window.activateWindow()
    app.processEvents()
    window.unlock.passphrase.setText("demo")
    window.unlock.try_unlock()
    window.unlock.finish_unlocking()
    if window.shell is None:
        _fatal(f"the workspace did not unlock: {window.unlock.error.text()}")
    staff = next((s for s in window.shell.team.repo.all() if s.id == staff_id), None)
    if staff is None:
        _fatal(f"no staff member {staff_id}")
    page = window.shell.open_conversation(staff, Kind.EADR)
    wellbeing = page.sections[0]
    if not isinstance(wellbeing, WellbeingSection) or page.steps.currentRow() != 0:
        _fatal("the conversation did not open on the wellbeing section")
    notes = wellbeing.notes
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    focus_deadline = time.monotonic() + 30  # window activation is an event; a loaded machine may be slow
    while app.focusWidget() is not notes and time.monotonic() < focus_deadline:
        window.activateWindow()
        notes.setFocus()
        app.processEvents()
        time.sleep(0.01)
    if app.focusWidget() is not notes:
        _fatal(f"the private notes field does not have the focus ({app.focusWidget()!r})")

    count = [0]
    page.saved.connect(lambda _message: say("saved", count[0], repr(time.time()), page.saved_label.text()))
    last_label = [page.saved_label.text()]

    def watch_label() -> None:
        text = page.saved_label.text()
        if text != last_label[0]:
            last_label[0] = text
            say("label", repr(time.time()), text)

    label_timer = QTimer()
    label_timer.timeout.connect(watch_label)
    label_timer.start(20)

    started = time.time()

    def type_one() -> None:
        if time.time() - started > SAFETY_S:
            say("fatal", "safety net: nobody killed the typist")
            os._exit(4)
        target = app.focusWidget()
        if target is not notes:
            _fatal(f"focus moved away from the notes field to {target!r}")
        ch = TEXT[count[0] % len(TEXT)]
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
        count[0] += 1
        say("typed", count[0], repr(time.time()))
        if count[0] == BURST:
            typer.stop()
            QTimer.singleShot(PAUSE_MS, typer.start)

    typer = QTimer()
    typer.setInterval(TYPE_INTERVAL_MS)
    typer.timeout.connect(type_one)
    say("ready", page.conversation.id, repr(time.time()))
    typer.start()
    app.exec()
    _fatal("the event loop ended")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    try:
        main(Path(sys.argv[1]), sys.argv[2])
    except SystemExit:
        raise
    except BaseException:
        _fatal(traceback.format_exc())
