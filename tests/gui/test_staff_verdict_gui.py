"""The staff member's view of the conversation: the manager hands the PC over after signing, the app locks,
and only four questions are reachable, answered by keyboard; or later with a printed code on the lock screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenuBar, QRadioButton

from desktop.domain.conversation import Kind, Status
from desktop.hub.service import Hub
from desktop.security.keyfile import Argon2Params
from desktop.security.unlock import unlock_workspace
from desktop.sync import station
from desktop.security.verdict import About, VerdictBox, box_path
from desktop.ui.feedback.verdict import VerdictWindow
from tests.gui.conftest import click, type_text, unlock_by_keys
from tests.gui.test_give_feedback import use_code

SHOTS = Path("/tmp/h23")
FAST = Argon2Params(time_cost=1, memory_kib=8192, parallelism=1)
SECRET = "Felt rushed at the end of a night shift"


def _signed_eadr(window):
    ws = window.workspace
    for person in ws.staff().all():
        conversation = ws.conversations().last_signed(person.id or "", Kind.EADR)
        if conversation is not None:
            return person, conversation
    raise AssertionError("the demo has no signed EADR")


def _answer_by_keys(qtbot, kiosk, rights: int) -> None:
    """From the first choice of the first question: Space chooses, Right moves along, Tab to the next question."""
    for key, group in kiosk.groups.items():
        focused = QApplication.focusWidget()
        assert isinstance(focused, QRadioButton) and focused in group.buttons(), (key, focused.text())
        qtbot.keyClick(focused, Qt.Key.Key_Space)
        for _ in range(rights):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_handover_after_signing_locks_and_shows_only_the_questions(qtbot, unlocked):
    window = unlocked
    person, conversation = _signed_eadr(window)
    page = window.shell.show_conversation(person, conversation)
    assert page.banner.isVisible() and page.handover_button.isVisible()
    click(qtbot, page.handover_button)
    kiosk = window.unlock.kiosk_window
    assert kiosk is not None and kiosk.isVisible()
    qtbot.waitExposed(kiosk)
    # The app locked first: the key is gone and the lock screen is behind the kiosk.
    assert window.workspace is None and window.stack.currentWidget() is window.unlock
    assert kiosk.stack.currentWidget() is kiosk.questions
    assert kiosk.session is not None and kiosk.session.about.first_name in (person.first_name, person.preferred_name)
    SHOTS.mkdir(exist_ok=True)
    for w, h in ((1366, 768), (1024, 768)):
        window.resize(w, h)
        kiosk.resize(min(900, w), min(700, h))
        qtbot.wait(20)
        kiosk.grab().save(str(SHOTS / f"verdict-kiosk-{w}.png"))
    # Nothing else is reachable: no menus, modal, Tab stays inside, the main window's shortcuts do nothing.
    assert not kiosk.findChildren(QMenuBar)
    assert QApplication.activeModalWidget() is kiosk
    start = QApplication.focusWidget()
    for _ in range(25):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert kiosk.isAncestorOf(QApplication.focusWidget())
    for key, mod in ((Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)):
        qtbot.keyClick(QApplication.focusWidget(), key, mod)
        assert QApplication.activeModalWidget() is kiosk and window.workspace is None
    start.setFocus()
    # Sending with gaps names the first and counts nothing.
    qtbot.mouseClick(kiosk.send_button, Qt.MouseButton.LeftButton)
    assert "4 questions are not answered" in kiosk.send_error.text()
    kiosk.groups["job"].buttons()[0].setFocus()
    _answer_by_keys(qtbot, kiosk, rights=3)             # "Agree" to every question
    assert kiosk.answers() == {q: "agree" for q in ("job", "objectives", "valued", "wellbeing")}
    # The demo has not joined HR's hub, so there is nobody to seal a comment to: the box says so, and is not offered.
    assert not kiosk.comment.isVisible() and "cannot be kept" in kiosk.comment_caption.text()
    assert QApplication.focusWidget() is kiosk.send_button
    qtbot.keyClick(kiosk.send_button, Qt.Key.Key_Space)
    assert kiosk.stack.currentWidget() is kiosk.thanks
    kiosk.grab().save(str(SHOTS / "verdict-thanks.png"))
    qtbot.keyClick(kiosk.thanks_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)
    assert window.stack.currentWidget() is window.unlock and window.workspace is None
    # The manager unlocks: the record says a view was given (not what), and nothing is counted yet (one view).
    unlock_by_keys(qtbot, window)
    assert window.workspace is not None
    assert window.workspace.verdicts().given_for([conversation.id]) and window.workspace.verdicts().counts() == {}
    page = window.shell.conversation
    assert page is not None and "view of the conversation was given" in page.banner_text.text()
    assert not page.handover_button.isVisible()


def test_a_printed_code_opens_the_questions_on_the_lock_screen(qtbot, window, demo_folder, tmp_path):
    ws = unlock_workspace(demo_folder, "demo")
    try:
        hub = Hub.create(tmp_path / "hub", "hub passphrase", params=FAST)
        enrolment = hub.enrolment_file("IPS", tmp_path / "enrolment.json", "Ipswich")
        station.enrol(ws, enrolment, ws.database_key)
        signed = [c for p in ws.staff().all() if (c := ws.conversations().last_signed(p.id, Kind.EADR))]
        assert signed[0].status is Status.SIGNED_OFF
        box = VerdictBox(ws.folder, ws.verdicts(), ws.hr_recipient)
        codes = [box.issue_code(c.id, c.staff_id, About("Sam", "EADR", "", "Jo")) for c in signed[:3]]
    finally:
        ws.close()
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "lock-screen.png"))
    for n, code in enumerate(codes):
        # The lock screen's one *Use a code…* routes a verdict code to the verdict questions.
        qtbot.mouseClick(window.unlock.code_button, Qt.MouseButton.LeftButton)
        code_window = window.unlock.code_window
        qtbot.waitExposed(code_window)
        if n == 0:
            type_text(code_window.code, "ABCD-EFGH-JKMN")
            qtbot.keyClick(code_window.code, Qt.Key.Key_Return)
            assert "not one of this station's" in code_window.code_error.text()
            assert window.unlock.kiosk_window is None
            code_window.code.clear()
        kiosk = use_code(qtbot, window, code_window, code.lower())
        assert isinstance(kiosk, VerdictWindow) and kiosk.stack.currentWidget() is kiosk.questions
        _answer_by_keys(qtbot, kiosk, rights=n + 1)
        assert QApplication.focusWidget() is kiosk.comment
        type_text(kiosk.comment, SECRET)
        if n == 0:
            for w, h in ((1366, 768), (1024, 768)):
                kiosk.resize(min(900, w), min(700, h))
                qtbot.wait(20)
                kiosk.grab().save(str(SHOTS / f"verdict-kiosk-comment-{w}.png"))
        qtbot.keyClick(kiosk.comment, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is kiosk.send_button
        qtbot.keyClick(kiosk.send_button, Qt.Key.Key_Space)
        qtbot.keyClick(kiosk.thanks_button, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)
    # Three views: counted at the next unlock, and the manager's Home card shows the shares in words.
    unlock_by_keys(qtbot, window)
    counts = window.workspace.verdicts().counts()
    assert sum(counts[next(iter(counts))]["job"].values()) == 3
    home = window.shell.home
    assert home.verdict_card.isVisible() and "Across 3 views" in home.verdict_words.text()
    for w, h in ((1366, 768), (1024, 768)):
        window.resize(w, h)
        qtbot.wait(30)
        window.grab().save(str(SHOTS / f"home-views-{w}.png"))
    # The comments are sealed to HR: not in the box file, not in the workspace; HR's hub reads them.
    assert SECRET not in box_path(window.folder).read_text()
    assert window.workspace.db.execute("SELECT count(*) FROM verdict_comments").fetchone()[0] == 3
    assert all(SECRET not in r[0] for r in window.workspace.db.execute("SELECT sealed FROM verdict_comments"))
    path = station.export_bundle(window.workspace, tmp_path / "out")
    assert hub.import_file(path).outcome == "applied"
    assert [c[2] for c in hub.verdict_comments()] == [SECRET] * 3
    hub.close()
