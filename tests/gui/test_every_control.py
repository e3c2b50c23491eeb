"""Every control a person can press, pressed the way a person presses it.

On the 40-person demo workspace each page and dialog is opened, and every enabled, visible
button (checkable ones toggled, a button's menu item by item), every menu-bar action (through
its menu), every shortcut (keys sent to the focused widget), every tab, the navigation, Home's
to-do lines and every list that opens something on Enter are activated with real mouse or key
events. Dialogs that pop up are answered by a poller: message boxes get Escape (Cancel/No),
other dialogs Escape, file dialogs return nothing (open) or a fresh path under tmp_path (save,
folder), the print dialog is cancelled.

A case fails, naming the control, on any exception that reaches the exception hook, any ERROR
record in the log, any error box or unexpected warning box; and when a control visibly does
nothing: a name ending in "…" that opens no dialog, the team commands (Add person, Find) not
showing the team page, a navigation name not showing its page, a to-do line or list row not
opening the person, unsaved edits left without “Save changes first?”, Save leaving them unsaved.

Each control is pressed on the page reached again (a person's page is kept between presses when
nothing is open over it), so one control's effect does not hide the next.
Controls not pressed here, and why:
- File → Quit, Workspace → Lock now (Ctrl+Q, Ctrl+L): they end the session; `test_lock_and_quit_last`
  presses them on their own. So does a signed record's *Hand over for their view…* (it locks first);
  tests/gui/test_staff_verdict_gui.py presses it.
- Destructive controls (Mark as leaver, Delete entry, Delete their records, Remove file, Restore this
  copy) ARE pressed: their confirmation is answered No/Cancel automatically.
- Known bugs in files other helpers are rewriting are strict xfails (KNOWN below), each its own case.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QApplication, QDialog, QFileDialog, QInputDialog, QListWidget,
    QMenu, QMessageBox, QProgressDialog, QTabWidget, QTreeWidget, QWidget,
)

from desktop.domain.conversation import Kind, Status
from desktop.domain.staff import Role, StaffStatus
from desktop.ui.conversation.editors import RepeatingList
from desktop.ui.cpd.page import TABS
from tests.gui.conftest import click, type_text

# The session's autouse fixture answers every QMessageBox.question with Discard without showing it;
# here the real box is shown and answered with Escape, as a cautious person would.
REAL_QUESTION = QMessageBox.question
TICK_MS = 15


# --- the modal answerer ---------------------------------------------------------------------------
@dataclass
class Handler:
    """Run `act(widget)` once, inside the modal loop, on the first popup or modal matching `match`."""
    match: Callable[[QWidget], bool]
    act: Callable[[QWidget], None]


@dataclass
class Sweep:
    qtbot: object
    tmp_path: Path
    control: str = "(set-up)"
    problems: dict[str, list[str]] = field(default_factory=dict)
    pressed: list[str] = field(default_factory=list)
    handlers: list[Handler] = field(default_factory=list)
    boxes: list[tuple[str, str, str, str]] = field(default_factory=list)   # (control, icon, title, text)
    expected_warnings: dict[str, str] = field(default_factory=dict)        # control -> words in the title
    not_reached: list[str] = field(default_factory=list)
    opened: dict[str, list[str]] = field(default_factory=dict)   # control -> the dialogs and menus it opened
    checked: set[str] = field(default_factory=set)               # controls whose effect was checked by name
    open_answer: str = ""                                        # what the open-file dialog returns
    person: object = None
    talking: object = None
    hub: object = None
    case: str = ""
    _answered: dict[int, int] = field(default_factory=dict)
    _files: int = 0

    def problem(self, text: str) -> None:
        self.problems.setdefault(self.control, []).append(text)

    # A QTimer never re-enters its own slot, so actions inside a modal run from a fresh single shot.
    def poll(self) -> None:
        widget = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        if widget is None or isinstance(widget, QProgressDialog):
            return
        for handler in list(self.handlers):
            if handler.match(widget):
                self.saw(type(widget).__name__)
                self.handlers.remove(handler)
                self._answered[id(widget)] = -50   # give the handler time before answering it by default
                QTimer.singleShot(0, lambda h=handler, w=widget: self._run(h, w))
                return
        tries = self._answered.get(id(widget), 0)
        if id(widget) not in self._answered:
            self.saw(type(widget).__name__)
        self._answered[id(widget)] = tries + 1
        if tries < 0:
            return
        if tries == 0:
            if isinstance(widget, QMessageBox):
                icon = widget.icon().name
                self.boxes.append((self.control, icon, widget.windowTitle(), widget.text()))
                if icon == "Critical":
                    self.problem(f"error box “{widget.windowTitle()}”: {widget.text()}")
                elif icon == "Warning" and self.expected_warnings.get(self.control, "\0") not in widget.windowTitle():
                    self.problem(f"unexpected warning “{widget.windowTitle()}”: {widget.text()}")
                if widget.windowTitle() == "Start a conversation?" and widget.defaultButton() is not None:
                    # Opening someone with nothing open asks which conversation to start: take the default
                    # (a new EADR), so what the control opens can be checked.
                    self.qtbot.mouseClick(widget.defaultButton(), Qt.MouseButton.LeftButton)
                    return
            self.qtbot.keyClick(widget, Qt.Key.Key_Escape)
        elif tries > 3:   # Escape did not close it (no escape button): close it outright
            if isinstance(widget, QMenu):
                widget.close()
            elif isinstance(widget, QDialog):
                widget.reject()

    def saw(self, what: str) -> None:
        self.opened.setdefault(self.control, []).append(what)

    def _run(self, handler: Handler, widget: QWidget) -> None:
        try:
            handler.act(widget)
        except Exception:   # noqa: BLE001 (reported, named by control)
            self.problem("the sweep could not act in the dialog:\n" + traceback.format_exc())
        self._answered[id(widget)] = 0

    def on(self, match: Callable[[QWidget], bool], act: Callable[[QWidget], None]) -> None:
        self.handlers.append(Handler(match, act))

    def open_path(self, *args, **kwargs) -> tuple[str, str]:
        self.saw("QFileDialog.getOpenFileName")
        return self.open_answer, ""

    def save_path(self, *args, **kwargs) -> tuple[str, str]:
        self.saw("QFileDialog.getSaveFileName")
        self._files += 1
        filters = str(args[3] if len(args) > 3 else kwargs.get("filter", ""))
        suffix = ".zip" if "zip" in filters else ".csv" if "csv" in filters.lower() else ".pdf"
        return str(self.tmp_path / "saved" / f"file {self._files}{suffix}"), ""

    def folder(self, *args, **kwargs) -> str:
        self.saw("QFileDialog.getExistingDirectory")
        self._files += 1
        path = self.tmp_path / "saved" / f"folder {self._files}"
        path.mkdir(parents=True)
        return str(path)

    # --- pressing ----------------------------------------------------------------------------------
    def press(self, label: str, action: Callable[[], None]) -> None:
        self.control = label
        self.pressed.append(label)
        self._answered.clear()   # ids of closed dialogs are reused by new ones
        try:
            action()
            self.settle()
        except Exception:   # noqa: BLE001
            self.problem("the sweep could not press it:\n" + traceback.format_exc())
        if self.handlers:
            self.problem(f"expected dialog never appeared ({len(self.handlers)} handler(s) unused)")
            self.handlers.clear()
        self.control = "(between controls)"

    def settle(self) -> None:
        from desktop.ui.operations import running_operations
        for _ in range(2):
            QApplication.processEvents()
            self.qtbot.wait(TICK_MS)
            # background work started by the control (or by what its events led to) ends, as a person waits
            self.qtbot.waitUntil(lambda: not running_operations(), timeout=30000)


class _Capture(logging.Handler):
    def __init__(self, sweep: Sweep):
        super().__init__(logging.ERROR)
        self.sweep = sweep

    def emit(self, record: logging.LogRecord) -> None:
        self.sweep.problem(f"log {record.levelname} {record.name}: {record.getMessage()}")


@pytest.fixture
def sweep(qtbot, tmp_path, monkeypatch):
    s = Sweep(qtbot, tmp_path)
    (tmp_path / "saved").mkdir()
    monkeypatch.setattr(QMessageBox, "question", REAL_QUESTION)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", s.open_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", s.save_path)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", s.folder)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: (s.saw("QPrintDialog"), QDialog.DialogCode.Rejected)[1])
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: s.problem(
        "exception: " + "".join(traceback.format_exception(kind, value, tb))))
    capture = _Capture(s)
    logging.getLogger().addHandler(capture)
    holder = QObject()
    timer = QTimer(holder)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(s.poll)
    timer.start()
    yield s
    timer.stop()
    logging.getLogger().removeHandler(capture)
    if s.hub is not None:
        s.hub.close()


# --- finding and pressing controls ---------------------------------------------------------------
def name_of(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton):
        words = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    else:
        words = ""
    words = words or widget.accessibleName() or widget.toolTip() or widget.objectName()
    if not words and widget.parentWidget() is not None:   # a line edit's clear button has no name of its own
        return f"{type(widget).__name__} (unnamed) in “{widget.parentWidget().accessibleName()}”"
    return f"{type(widget).__name__} “{words}”"


def action_name(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def live(widget: QWidget) -> bool:
    return widget.isVisible() and widget.isEnabled()


def buttons_in(root: QWidget) -> dict[str, QAbstractButton]:
    """Enabled, visible buttons under `root` by a unique label (a second “Remove” is “Remove #2”)."""
    found: dict[str, QAbstractButton] = {}
    for button in root.findChildren(QAbstractButton):
        if not live(button) or button.window() is not root.window():
            continue
        label = name_of(button)
        n = 1
        while (f"{label} #{n}" if n > 1 else label) in found:
            n += 1
        found[f"{label} #{n}" if n > 1 else label] = button
    return found


def choose_in_menu(qtbot, menu: QMenu, action: QAction) -> None:
    """Click a menu's item where it is drawn."""
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def key_of(sequence: QKeySequence) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    combo = sequence[0]
    return combo.key(), combo.keyboardModifiers()


def activate(qtbot, window: QWidget) -> None:
    """The window has the keyboard, as when a person works in it (a closed dialog hands it back)."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def send_keys(qtbot, window: QWidget, sequence: QKeySequence) -> None:
    key, modifiers = key_of(sequence)
    activate(qtbot, window)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifiers)


# --- the workspace and its pages ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def _demo_template(tmp_path_factory):
    from desktop.demo.build import build_demo
    from tests.conftest import AS_OF, FAST
    folder = tmp_path_factory.mktemp("template") / "demo"
    build_demo(folder, staff=40, as_of=AS_OF, params=FAST).close()
    return folder


@pytest.fixture
def demo_folder(_demo_template, tmp_path):
    """The 40-person demo workspace, built once for this module and copied for each case."""
    import shutil
    return Path(shutil.copytree(_demo_template, tmp_path / "demo"))


@pytest.fixture
def app_window(window, qtbot):
    window.unlock.passphrase.setText("demo")
    window.unlock.try_unlock()
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _person(window):
    """An active paramedic with CPD entries, evidence and an HCPC number: every control has something to do."""
    ws = window.workspace
    people = [p for p in ws.staff().all() if p.status is StaffStatus.ACTIVE and p.role is Role.PARAMEDIC
              and p.hcpc_number]
    def richness(p):
        entries = ws.cpd().entries(p.id or "")
        return (sum(len(e.evidence) for e in entries) > 0, len(entries))
    return max(people, key=richness)


def _calm(window) -> None:
    """Forget unsaved edits and close any person's page: the next control starts from a known place."""
    shell = window.shell
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    if shell.learning is not None:
        shell.learning.log._dirty = False
        shell.close_learning(reload=False)
    if shell.conversation is not None:
        shell.close_conversation()
    if shell.team.panel.is_dirty():
        shell.team.panel.show_empty()


def go_nav(name: str):
    def go(window, sweep):
        _calm(window)
        page = getattr(window.shell, name)
        window.shell.show_page(page)
        window.shell.focus_current()
        assert window.shell.pages.currentWidget() is page
        return page
    return go


def go_team(window, sweep):
    _calm(window)
    shell = window.shell
    shell.show_page(shell.team)
    shell.team.panel.show_empty()
    shell.team.table.selectionModel().clearCurrentIndex()   # so selecting the person shows them again
    shell.team.select(sweep.person.id)
    shell.team.table.setFocus()
    return shell.team


def _still_on(window, page) -> bool:
    """The person's page is still in view with nothing open over it: reached again without rebuilding it."""
    return (page is not None and window.shell.pages.currentWidget() is page
            and not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets()))


