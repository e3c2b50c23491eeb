"""The *Give feedback* screen on the lock screen: a rater with a code, real key presses, nothing else reachable."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from pathlib import Path

import pyrage
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenuBar, QRadioButton

from desktop.domain.leadership import RaterGroup, response_from_bytes
from desktop.security.feedback360 import Feedback360, format_code, round_path
from desktop.security.unlock import unlock_workspace
from tests.gui.conftest import type_text

SHOTS = Path("/tmp/h11")


def open_demo_round(folder: Path, invited: dict[RaterGroup, int]) -> tuple[str, list, str]:
    """A round for the demo's first leader, opened the way the manager's app does, then locked again."""
    ws = unlock_workspace(folder, "demo")
    try:
        leader = next(s for s in ws.staff().all() if s.role.value == "manager")
        service = Feedback360(ws.folder, ws.leadership())
        round_id, invitations = service.open_round(
            leader.id, leader.display_name, leader.job_title, ws.profile().values, date.today() + timedelta(days=14),
            invited)
        return round_id, invitations, leader.display_name
    finally:
        ws.close()


def progress(folder: Path, round_id: str):
    ws = unlock_workspace(folder, "demo")
    try:
        return Feedback360(ws.folder, ws.leadership()).progress(round_id)
    finally:
        ws.close()


@pytest.fixture
def code_window(qtbot, window):
    """The lock screen's *Use a code…* window, opened with the button."""
    qtbot.mouseClick(window.unlock.code_button, Qt.MouseButton.LeftButton)
    dialog = window.unlock.code_window
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    return dialog


def use_code(qtbot, window, dialog, code: str, press=Qt.Key.Key_Return):
    """Type a code into *Use a code…* and press Enter (or click Open); returns the screen it opened."""
    type_text(dialog.code, code)
    if press is None:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    else:
        qtbot.keyClick(dialog.code, press)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is not None)
    kiosk = window.unlock.kiosk_window
    qtbot.waitExposed(kiosk)
    qtbot.waitUntil(kiosk.isActiveWindow)   # the keyboard is in the screen the code opened
    return kiosk


def _answer_all_with_keys(qtbot, dialog, right_presses: int) -> None:
    """Tab into each statement's choices and choose with the arrow keys, as a keyboard user does."""
    for key, group in dialog.groups.items():
        first = group.buttons()[0]
        first.setFocus() if key == next(iter(dialog.groups)) else None
        focused = QApplication.focusWidget()
        assert isinstance(focused, QRadioButton) and focused in group.buttons(), key
        qtbot.keyClick(focused, Qt.Key.Key_Space)
        for _ in range(right_presses):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_a_rater_answers_with_the_keyboard_and_returns_to_the_lock_screen(qtbot, hr_hub, window, code_window,
                                                                           demo_folder):
    round_id, invitations, name = open_demo_round(demo_folder, {RaterGroup.PEER: 3})
    code = invitations[0].code
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "lock-screen.png"))
    # A mistyped code is named; nothing opens.
    type_text(code_window.code, "ABCD-EFGH-JKMN")
    qtbot.keyClick(code_window.code, Qt.Key.Key_Return)
    assert code_window.code_error.isVisible() and "not one of this station" in code_window.code_error.text()
    code_window.grab().save(str(SHOTS / "rater-code.png"))
    assert window.unlock.kiosk_window is None
    code_window.code.clear()
    rater = use_code(qtbot, window, code_window, format_code(code).lower())
    assert rater.session is not None and rater.stack.currentWidget() is rater.questionnaire
    assert name in rater.session.intro
    SHOTS.mkdir(exist_ok=True)
    for w, h in ((1366, 768), (1024, 768)):
        rater.resize(w, h)
        qtbot.wait(20)
        rater.grab().save(str(SHOTS / f"rater-{w}.png"))
    # Sending with gaps names the first gap and sends nothing.
    qtbot.mouseClick(rater.send_button, Qt.MouseButton.LeftButton)
    assert "14 statements are not answered" in rater.send_error.text()
    _answer_all_with_keys(qtbot, rater, right_presses=3)          # "Often" for every statement
    assert all(g.checkedId() == 4 for g in rater.groups.values())
    focused = QApplication.focusWidget()
    assert focused is rater.comments["keep"]
    type_text(focused, "Calm and clear on difficult jobs")
    rater.send_button.setFocus()
    qtbot.keyClick(rater.send_button, Qt.Key.Key_Space)
    assert rater.stack.currentWidget() is rater.thanks
    rater.grab().save(str(SHOTS / "rater-thanks.png"))
    qtbot.keyClick(rater.thanks_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)
    assert window.stack.currentWidget() is window.unlock and window.workspace is None
    assert progress(demo_folder, round_id).responded == {"peer": 1}
    kept = round_path(demo_folder, round_id).read_text()
    assert "Calm and clear" not in kept and '"ratings"' not in kept
    # What was kept is sealed to HR's key: HR's identity opens it, nothing at the station does.
    sealed = json.loads(kept)["responses"]
    assert len(sealed) == 1
    opened = response_from_bytes(pyrage.decrypt(base64.b64decode(sealed[0]), [hr_hub.keys.identity]))
    assert opened.comments["keep"] == "Calm and clear on difficult jobs" and set(opened.ratings.values()) == {4}


def test_nothing_else_is_reachable_from_the_rater_screen(qtbot, hr_hub, window, code_window, demo_folder):
    round_id, invitations, _ = open_demo_round(demo_folder, {RaterGroup.PEER: 3})
    rater = use_code(qtbot, window, code_window, invitations[1].code, press=None)
    assert rater.session is not None
    # No menu bar of its own, and it is modal: the main window's menus and shortcuts are out of reach.
    assert not rater.findChildren(QMenuBar)
    assert rater.windowModality() == Qt.WindowModality.ApplicationModal
    assert QApplication.activeModalWidget() is rater
    # Tab cycles only inside the window.
    rater.groups[next(iter(rater.groups))].buttons()[0].setFocus()
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert rater.isAncestorOf(QApplication.focusWidget())
    # Ctrl+L, Ctrl+K, F1 and Alt+F do nothing outside it.
    for key, mod in ((Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)):
        qtbot.keyClick(QApplication.focusWidget(), key, mod)
        assert QApplication.activeModalWidget() is rater and window.workspace is None
    # A choice, then Esc: back to the lock screen with the draft kept (sealed), and the code still unused.
    group = rater.groups[next(iter(rater.groups))]
    group.buttons()[0].setFocus()
    qtbot.keyClick(group.buttons()[0], Qt.Key.Key_Space)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)
    assert window.stack.currentWidget() is window.unlock
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.unlock.passphrase)
    assert progress(demo_folder, round_id).total == 0
    drafts = list((demo_folder / "feedback" / "drafts").glob("*.bin"))
    assert len(drafts) == 1 and b"value:" not in drafts[0].read_bytes()
    # The same code again: the draft comes back.
    qtbot.mouseClick(window.unlock.code_button, Qt.MouseButton.LeftButton)
    again = use_code(qtbot, window, window.unlock.code_window, invitations[1].code)
    assert again.groups[next(iter(again.groups))].checkedId() == 1
    assert "earlier answers were kept" in again.draft_note.text()
    again.close()
