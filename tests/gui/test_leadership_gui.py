"""The leader's side: the Healthcare Leadership Model self-assessment, a 360 round from the person's page, and
the report, pressed as a manager presses them. Screenshots go to /tmp/h11."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.conversation import Kind, Section
from desktop.domain.leadership import RaterGroup
from desktop.ui.dialogs.print_preview import PrintPreview
from desktop.ui.feedback import leadership as leadership_ui
from tests.gui.conftest import choose_menu, go_to_page, type_text, unlock_by_keys
from tests.gui.test_give_feedback import _answer_all_with_keys, use_code
from tests.unit.syncing import round_trip

SHOTS = Path("/tmp/h21")


@pytest.fixture(autouse=True)
def _dialogs_do_not_block(monkeypatch):
    """Modal dialogs show instead of blocking, so the test presses their buttons like a person."""
    shown: dict[str, object] = {}

    def show(self):
        shown[type(self).__name__] = self
        self.show()
        return 0
    for cls in (leadership_ui.LeadershipDialog, leadership_ui.ReportDialog, PrintPreview):
        monkeypatch.setattr(cls, "exec", show)
    return shown


def _person(window, predicate):
    people = window.workspace.staff().all()
    staff = next(s for s in people if predicate(s))
    window.shell.team.select(staff.id)
    return staff


def _open_leadership(qtbot, window, shown):
    qtbot.mouseClick(window.shell.team.panel.leadership_button, Qt.MouseButton.LeftButton)
    dialog = shown["LeadershipDialog"]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _give_feedback_on_the_lock_screen(qtbot, window, code: str, right_presses: int, comment: str) -> None:
    """A rater at the locked PC: Use a code…, the code, every statement by keys, a comment, Send."""
    qtbot.mouseClick(window.unlock.code_button, Qt.MouseButton.LeftButton)
    code_window = window.unlock.code_window
    qtbot.waitExposed(code_window)
    rater = use_code(qtbot, window, code_window, code)
    assert rater.session is not None
    _answer_all_with_keys(qtbot, rater, right_presses)
    assert QApplication.focusWidget() is rater.comments["keep"]
    type_text(QApplication.focusWidget(), comment)
    rater.send_button.setFocus()
    qtbot.keyClick(rater.send_button, Qt.Key.Key_Space)
    assert rater.stack.currentWidget() is rater.thanks, rater.send_error.text()
    qtbot.keyClick(rater.thanks_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.unlock.kiosk_window is None)


def _rounds_tab(qtbot, window, shown, leader):
    go_to_page(qtbot, window.shell, "Team")
    window.shell.team.select(leader.id)
    dialog = _open_leadership(qtbot, window, shown)
    dialog.tabs.tabBar().setFocus()
    qtbot.keyClick(dialog.tabs.tabBar(), Qt.Key.Key_Right)   # from the tab bar, Right: the 360 tab
    assert dialog.tabs.currentWidget() is dialog.rounds_tab
    return dialog, dialog.rounds_tab


def _shots(qtbot, dialog, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for w, h in ((1366, 768), (1024, 768)):
        dialog.resize(w - 40, h - 60)
        qtbot.wait(20)
        dialog.grab().save(str(SHOTS / f"{name}-{w}.png"))


def test_a_round_from_the_persons_page_through_hr_to_the_report(qtbot, hr_hub, unlocked, monkeypatch, tmp_path,
                                                                _dialogs_do_not_block):
    """Opened on the person's page, answered on the lock screen by keys, closed, sealed answers to HR in a bundle,
    merged by HR's hub, returned in the reference bundle: the round page shows each state, then the report."""
    shown = _dialogs_do_not_block
    window = unlocked
    leader = _person(window, lambda s: s.role.value == "manager")
    slips = []
    real = leadership_ui.InvitationSlips

    def capture(*args, **kwargs):
        document = real(*args, **kwargs)
        slips.extend(document.slips)
        return document
    monkeypatch.setattr(leadership_ui, "InvitationSlips", capture)
    dialog, rounds = _rounds_tab(qtbot, window, shown, leader)
    assert not rounds.not_enrolled.isVisible() and rounds.open_button.isEnabled()
    # Three peers, no direct reports: typed into the spin boxes.
    for group, count in ((RaterGroup.PEER, "3"), (RaterGroup.DIRECT_REPORT, "0")):
        spin = rounds.invites[group]
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, count)
    qtbot.mouseClick(rounds.open_button, Qt.MouseButton.LeftButton)
    preview = shown["PrintPreview"]
    assert preview.pdf_bytes.startswith(b"%PDF") and len(slips) == 5
    preview.close()
    assert rounds.current_box.isVisible() and not rounds.open_box.isVisible()
    dialog.close()

    # Workspace > Lock now; each rater answers on the lock screen's Give feedback window, by keys.
    choose_menu(qtbot, window, "Workspace", "Lock now")
    qtbot.waitUntil(lambda: window.workspace is None)
    presses = {RaterGroup.SELF: 4, RaterGroup.LINE_MANAGER: 2, RaterGroup.PEER: 3}    # Always, Sometimes, Often
    for n, slip in enumerate(slips):
        _give_feedback_on_the_lock_screen(qtbot, window, slip.code, presses[slip.group], f"Keeps us calm ({n})")
    unlock_by_keys(qtbot, window)
    assert window.shell is not None

    dialog, rounds = _rounds_tab(qtbot, window, shown, leader)
    cells = {rounds.table.item(r, 0).text(): rounds.table.item(r, 2).text() for r in range(rounds.table.rowCount())}
    assert cells == {"Self": "1", "Line manager": "1", "Peers": "3"}
    assert "5 of 5 invited have answered" in rounds.current_text.text()
    # Nothing anyone wrote or rated is on the round page: only counts.
    from PySide6.QtWidgets import QLabel
    on_screen = " ".join([w.text() for w in dialog.findChildren(QLabel)] + [
        rounds.table.item(r, c).text() for r in range(rounds.table.rowCount()) for c in range(3)])
    assert "Keeps us calm" not in on_screen and "Always" not in on_screen
    _shots(qtbot, dialog, "round-open")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(rounds.close_button, Qt.MouseButton.LeftButton)
    # No report yet: the station cannot open the answers. The page says what happens next.
    assert "ReportDialog" not in shown
    assert rounds.latest_box.isVisible() and "waiting for HR's results" in rounds.latest_box.title()
    assert "Waiting for HR to return the results" in rounds.latest_text.text()
    assert not rounds.report_button.isVisible() and rounds.open_box.isVisible()
    assert "Waiting for HR to return the results" in rounds.history.item(0).text()
    qtbot.keyClick(rounds.history, Qt.Key.Key_Home)
    qtbot.keyClick(rounds.history, Qt.Key.Key_Return)
    assert "ReportDialog" not in shown and "waiting for HR" in rounds.history_note.text()
    _shots(qtbot, dialog, "round-waiting")
    dialog.close()

    # The next bundle carries the sealed answers to HR; HR's reference bundle brings the merged results back.
    round_trip(window.workspace, hr_hub, tmp_path / "sync")
    dialog, rounds = _rounds_tab(qtbot, window, shown, leader)
    assert "results in" in rounds.latest_box.title() and rounds.report_button.isVisible()
    assert "results returned by HR" in rounds.latest_text.text()
    _shots(qtbot, dialog, "round-results")
    qtbot.mouseClick(rounds.report_button, Qt.MouseButton.LeftButton)
    report = shown["ReportDialog"]
    qtbot.waitExposed(report)
    html = report.text.toPlainText()
    assert "Line manager (their own view)" in html and "Peers" in html
    assert "Holding to account: others" in html and "Keeps us calm (2)" in html
    for w, h in ((1366, 768), (1024, 768)):
        report.resize(w - 40, h - 60)
        qtbot.wait(20)
        report.grab().save(str(SHOTS / f"report-{w}.png"))
    report.areas.item(6).setCheckState(Qt.CheckState.Checked)          # holding to account
    assert "holding_to_account" in report.ticked()
    qtbot.mouseClick(report.plan_button, Qt.MouseButton.LeftButton)
    assert "added to the development plan" in report.status.text()
    items = window.workspace.conversations().open_for(leader.id).development
    assert any("holding to account" in d.need and d.tna_category == "Leadership and management" for d in items)
    qtbot.mouseClick(report.print_button, Qt.MouseButton.LeftButton)
    assert shown["PrintPreview"].pdf_bytes.startswith(b"%PDF")
    # The closed round is listed with its state.
    assert rounds.history.count() == 1 and "5 responses" in rounds.history.item(0).text()
    assert "report is ready" in rounds.history.item(0).text()