def go_learning(tab: str):
    def go(window, sweep):
        page = window.shell.learning
        if _still_on(window, page) and not page.log.is_dirty() and page.staff.id == sweep.person.id:
            page.tabs.setCurrentIndex(TABS.index(tab))
            return page
        go_team(window, sweep)
        page = window.shell.open_learning(window.workspace.staff().get(sweep.person.id), tab)
        return page
    return go


def _talking_to(window, sweep):
    """The demo's person with an EADR in progress (objectives carried forward), so sections have content;
    the same person all through, whatever the sweep's presses do to the record's status."""
    if getattr(sweep, "talking", None) is None:
        ws = window.workspace
        sweep.talking = next(p for p in ws.staff().all() if p.is_active and (c := ws.conversations().open_for(
            p.id or "")) and c.status is Status.IN_PROGRESS)
    return window.workspace.staff().get(sweep.talking.id)


def go_conversation(section: int):
    def go(window, sweep):
        page = window.shell.conversation
        if not (_still_on(window, page) and page.staff.id == _talking_to(window, sweep).id):
            go_team(window, sweep)
            page = window.shell.open_conversation(_talking_to(window, sweep), Kind.EADR)
        page.steps.setCurrentRow(section)
        for repeating in page.current_section.findChildren(RepeatingList):
            if not any(b.text() == "Remove" for b in repeating.findChildren(QAbstractButton)):
                repeating.add_new()   # one item to edit and remove
        page.steps.setFocus()
        return page
    return go


