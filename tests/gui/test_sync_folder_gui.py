"""The sync folder as a manager meets it: set once on the Sync page, then a sign-off reaches HR's figures with
nothing pressed for sync, HR's reply is applied by itself, and a folder that goes away is waited for in words."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QFileDialog

from desktop.domain.conversation import Kind, Status
from desktop.hub.watch import Watcher
from desktop.sync import folders
from desktop.ui.main_window import MainWindow
from tests.gui.conftest import click, go_to_page, unlock_by_keys
from tests.gui.test_conversation import click_in_next_dialog, fresh_person
from tests.unit.syncing import disagreements, enrolled_workspace, hub_records, make_hub


def bundles(folder) -> list:
    return sorted(folder.glob("IPS-0*.eadr-bundle"))


def test_a_sign_off_reaches_hr_through_the_sync_folder_with_nothing_pressed_for_sync(qtbot, tmp_path, monkeypatch):
    hub = make_hub(tmp_path / "hub")
    workspace = enrolled_workspace(tmp_path, hub, "IPS", staff=8)
    folder = workspace.folder
    workspace.close()
    shared = tmp_path / "shared"
    shared.mkdir()
    window = MainWindow(folder, folder)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    try:
        unlock_by_keys(qtbot, window)
        shell = window.shell
        auto = window.auto_sync
        go_to_page(qtbot, shell, "Sync")
        page = shell.sync
        assert page.folder_state.text().startswith("Not set: ")
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(shared))
        click(qtbot, page.folder_button)
        station_folder = shared / "IPS"   # the station's own subfolder of the shared one, made for it
        assert folders.get(window.workspace).outbox == station_folder and station_folder.is_dir()
        assert page.folder_paths.text() == f"Bundles for HR and HR's replies: {station_folder}"
        qtbot.waitUntil(lambda: len(bundles(station_folder)) == 1 and not auto.exporting.running, timeout=30000)
        assert "Bundle 1 for HR written to the sync folder" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: page.waiting.text().startswith(   # counted off the GUI thread
            f"{page.outbox_model.index(0, 2).data()} records are in the sync folder for HR, not yet acknowledged: "),
            timeout=10000)
        assert page.outbox_model.rowCount() == 1
        assert page.clear_folder_button.isVisible() and page.folder_button.text() == "Change the sync &folder…"

        watcher = Watcher(hub, [shared])   # HR's watcher, looking twice
        watcher.look()
        assert [e.outcome for e in watcher.look()] == ["imported", "reference"]
        auto.look_timer.timeout.emit()      # the minute's look at the inbox
        qtbot.waitUntil(lambda: "reference bundle applied" in window.statusBar().currentMessage(), timeout=30000)
        assert page.outbox_model.rowCount() == 0   # HR acknowledged bundle 1

        # A sign-off, pressed as the manager and the member of staff press it.
        go_to_page(qtbot, shell, "Team")
        person = fresh_person(shell)
        conversation = shell.open_conversation(person, Kind.EADR)
        sign = conversation.signoff_section
        conversation.steps.setCurrentRow(len(conversation.sections) - 1)
        sign.staff_name.setText(f"{person.first_name} {person.last_name}")
        click(qtbot, sign.agreed)
        click(qtbot, sign.staff_sign_button)
        click_in_next_dialog("Sign and lock")
        click(qtbot, sign.manager_sign_button)
        assert conversation.conversation.status is Status.SIGNED_OFF
        signed_id = conversation.conversation.id
        qtbot.waitUntil(lambda: len(bundles(station_folder)) == 1 and not auto.exporting.running, timeout=30000)
        assert "written to the sync folder" in window.statusBar().currentMessage()
        watcher.look()
        assert [e.outcome for e in watcher.look()] == ["imported", "reference"]
        wsid = window.workspace.info.workspace_id
        assert ("conversations", signed_id) in hub_records(hub, wsid)   # HR's figures have it
        assert disagreements(window.workspace, hub) == []

        # The folder goes away (the network drive is not connected): waited for, in words, no error box.
        aside = tmp_path / "unplugged"
        shutil.move(shared, aside)
        auto.export_timer.timeout.emit()
        qtbot.waitUntil(lambda: auto.waiting_for is not None, timeout=30000)
        go_to_page(qtbot, shell, "Home")
        assert shell.home.sync_line.text() == ("Sync with HR: Waiting for the sync folder: it cannot be reached just "
                                               "now. EADR Station tries again every minute; nothing is lost.")
        assert shell.home.sync_line.isVisible()
        go_to_page(qtbot, shell, "Sync")
        assert page.folder_state.text().startswith("Waiting for the sync folder")
        shutil.move(aside, shared)           # and comes back
        auto.look_timer.timeout.emit()
        qtbot.waitUntil(lambda: auto.waiting_for is None and not auto.looking.running
                        and not (auto.exporting and auto.exporting.running), timeout=30000)
        assert page.folder_state.text().startswith("Up to date: HR has everything recorded here.")
        assert shell.home.sync_line.text().startswith("Sync with HR: Up to date")

        # Closing writes what is still due (HR's catalogue, taken in with its reply, goes back once).
        due = folders.needs_bundle(window.workspace.db)
        before = len(bundles(shared / "IPS"))
        window.close()
        assert len(bundles(shared / "IPS")) == before + (1 if due else 0)
    finally:
        if window.workspace is not None:
            window.close_workspace()
        hub.close()


def test_the_hub_window_watches_the_sync_folder_while_ticked(qtbot, tmp_path, monkeypatch):
    from desktop.ui.hub.window import HubWindow
    from tests.unit.syncing import AS_OF
    hub = make_hub(tmp_path / "hub")
    workspace = enrolled_workspace(tmp_path, hub, "IPS")
    shared = tmp_path / "shared"
    (shared / "IPS").mkdir(parents=True)
    folders.save(workspace, shared / "IPS")
    from desktop.sync import station
    bundle = station.export_bundle(workspace, shared / "IPS")
    window = HubWindow(hub, as_of=AS_OF)
    qtbot.addWidget(window)
    window.show()
    try:
        toggle = window.watch
        assert toggle.state.text() == "Not watching"
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(shared))
        click(qtbot, toggle.box)
        assert toggle.box.isChecked() and hub.watched_folders() == [shared]
        qtbot.waitUntil(lambda: not toggle.looking.running, timeout=30000)
        assert bundle.exists()               # the first look only notes it (it might still be copying)
        toggle.timer.timeout.emit()          # the next look, a few seconds later
        qtbot.waitUntil(lambda: not toggle.looking.running, timeout=30000)
        assert (shared / "IPS" / "imported" / bundle.name).is_file()
        assert (shared / "IPS" / "IPS-reference-000001.eadr-bundle").is_file()
        assert "1 imported since ticked" in toggle.state.text()
        assert "1 imported or already held, 0 refused" in window.statusBar().currentMessage()
        assert disagreements(workspace, hub) == []
        shutil.rmtree(shared)                # the share goes away: said in words, no error box
        toggle.timer.timeout.emit()
        qtbot.waitUntil(lambda: not toggle.looking.running, timeout=30000)
        assert toggle.state.text().startswith("Waiting for the sync folder: the folder cannot be reached")
        click(qtbot, toggle.box)
        assert toggle.state.text() == "Not watching" and not toggle.timer.isActive()
    finally:
        window.close()
        workspace.close()