def test_a_workspace_not_joined_to_hr_says_why_no_round_can_open(qtbot, unlocked, _dialogs_do_not_block):
    window = unlocked
    leader = _person(window, lambda s: s.role.value == "manager")
    dialog, rounds = _rounds_tab(qtbot, window, _dialogs_do_not_block, leader)
    assert rounds.not_enrolled.isVisible() and not rounds.open_button.isEnabled()
    assert "has not joined your trust's HR hub" in rounds.not_enrolled.text()
    assert "Ask HR for an enrolment file" in rounds.not_enrolled.text()
    _shots(qtbot, dialog, "round-not-enrolled")
    assert window.workspace.db.execute("SELECT count(*) FROM feedback_rounds").fetchone()[0] == 0


def test_self_assessment_by_keyboard_for_someone_who_opts_in(qtbot, unlocked, _dialogs_do_not_block):
    window = unlocked
    person = _person(window, lambda s: s.role.value == "paramedic")
    dialog = _open_leadership(qtbot, window, _dialogs_do_not_block)
    tab = dialog.self_tab
    assert tab.opt_in.isVisible() and not tab.save_button.isEnabled()
    tab.opt_in.setFocus()
    qtbot.keyClick(tab.opt_in, Qt.Key.Key_Space)
    assert tab.save_button.isEnabled() and window.workspace.leadership().opted_in(person.id)
    first = tab.levels["inspiring_shared_purpose"].buttons()[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Space)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)           # Essential -> Proficient
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.reflections["inspiring_shared_purpose"]
    type_text(QApplication.focusWidget(), "Brings the crew back to the patient when shifts get hard.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.develop["inspiring_shared_purpose"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "1 of 9 dimensions placed" in tab.status.text() and "1 added" in tab.status.text()
    stored = window.workspace.leadership().self_assessment(person.id)
    d = stored.for_key("inspiring_shared_purpose")
    assert d.level.value == "proficient" and d.develop and d.reflection.startswith("Brings the crew")
    dialog.grab().save(str(SHOTS / "self-assessment.png"))


def test_the_eadr_development_section_links_to_it_and_shows_the_new_item(qtbot, unlocked, _dialogs_do_not_block):
    window = unlocked
    leader = _person(window, lambda s: s.role.value == "manager")
    page = window.shell.open_conversation(leader, Kind.EADR)   # (starting one is tested in test_conversation)
    page.steps.setCurrentRow([s for s in page.conversation.sections].index(Section.DEVELOPMENT))
    section = page.current_section
    before = len(section.items.values())
    qtbot.mouseClick(section.leadership_button, Qt.MouseButton.LeftButton)
    dialog = _dialogs_do_not_block["LeadershipDialog"]
    tab = dialog.self_tab
    tab.develop["engaging_the_team"].setFocus()   # far down the list: the keyboard reaches it, a click may not
    qtbot.keyClick(tab.develop["engaging_the_team"], Qt.Key.Key_Space)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    dialog.close()
    page.reload_from_store()   # what open_leadership does once the (here non-blocking) dialog returns
    needs = [d.need for d in section.items.values()]
    assert len(needs) == before + 1 and any("engaging the team" in n for n in needs)
    assert window.workspace.leadership().self_assessment(leader.id) is not None


def test_locking_under_the_leadership_dialog_opened_from_an_eadr(qtbot, unlocked, monkeypatch):
    """Auto-lock while the dialog is open over an EADR: it closes, the workspace locks, nothing breaks."""
    from PySide6.QtCore import QTimer
    window = unlocked
    leader = _person(window, lambda s: s.role.value == "manager")
    page = window.shell.open_conversation(leader, Kind.EADR)
    page.steps.setCurrentRow([s for s in page.conversation.sections].index(Section.PERFORMANCE))
    monkeypatch.setattr(leadership_ui.LeadershipDialog, "exec", leadership_ui.QDialog.exec)   # really modal
    QTimer.singleShot(50, lambda: window.lock("Locked after 5 minutes without use"))
    qtbot.mouseClick(page.current_section.leadership_button, Qt.MouseButton.LeftButton)
    assert window.workspace is None and window.stack.currentWidget() is window.unlock


def test_alt_letters_are_used_once_among_the_buttons_and_tabs_of_each_tab(qtbot, unlocked, _dialogs_do_not_block):
    """A button or tab sharing its Alt+letter is only focused, not pressed (see test_mnemonics)."""
    from PySide6.QtWidgets import QAbstractButton, QTabBar

    from tests.gui.test_mnemonics import mnemonic
    _person(unlocked, lambda s: s.role.value == "manager")
    dialog = _open_leadership(qtbot, unlocked, _dialogs_do_not_block)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        letters: list[str] = [m for i in range(dialog.tabs.count()) if (m := mnemonic(dialog.tabs.tabText(i)))]
        for widget in dialog.findChildren(QAbstractButton):
            if widget.isVisible() and not isinstance(widget.parent(), QTabBar) and (m := mnemonic(widget.text())):
                letters.append(m)
        assert len(letters) == len(set(letters)), (dialog.tabs.tabText(index), sorted(letters))