def go_signing(window, sweep):
    """Sign-off with the names typed and the agreement ticked, so the signature buttons sign."""
    page = go_conversation(5)(window, sweep)
    section = page.current_section
    if not page.conversation.read_only:
        if section.on_paper.isChecked():   # an earlier press ticked it: signing in person here
            click(sweep.qtbot, section.on_paper)
        for field, text in ((section.staff_name, _talking_to(window, sweep).display_name),
                            (section.manager_name, window.workspace.manager_name)):
            if not field.text():
                field.setFocus()
                type_text(field, text)   # Wiśniewska: beyond Latin-1, typed as key events carrying text
        if section.agreed.isVisible() and not section.agreed.isChecked():
            click(sweep.qtbot, section.agreed)
    return page


def go_signed_record(window, sweep):
    go_team(window, sweep)
    ws = window.workspace
    for person in ws.staff().all():
        for line in ws.conversations().history(person.id or ""):
            conversation = ws.conversations().get(line.id)
            if conversation is not None and conversation.status is Status.SIGNED_OFF:
                return window.shell.show_conversation(person, conversation)
    raise AssertionError("the demo has no signed record")


def go_team_searching(window, sweep):
    team = go_team(window, sweep)
    team.search.setText(sweep.person.last_name[:3])   # the search's clear button shows
    return team


def go_team_leaver(window, sweep):
    team = go_team(window, sweep)
    team.status_filter.setCurrentIndex(2)   # Everyone
    leaver = next(p for p in window.workspace.staff().all() if p.status is StaffStatus.LEAVER)
    team.table.selectionModel().clearCurrentIndex()
    team.select(leaver.id or "")
    return team


def go_evidence(window, sweep):
    page = go_learning("cpd")(window, sweep)
    entry = next(e for e in page.log.entries if e.evidence)
    page.log.select(entry.id or "")
    page.log.editor.files.setCurrentRow(0)   # an evidence file chosen
    return page


def go_cpd_typing(window, sweep):
    page = go_learning("cpd")(window, sweep)
    page.log.editor.title.setFocus()   # the cursor where the typing is: shortcuts act from there
    sweep.qtbot.keyClicks(page.log.editor.title, " (edited)")
    assert page.log.is_dirty()
    return page


def go_team_editing(window, sweep):
    team = go_team(window, sweep)
    team.panel.inputs["email"].setFocus()
    sweep.qtbot.keyClicks(team.panel.inputs["email"], "x")
    assert team.panel.is_dirty()
    return team


