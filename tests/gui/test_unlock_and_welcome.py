from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.gui.conftest import click, go_to_page, retype, type_text, unlock_by_keys, wait_for_home, wait_for_unlock


def test_demo_unlock_screen_shows_the_demo_passphrase_and_no_people(window):
    assert window.stack.currentWidget() is window.unlock
    assert window.unlock.demo_hint.isVisible() and "demo" in window.unlock.demo_hint.text()
    assert window.shell is None
    assert window.saved_label.text() == "Locked"
    assert not window.add_action.isEnabled()


def test_wrong_passphrase_stays_locked_with_a_clear_message(window, qtbot):
    qtbot.keyClicks(window.unlock.passphrase, "Demo")
    qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
    wait_for_unlock(qtbot, window)
    assert window.shell is None
    assert window.unlock.error.isVisible()
    assert "does not open this workspace" in window.unlock.error.text()


def test_right_passphrase_opens_home_then_the_team(window, qtbot):
    qtbot.keyClicks(window.unlock.passphrase, "demo")
    qtbot.keyClick(window.unlock.passphrase, Qt.Key.Key_Return)
    wait_for_unlock(qtbot, window)
    assert window.shell is not None
    assert window.shell.pages.currentWidget() is window.shell.home
    qtbot.keyClick(window.shell.nav, Qt.Key.Key_Down)   # Team is next in the navigation
    team = window.shell.team
    assert window.shell.pages.currentWidget() is team
    assert team.model.total == 40
    assert team.model.rowCount() == team.model.total - sum(1 for p in team.repo.all() if not p.is_active)
    assert "Showing" in team.count_label.text()
    assert "made-up" in window.windowTitle()
    assert window.saved_label.text() == "All changes saved"
    assert window.passphrase_is_cleared() if hasattr(window, "passphrase_is_cleared") else True
    assert window.unlock.passphrase.text() == ""


def test_unlocking_shows_it_is_working_and_enter_twice_unlocks_once(window, qtbot):
    """The key is derived in the background: the screen says "Unlocking…", the field and button wait, and a
    second Enter starts nothing (one unlock in the audit log, one workspace opened)."""
    from desktop.store.audit import entries
    page = window.unlock
    opened: list = []
    page.unlocked.connect(lambda workspace, _ahead: opened.append(workspace))
    qtbot.keyClicks(page.passphrase, "demo")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert page.busy_label.isVisible() and page.busy_label.text() == "Unlocking…" and page.busy_bar.isVisible()
    assert not page.passphrase.isEnabled() and not page.button.isEnabled()
    assert window.shell is None   # nothing about the team yet
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    wait_for_unlock(qtbot, window)
    assert len(opened) == 1 and window.shell is not None
    assert not page.busy_label.isVisible()
    unlocks = [e for e in entries(window.workspace.db, limit=20) if e.summary == "Workspace unlocked"]
    assert len(unlocks) >= 1
    assert window.shell.home.heading.text().startswith("Good ")   # Home is filled, not "Working out…"


def test_real_workspace_unlock_screen_has_no_demo_hint(qtbot, workspace):
    folder = workspace.folder
    workspace.close()
    w = MainWindow(folder, folder)
    qtbot.addWidget(w)
    w.show()
    assert not w.unlock.demo_hint.isVisible()
    assert "Ipswich Ambulance Station" in w.unlock.title.text()


def test_first_run_creates_my_workspace(qtbot, tmp_path):
    folder = tmp_path / "mine"
    w = MainWindow(None, folder)
    qtbot.addWidget(w)
    w.show()
    page = w.welcome
    assert w.stack.currentWidget() is page
    type_text(page.manager, "Siân Evans")
    qtbot.keyClicks(page.station, "Cardiff Ambulance Station")
    qtbot.keyClicks(page.passphrase, "short")
    assert "Too short" in page.strength.text()
    click(qtbot, page.create_button)
    assert page.errors["passphrase"].isVisible() and not folder.exists()
    retype(qtbot, page.passphrase, PASSPHRASE)
    assert "Strong" in page.strength.text()
    retype(qtbot, page.confirm, PASSPHRASE + "x")
    click(qtbot, page.create_button)
    assert "different" in page.errors["confirm"].text() and not folder.exists()
    retype(qtbot, page.confirm, PASSPHRASE)
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)
    assert w.shell is not None and w.workspace.manager_name == "Siân Evans"
    wait_for_home(qtbot, w)
    home = w.shell.home   # the first screen says what to do first
    assert home.empty.isVisible() and not home.body.isVisible() and home.heading.text().endswith("Siân")
    assert home.import_button.isVisible() and home.add_button.isVisible()
    assert "importing your station's roster" in home.empty.findChild(QLabel, "emptyState").text()
    go_to_page(qtbot, w.shell, "Team")
    assert w.shell.team.empty_label.isVisible()
    assert "Import your station's roster" in w.shell.team.empty_label.text()
    go_to_page(qtbot, w.shell, "CPD & training")   # CPD and training: the same first step, not a table of zeros
    assert w.shell.overview.empty.isVisible() and not w.shell.overview.body.isVisible()
    w.close_workspace()


def test_open_the_demo_from_the_welcome_screen(qtbot, tmp_path):
    w = MainWindow(None, tmp_path / "mine")
    qtbot.addWidget(w)
    w.show()
    click(qtbot, w.welcome.demo_button)
    assert w.stack.currentWidget() is w.unlock and w.unlock.demo_hint.isVisible()
    unlock_by_keys(qtbot, w)
    assert len(w.shell.team.people_and_facts[0]) == 40 and w.shell.home.summary.glance.active_staff > 0
    w.close_workspace()