def go_sync_joined(window, sweep):
    """The Sync page of a workspace joined to an HR hub (made here), so writing and applying bundles is live."""
    if getattr(sweep, "hub", None) is None:
        from desktop.hub.service import Hub
        from desktop.sync import station
        from tests.conftest import FAST
        sweep.hub = Hub.create(sweep.tmp_path / "hub", "hub passphrase for tests", params=FAST)
        enrolment = sweep.hub.enrolment_file("IPS", sweep.tmp_path / "enrolment.json", "IPS station")
        station.enrol(window.workspace, enrolment, window.workspace.database_key)
    return go_nav("sync")(window, sweep)


PAGES = {
    "home": go_nav("home"),
    "team (a person selected)": go_team,
    "team (searching)": go_team_searching,
    "team (a leaver selected)": go_team_leaver,
    "person: CPD log (an evidence file chosen)": go_evidence,
    "person: CPD log (an entry being typed)": go_cpd_typing,
    "team (details being edited)": go_team_editing,
    "person: CPD log": go_learning("cpd"),
    "person: training": go_learning("training"),
    "person: HCPC profile": go_learning("profile"),
    **{f"EADR section {n + 1}": go_conversation(n) for n in range(6)},
    "EADR sign-off (names typed, agreed)": go_signing,
    "signed EADR record": go_signed_record,
    "CPD & training": go_nav("overview"),
    "sync": go_nav("sync"),
    "sync (joined to HR's hub)": go_sync_joined,
    "audit log": go_nav("audit"),
}
ENDS_SESSION = {"Lock now", "Quit", "Hand over for their view…"}
# Warnings a person should see from these controls on the demo (nothing to do, not an error).
EXPECTED_WARNINGS: dict[str, str] = {
    "reopen a signed record → QPushButton “OK”": "Not reopened",   # no reason typed: it asks for one
}
# What a person must see after these controls (matched on the end of the control's name), wherever pressed.
EFFECTS: dict[str, tuple[str, Callable[[object], bool]]] = {
    "(Add person)": ("the team page, adding a person", lambda w: w.shell.pages.currentWidget() is w.shell.team
                     and w.shell.team.panel.is_new),
    "(Find…)": ("the team page with the cursor in its search",
                lambda w: w.shell.pages.currentWidget() is w.shell.team
                and QApplication.focusWidget() is w.shell.team.search),
}
EFFECTS["first line, Enter"] = ("the line's person or page, not Home",
                                lambda w: w.shell.pages.currentWidget() is not w.shell.home)
EFFECTS["first row of “Team”"] = ("their conversation", lambda w: w.shell.conversation is not None)
EFFECTS["first row of “Earlier conversations”"] = EFFECTS["first row of “Team”"]
EFFECTS["first row of “Training that needs action”"] = ("their CPD and training",
                                                        lambda w: w.shell.learning is not None)
EFFECTS["first row of “CPD entries waiting for reflection”"] = EFFECTS["first row of “Training that needs action”"]
# The sync folder set just before writes a bundle by itself, so the one written by hand may be the second.
EFFECTS["“Write a bundle for HR…”"] = ("“Bundle N written” in the status bar",
                                      lambda w: re.search(r"Bundle \d+ (for HR )?written",
                                                          w.statusBar().currentMessage()) is not None)
EFFECTS["“Set the sync folder…”"] = ("the sync folder shown as set, with Stop using the sync folder",
                                    lambda w: w.shell.sync.clear_folder_button.isVisible()
                                    and "Not set" not in w.shell.sync.folder_state.text())
EFFECTS["→ Add person"] = EFFECTS["(Add person)"]
EFFECTS["→ Find…"] = EFFECTS["(Find…)"]


# With unsaved edits on screen, whatever leaves them asks first (answered Cancel here, so nothing is lost).
ASKS_FIRST = {
    "team (details being edited)": ("QPushButton “Add person”", "QPushButton “Start EADR”",
                                    "QPushButton “CPD & training”", "→ Start interim review",
                                    "→ Start wellbeing check-in", "shortcut Ctrl+N"),
    # (Other pages leave the team page's edits where they are, on the hidden page: no need to ask.)
}


# ...and saving them leaves nothing unsaved.
SAVES = {
    "person: CPD log (an entry being typed)": (("QPushButton “Save entry”", "shortcut Ctrl+S (CpdLogTab)"),
                                               lambda w: not w.shell.learning.log.is_dirty()),
    "team (details being edited)": (("QPushButton “Save changes”", "shortcut Ctrl+S (StaffPanel)"),
                                    lambda w: not w.shell.team.panel.is_dirty()),
}


# A CPD entry saves itself when it is left, as the conversation does: leaving it stores what was typed.
LEAVING_SAVES = {
    "person: CPD log (an entry being typed)": ("QPushButton “New entry”", "QPushButton “← Back”", "navigation “",
                                               "shortcut Esc"),
}


def _typed_cpd_title_stored(window) -> bool:
    workspace = window.workspace
    return workspace is not None and any(
        entry.title.endswith(" (edited)") for person in workspace.staff().all() for entry in workspace.cpd().entries(person.id))


def check_asked(sweep: Sweep, case: str, label: str, window=None) -> None:
    if any(label.startswith(start) or label.endswith(start) for start in LEAVING_SAVES.get(case, ())):
        sweep.checked.add(label)
        if "QMessageBox" not in sweep.opened.get(label, []) and not _typed_cpd_title_stored(window):
            sweep.problems.setdefault(label, []).append("left the typed CPD entry neither saved nor asked about")
    saves, saved = SAVES.get(case, ((), None))
    if label in saves and not saved(window):
        sweep.problems.setdefault(label, []).append("the edits are still unsaved")
    if any(label.startswith(start) or label.endswith(start) for start in ASKS_FIRST.get(case, ())):
        sweep.checked.add(label)
        if "QMessageBox" not in sweep.opened.get(label, []):
            sweep.problems.setdefault(label, []).append("left unsaved edits without asking first")


CASE_EFFECTS: dict[str, dict[str, tuple[str, Callable[[object], bool]]]] = {
    "EADR sign-off (names typed, agreed)": {
        "QPushButton “Record staff signature”": (
            "the staff member's signature recorded",
            lambda w: w.shell.conversation.conversation.signoff.staff_signed),
        "QPushButton “Sign as manager”": (
            "the record signed off and read-only",
            lambda w: w.shell.conversation.conversation.status is Status.SIGNED_OFF
            and w.shell.conversation.banner.isVisible()),
    },
}


def check_effect(sweep: Sweep, window, label: str) -> None:
    what_seen = CASE_EFFECTS.get(sweep.case, {}).get(label)
    if what_seen is not None and not what_seen[1](window):
        sweep.problems.setdefault(label, []).append(f"did not show {what_seen[0]}")
    if sweep.case in ASKS_FIRST:   # the question was answered Cancel: staying put is right
        if label.startswith("navigation “") or any(label.endswith(e) for e in EFFECTS):
            sweep.checked.add(label)
        return
    if label.startswith("navigation “"):
        nav = window.shell.nav
        row = next(r for r in range(nav.count()) if label == f"navigation “{nav.item(r).text()}”")
        sweep.checked.add(label)
        if window.shell.pages.currentWidget() is not window.shell.pages.widget(row) or nav.currentRow() != row:
            sweep.problems.setdefault(label, []).append(f"did not show the {nav.item(row).text()} page")
    for ending, (what, seen) in EFFECTS.items():
        if label.endswith(ending):
            sweep.checked.add(label)
            if not seen(window):
                sweep.problems.setdefault(label, []).append(f"did not show {what}")


# Known bugs being fixed elsewhere: (case, control) -> reason. Each is its own strict xfail.
KNOWN: dict[tuple[str, str], str] = {
}


# The window's own shortcuts (Ctrl+N, Ctrl+F, Ctrl+K…) are pressed once on each kind of page, not on every
# section or tab of the same page; the navigation is clicked from each page a person reaches from it.
SAME_PAGE_AGAIN = {"person: training", "sync (joined to HR's hub)", "person: HCPC profile", "person: CPD log (an evidence file chosen)",
                   "team (searching)", "team (a leaver selected)",
                   "EADR sign-off (names typed, agreed)", *(f"EADR section {n}" for n in range(2, 7))}
NAVIGATE_FROM = {"home", "person: CPD log", "EADR section 1", "signed EADR record", "sync",
                 "person: CPD log (an entry being typed)", "team (details being edited)"}


def page_controls(window, page: QWidget, case: str = "") -> dict[str, Callable[[Sweep], None]]:
    """What a person can press on `page`: its buttons (a button's menu item by item), its tabs, to-do
    lines and navigation, and every shortcut live there (the window's actions and the page's QShortcuts)."""
    controls: dict[str, Callable] = {}
    if case == "home":
        tree = page.reminder_list
        for i in range(tree.topLevelItemCount()):
            group = tree.topLevelItem(i)
            name = group.text(0).split(":")[0]
            controls[f"to-do “{name}”: first line, Enter"] = _todo_line(i, 0)
            last = group.child(group.childCount() - 1)
            if last is not None and last.text(0).startswith("… and"):
                controls[f"to-do “{name}”: “… and more” line, Enter"] = _todo_line(i, group.childCount() - 1)
    if case in NAVIGATE_FROM:
        for row in range(window.shell.nav.count()):
            controls[f"navigation “{window.shell.nav.item(row).text()}”"] = _nav_row(row)
    for view in page.findChildren(QAbstractItemView):
        if live(view) and view.model() is not None and view.model().rowCount() > 0 and _opens_on_enter(view) \
                and view is not getattr(page, "reminder_list", None):
            name = view.accessibleName() or type(view).__name__
            controls[f"Enter on the first row of “{name}”"] = _enter_on_first_row(name)
    tabs = page.findChild(QTabWidget)
    if tabs is not None and tabs.isVisible():
        for index in range(tabs.count()):
            controls[f"tab “{tabs.tabText(index).replace('&', '')}”"] = _tab(index)
    for label, button in buttons_in(page).items():
        if button.text().replace("&", "") in ENDS_SESSION:
            continue
        menu = button.menu() if hasattr(button, "menu") else None
        if menu is not None:
            for action in menu.actions():
                if action.isSeparator() or not action.isEnabled():
                    continue
                controls[f"{label} → {action_name(action)}"] = _menu_item(label, action.text())
        else:
            controls[label] = _button(label)
    for action in window.findChildren(QAction):
        if (action.shortcut().isEmpty() or not action.isEnabled() or action_name(action) in ENDS_SESSION
                or case in SAME_PAGE_AGAIN):
            continue
        controls[f"shortcut {action.shortcut().toString()} ({action_name(action)})"] = _shortcut(action.shortcut())
    for shortcut in page.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and parent is not None and parent.isVisible():
            label = f"shortcut {shortcut.key().toString()} ({type(parent).__name__})"
            controls.setdefault(label, _shortcut(shortcut.key()))
    return controls


def _todo_line(group_row: int, child_row: int):
    """Open a folded group with the Right arrow, click the line, press Enter: as a person reads Home."""
    def press(sweep, page):
        tree = page.reminder_list
        group = tree.topLevelItem(group_row)
        tree.setFocus()
        sweep.qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(group).center())
        if not group.isExpanded():
            sweep.qtbot.keyClick(tree, Qt.Key.Key_Right)
        line = group.child(child_row)
        tree.scrollToItem(line)
        sweep.qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(line).center())
        assert tree.currentItem() is line, "the click did not reach the line"
        sweep.qtbot.keyClick(tree, Qt.Key.Key_Return)
    return press


def _opens_on_enter(view: QAbstractItemView) -> bool:
    """Whether Enter (activation) on a row does something: a slot on `activated` or on the item signal."""
    if isinstance(view, QListWidget):
        return view.receivers(SIGNAL("itemActivated(QListWidgetItem*)")) > 0
    if isinstance(view, QTreeWidget):
        return view.receivers(SIGNAL("itemActivated(QTreeWidgetItem*,int)")) > 0
    return view.receivers(SIGNAL("activated(QModelIndex)")) > 0


def _enter_on_first_row(name: str):
    def press(sweep, page):
        view = next(v for v in page.findChildren(QAbstractItemView)
                    if live(v) and (v.accessibleName() or type(v).__name__) == name)
        index = view.model().index(0, 0)
        view.scrollTo(index)
        sweep.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
        sweep.qtbot.keyClick(view, Qt.Key.Key_Return)
    return press


def _nav_row(row: int):
    def press(sweep, page):
        nav = page.window().shell.nav
        sweep.qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center())
    return press


def _tab(index: int):
    def press(sweep, page):
        bar = page.findChild(QTabWidget).tabBar()
        sweep.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    return press


def _button(label: str):
    def press(sweep, page):
        button = buttons_in(page).get(label)
        if button is None:   # an earlier control changed the record (a tick saved, a signature)
            sweep.not_reached.append(label)
            return
        click(sweep.qtbot, button)
    return press


def _menu_item(label: str, text: str):
    def press(sweep, page):
        button = buttons_in(page)[label]
        menu = button.menu()
        action = next(a for a in menu.actions() if a.text() == text)
        sweep.on(lambda w: w is menu, lambda w: choose_in_menu(sweep.qtbot, menu, action))
        click(sweep.qtbot, button)
    return press


def _shortcut(sequence: QKeySequence):
    def press(sweep, page):
        send_keys(sweep.qtbot, page.window(), sequence)
    return press


def _params():
    for case in PAGES:
        known = [c for (k, c) in KNOWN if k == case]
        yield pytest.param(case, None, known, id=case)
        for control in known:
            yield pytest.param(case, control, [], id=f"{case}: {control}",
                               marks=pytest.mark.xfail(strict=True, reason=KNOWN[(case, control)]))


@pytest.mark.parametrize(("case", "only", "skip"), list(_params()))
def test_every_control_on_the_page(app_window, sweep, case, only, skip):
    sweep.person = _person(app_window)
    sweep.case = case
    go = PAGES[case]
    sweep.expected_warnings = EXPECTED_WARNINGS
    page = go(app_window, sweep)
    controls = page_controls(app_window, page, case)
    assert controls, f"nothing to press on {case}"
    for label, press in controls.items():
        if (only and label != only) or label in skip:
            continue
        page = go(app_window, sweep)
        activate(sweep.qtbot, app_window)
        sweep.press(label, lambda p=press, pg=page: p(sweep, pg))
        check_effect(sweep, app_window, label)
        check_asked(sweep, case, label, app_window)
        assert app_window.shell is not None, f"{label} ended the session"
    report(case, sweep)


def report(case: str, sweep: Sweep) -> None:
    print(f"{case}: pressed {len(sweep.pressed) - len(sweep.not_reached)} controls:",
          *(f"{c}  [{', '.join(sweep.opened.get(c, []))}]" for c in sweep.pressed if c not in sweep.not_reached),
          sep="\n  ")
    if sweep.not_reached:
        print("  not there again after an earlier control changed the record:", *sweep.not_reached, sep="\n    ")
    if sweep.boxes:
        print("  message boxes answered:", *(f"{icon} “{title}” after {control}: {text[:90]}"
                                            for control, icon, title, text in sweep.boxes), sep="\n    ")
    for control in sweep.pressed:
        last = control.split(" → ")[-1].rstrip("”)")
        if (last.endswith("…") and control not in set(sweep.not_reached) | sweep.checked
                and not sweep.opened.get(control)):
            sweep.problems.setdefault(control, []).append("its name promises a dialog (…) but nothing opened")
    assert not sweep.problems, "\n\n".join(f"{case} → {control}:\n  " + "\n  ".join(found)
                                           for control, found in sweep.problems.items())


# --- the menu bar: every action through its menu ------------------------------------------------------
def open_menu_and_choose(sweep: Sweep, window, title: str, text: str) -> None:
    """Click the menu's title in the menu bar, then the item where it is drawn."""
    bar = window.menuBar()
    menu = next(a.menu() for a in bar.actions() if action_name(a) == title)
    action = next(a for a in menu.actions() if action_name(a) == text)
    sweep.on(lambda w: w is menu, lambda w: choose_in_menu(sweep.qtbot, menu, action))
    sweep.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())


def menu_items(window) -> list[tuple[str, str]]:
    items = []
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if not action.isSeparator() and action.isEnabled() and action_name(action) not in ENDS_SESSION:
                items.append((action_name(top), action_name(action)))
    return items


@pytest.mark.parametrize("menu", ["File", "Staff", "Workspace", "Help"])
def test_every_menu_action(app_window, sweep, menu):
    sweep.person = _person(app_window)
    items = [i for i in menu_items(app_window) if i[0] == menu]
    assert items
    for title, text in items:
        go_team(app_window, sweep)
        activate(sweep.qtbot, app_window)
        sweep.press(f"{title} → {text}", lambda t=title, x=text: open_menu_and_choose(sweep, app_window, t, x))
        check_effect(sweep, app_window, f"{title} → {text}")
        assert app_window.shell is not None
    report(f"menu {menu}", sweep)


# --- dialogs: each button pressed in a freshly opened dialog -------------------------------------------
def _click_in(page_attr: str):
    def open_(sweep, window, page):
        click(sweep.qtbot, getattr(page, page_attr) if page_attr else page)
    return open_


def _from_menu(title: str, text: str, before: Callable[[Sweep], None] | None = None):
    def open_(sweep, window, page):
        if before:
            before(sweep)
        open_menu_and_choose(sweep, window, title, text)
    return open_


def _staff_menu_item(text: str):
    def open_(sweep, window, page):
        panel = window.shell.team.panel
        menu = panel.other_button.menu()
        action = next(a for a in menu.actions() if action_name(a).startswith(text))
        sweep.on(lambda w: w is menu, lambda w: choose_in_menu(sweep.qtbot, menu, action))
        click(sweep.qtbot, panel.other_button)
    return open_


def _accept_weeks(sweep: Sweep) -> None:
    sweep.on(lambda w: isinstance(w, QInputDialog), lambda w: sweep.qtbot.keyClick(w, Qt.Key.Key_Return))


def _roster_file(sweep: Sweep, window) -> None:
    path = sweep.tmp_path / "roster.csv"
    path.write_text("Assignment Number,First Name,Last Name,Position,Band\n"
                    "77700001,Gwenllian,Llwyd,Paramedic,Band 6\n"
                    "77700002,Zoë,Fernández,Paramedic,Band 99\n", encoding="utf-8")
    sweep.open_answer = str(path)


def _quick_capture(sweep, window, page):
    send_keys(sweep.qtbot, window, QKeySequence("Ctrl+K"))


def _backup_first(sweep, window, page):
    window.workspace.take_backup("manual")
    open_menu_and_choose(sweep, window, "Workspace", "Restore from a backup…")


def _long_gone_leaver(sweep, window, page):
    """Someone who left in 2017, past the six-year retention period, then Staff → Leavers past retention…"""
    from datetime import date
    staff = window.workspace.staff()
    if not any(p.leaving_date and p.leaving_date.year == 2017 for p in staff.all()):
        person = next(p for p in staff.all() if p.is_active and p.start_date and p.start_date < date(2016, 1, 1))
        staff.mark_leaver(person.id or "", date(2017, 4, 1))
    open_menu_and_choose(sweep, window, "Staff", "Leavers past retention…")


def _is(class_name: str):
    return lambda w: type(w).__name__ == class_name


DIALOGS = {
    # name: (page to start from, the person's action that opens it, which modal is the dialog)
    "print preview: EADR record": (go_conversation(0), _click_in("print_button"), _is("PrintPreview")),
    "print preview: blank form": (go_team, _staff_menu_item("Print a blank"), _is("PrintPreview")),
    "print preview: blank forms for staff due": (
        go_team, _from_menu("File", "Print blank forms for staff due…", _accept_weeks), _is("PrintPreview")),
    "print preview: CPD profile": (go_learning("profile"), lambda s, w, p: click(s.qtbot, p.profile.print_button),
                                   _is("PrintPreview")),
    "print preview: compliance report": (
        go_team, _from_menu("File", "Print EADR compliance report…"), _is("PrintPreview")),
    "roster import": (go_team, lambda s, w, p: (_roster_file(s, w), click(s.qtbot, p.import_button)),
                      _is("RosterImportDialog")),
    "mark as leaver": (go_team, lambda s, w, p: click(s.qtbot, p.panel.leaver_button), _is("LeaverDialog")),
    "quick CPD capture": (go_team, _quick_capture, _is("QuickCaptureDialog")),
    "quick CPD capture (a title typed)": (go_team, _quick_capture, _is("QuickCaptureDialog")),
    "quick CPD capture (from their CPD log, a title typed)": (go_learning("cpd"), _quick_capture,
                                                              _is("QuickCaptureDialog")),
    "record training completed": (go_learning("training"), lambda s, w, p: click(s.qtbot, p.training.record_button),
                                  _is("CompletionDialog")),
    "change passphrase": (go_team, _from_menu("Workspace", "Change passphrase…"), _is("ChangePassphraseDialog")),
    "restore from a backup": (go_team, _backup_first, _is("RestoreDialog")),
    "leavers past retention": (go_team, _from_menu("Staff", "Leavers past retention…"), _is("RetentionDialog")),
    "leavers past retention (one listed)": (go_team, _long_gone_leaver, _is("RetentionDialog")),
    "auto-lock": (go_team, _from_menu("Workspace", "Auto-lock after…"), _is("QInputDialog")),
    "reopen a signed record": (go_signed_record, _click_in("reopen_button"), _is("QInputDialog")),
    "about": (go_team, _from_menu("Help", "About EADR Station"), lambda w: isinstance(w, QMessageBox)),
}


# What a person types in a dialog before pressing its buttons (the other dialogs are pressed as they open).
FILL: dict[str, Callable[[object, QWidget], None]] = {
    "quick CPD capture (a title typed)": lambda qtbot, d: qtbot.keyClicks(d.title, "Read the sepsis guidance"),
    "quick CPD capture (from their CPD log, a title typed)":
        lambda qtbot, d: qtbot.keyClicks(d.title, "Read the sepsis guidance"),
}


def _accepts_last(dialog: QDialog, labelled: dict[str, QAbstractButton]) -> list[str]:
    """Buttons that close the dialog with a result (OK, Save, Mark as leaver) go last: they change the record."""
    from PySide6.QtWidgets import QDialogButtonBox

    def rank(label: str) -> int:
        button = labelled[label]
        box = button.parentWidget()
        if isinstance(box, QDialogButtonBox):
            role = box.buttonRole(button)
            return 2 if role in (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole) else 1
        return 0
    return sorted(labelled, key=rank)


def _dialog_params():
    for case in DIALOGS:
        known = [c for (k, c) in KNOWN if k == case]
        yield pytest.param(case, None, known, id=case)
        for control in known:
            yield pytest.param(case, control, [], id=f"{case}: {control}",
                               marks=pytest.mark.xfail(strict=True, reason=KNOWN[(case, control)]))


@pytest.mark.parametrize(("case", "only", "skip"), list(_dialog_params()))
def test_every_control_in_the_dialog(app_window, sweep, case, only, skip):
    sweep.person = _person(app_window)
    go, open_, is_dialog = DIALOGS[case]
    seen: list[str] = []

    def survey(dialog: QWidget) -> None:
        seen.extend(_accepts_last(dialog, buttons_in(dialog)))
        dialog.reject()

    sweep.expected_warnings = EXPECTED_WARNINGS
    page = go(app_window, sweep)
    sweep.on(is_dialog, survey)
    sweep.press(f"open {case}", lambda: open_(sweep, app_window, page))
    assert seen, f"{case}: the dialog did not open or has nothing to press"
    for label in seen:
        if (only and label != only) or label in skip:
            continue
        page = go(app_window, sweep)
        activate(sweep.qtbot, app_window)

        def press_in(dialog: QWidget, label=label) -> None:
            if case in FILL:
                FILL[case](sweep.qtbot, dialog)
            button = buttons_in(dialog).get(label)
            if button is None:
                sweep.not_reached.append(f"{case} → {label}")
                return
            click(sweep.qtbot, button)
        sweep.on(is_dialog, press_in)
        sweep.press(f"{case} → {label}", lambda p=page: open_(sweep, app_window, p))
    report(case, sweep)


# --- the screens before a workspace is open -------------------------------------------------------------
def test_every_control_on_the_unlock_screen(window, sweep, qtbot):
    window.activateWindow()
    for label, button in buttons_in(window.unlock).items():
        sweep.press(label, lambda b=button: click(qtbot, b))
    for title, text in menu_items(window):
        sweep.press(f"{title} → {text}", lambda t=title, x=text: open_menu_and_choose(sweep, window, t, x))
    assert window.shell is None and window.unlock.error.isVisible()   # the empty passphrase was refused
    report("unlock screen", sweep)


def test_every_control_on_the_welcome_screen(qtbot, sweep, tmp_path):
    from desktop.ui.main_window import MainWindow
    folder = tmp_path / "new"
    w = MainWindow(folder, folder)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    labels = buttons_in(w.welcome)
    for label in sorted(labels, key=lambda text: "demo" in text):   # the demo leaves this screen: last
        sweep.press(label, lambda b=labels[label]: click(qtbot, b))
    assert w.stack.currentWidget() is w.unlock   # the demo was built and offered
    w.close()
    report("welcome screen", sweep)


# --- what ends the session, last ---------------------------------------------------------------------------
def test_lock_and_quit_last(app_window, sweep, qtbot):
    window = app_window
    sweep.press("shortcut Ctrl+L (Lock now)", lambda: send_keys(qtbot, window, QKeySequence("Ctrl+L")))
    assert window.shell is None and window.stack.currentWidget() is window.unlock
    qtbot.keyClicks(window.unlock.passphrase, "demo")
    sweep.press("Enter in the passphrase", lambda: qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return))
    qtbot.waitUntil(lambda: not window.unlock.busy, timeout=30000)
    assert window.shell is not None
    sweep.press("Workspace → Lock now", lambda: open_menu_and_choose(sweep, window, "Workspace", "Lock now"))
    assert window.shell is None
    sweep.press("File → Quit", lambda: open_menu_and_choose(sweep, window, "File", "Quit"))
    assert not window.isVisible()
    report("lock and quit", sweep)


# --- found by the sweep, owned by the team page's rewrite -------------------------------------------------
def test_the_highlighted_person_can_be_opened_again_after_cancelling_an_add(app_window, qtbot):
    """Add person → Cancel goes back to the person highlighted before, and clicking them keeps them."""
    from tests.gui.conftest import click_row, go_to_page
    shell = app_window.shell
    go_to_page(qtbot, shell, "Team")
    team = shell.team
    click_row(qtbot, team.table, 2)
    chosen = team.panel.staff
    click(qtbot, team.add_button)
    click(qtbot, team.panel.revert_button)   # Cancel
    assert team.panel.staff is not None and team.panel.staff.id == chosen.id == team.highlighted().id
    click_row(qtbot, team.table, 2)
    assert team.panel.staff is not None and team.panel.staff.id == chosen.id


def test_marking_a_leaver_does_not_drop_unsaved_details(app_window, qtbot, modal):
    from tests.gui.conftest import click_row, go_to_page, retype
    shell = app_window.shell
    go_to_page(qtbot, shell, "Team")
    team = shell.team
    click_row(qtbot, team.table, 3)
    person = team.panel.staff
    retype(qtbot, team.panel.inputs["email"], "new.address@nhs.net")
    asked = []
    modal.when(lambda w: isinstance(w, QMessageBox), lambda box: (asked.append(box.text()),
                                                                  qtbot.keyClick(box, Qt.Key.Key_Escape)))
    modal.when(_is("LeaverDialog"), lambda dialog: click(qtbot, dialog.ok))   # “Mark as leaver”, today
    click(qtbot, team.panel.leaver_button)
    stored = app_window.workspace.staff().get(person.id)
    assert stored.status is StaffStatus.LEAVER
    kept = team.panel.inputs["email"].text() == "new.address@nhs.net" or stored.email == "new.address@nhs.net"
    assert asked or kept, "the typed email address was dropped without a question"
