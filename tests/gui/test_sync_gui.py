"""The Sync page and the HR hub window, as a manager and HR would use them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))

import pytest  # noqa: E402
from syncing import AS_OF, enrolled_workspace, make_hub  # noqa: E402

from desktop.sync import station  # noqa: E402


@pytest.fixture
def hub(tmp_path):
    h = make_hub(tmp_path / "hub")
    yield h


def test_the_sync_page_writes_a_bundle_with_progress_and_lists_it(qtbot, tmp_path, hub):
    from desktop.ui.pages.sync import SyncPage
    workspace = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        page = SyncPage(workspace)
        qtbot.addWidget(page)
        page.reload()
        page.show()
        assert page.status.text() == "Joined East of England Ambulance Service NHS Trust's HR hub as station IPS"
        assert "records are waiting to go to HR" in page.waiting.text() and "6 staff" in page.waiting.text()
        with qtbot.waitSignal(page.saved, timeout=10000) as saved:
            page.export_to(tmp_path / "stick")   # written in the background; `saved` says when
        path = page.last_bundle
        assert path is not None and path.is_file() and "Bundle 1 written" in saved.args[0]
        assert page.outbox_model.rowCount() == 1 and page.history_model.rowCount() == 1
        assert page.outbox_model.index(0, 3).data() == "Yes"

        assert hub.import_file(path).outcome == "applied"
        reference = hub.reference_bundle("IPS", tmp_path / "ref")
        outcome = page.apply_reference(reference)
        assert outcome.outcome == "applied"
        assert page.outbox_model.rowCount() == 0          # HR acknowledged it
        assert "staff" not in page.waiting.text() and "conversations" not in page.waiting.text()
        assert page.history_model.rowCount() == 2
    finally:
        workspace.close()
        hub.close()


def test_a_page_for_a_workspace_not_yet_enrolled_says_what_to_do_and_joins(qtbot, workspace, tmp_path, hub,
                                                                          monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.pages.sync import SyncPage
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.reload()
    page.show()
    assert page.status.text() == "Not joined to an HR hub yet"
    assert "Join HR's hub" in page.waiting.text() and not page.export_button.isEnabled()
    assert page.enrol_button.isVisible()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    (tmp_path / "not-enrolment.json").write_text("{}")
    assert not page.enrol(tmp_path / "not-enrolment.json")
    assert "not an EADR Station enrolment file" in warnings[0] and "Nothing was changed" in warnings[0]
    enrolment = hub.enrolment_file("IPS", tmp_path / "ips.json")
    assert page.enrol(enrolment)
    assert page.status.text().endswith("as station IPS") and page.export_button.isEnabled()
    assert not page.enrol_button.isVisible()
    assert "recovery" in json.loads((workspace.folder / "key.json").read_text())   # HR's recovery slot


def test_sync_is_in_the_navigation(unlocked):
    shell = unlocked.shell
    titles = [shell.nav.item(i).text() for i in range(shell.nav.count())]
    assert titles == ["Home", "Team", "CPD & training", "Sync", "Audit log"]
    shell.nav.setCurrentRow(3)
    assert shell.pages.currentWidget() is shell.sync
    assert shell.sync.status.text() == "Not joined to an HR hub yet"


def test_the_hub_window_shows_reports_in_charts_and_words(qtbot, tmp_path, hub, monkeypatch):
    from PySide6.QtCharts import QChartView

    from desktop.ui.hub.window import HubWindow
    workspaces = [enrolled_workspace(tmp_path, hub, code, staff=8, seed=seed)
                  for code, seed in (("IPS", 1), ("COL", 2), ("BUR", 3))]
    for ws in workspaces:
        assert hub.import_file(station.export_bundle(ws, tmp_path / "out")).outcome == "applied"
        ws.close()
    window = HubWindow(hub, as_of=AS_OF)
    qtbot.addWidget(window)
    window.show()
    words = window.compliance_words.text()
    assert words.startswith("Overall, ") and "across 3 stations" in words
    charts = window.compliance_tab.findChildren(QChartView)
    assert len(charts) == 1 and charts[0].accessibleDescription() == words
    bars = charts[0].chart().series()[0].barSets()[0]
    assert bars.count() == 3 and charts[0].chart().series()[0].isLabelsVisible()
    window.tabs.setCurrentIndex(1)
    assert window.tna_tab.findChildren(QChartView)
    first = window.tables["dip"].rows
    window.seed.setValue(7)
    window.draw_button.click()
    window.seed.setValue(2026)
    window.draw_button.click()
    assert window.tables["dip"].rows == first
    window.tabs.setCurrentIndex(0)
    saved = window.save_csv(tmp_path / "c.csv")
    assert saved.read_text(encoding="utf-8-sig").splitlines()[0].startswith("station,station_name")
    # Ctrl+S offers Excel too: HR picks "Excel workbook" and types a name without the extension
    import openpyxl
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog
    offered = []

    def choose(_parent, _title, _start, filters):
        offered.append(filters)
        return str(tmp_path / "compliance"), "Excel workbook (*.xlsx)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tabs, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert offered and "Excel workbook (*.xlsx)" in offered[0]
    sheet = openpyxl.load_workbook(tmp_path / "compliance.xlsx").active
    assert sheet["A1"].value == "station" and sheet.freeze_panes == "A2"
    window.close()


def test_hr_resolves_a_conflict_in_the_hub_window(qtbot, tmp_path, hub, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.hub.window import HubWindow
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    ips = enrolled_workspace(tmp_path, hub, "IPS", staff=4, seed=1)
    col = enrolled_workspace(tmp_path, hub, "COL", staff=3, seed=2)
    moved = ips.db.execute("SELECT assignment_number FROM staff LIMIT 1").fetchone()[0]
    col.db.execute("UPDATE staff SET assignment_number = ? WHERE rowid = 1", [moved])   # the same person at COL
    for ws in (ips, col):
        assert hub.import_file(station.export_bundle(ws, tmp_path / "out")).outcome == "applied"
        ws.close()
    window = HubWindow(hub, as_of=AS_OF)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.imports_tab)
    assert window.conflict_model.rowCount() == 1 and window.keep_other.isEnabled()
    assert not window.resolve_selected("other", confirm=False) and "Select a conflict" in told[0]
    window.conflict_view.setCurrentIndex(window.conflict_model.index(0, 0))
    assert window.resolve_selected("other", confirm=False)
    assert hub.store.conflicts() == [] and window.conflict_model.rowCount() == 0
    assert not window.keep_held.isEnabled()
    current = hub.store.db.execute("SELECT station FROM staff WHERE assignment_number = ? AND superseded = 0",
                                   [moved]).fetchall()
    assert current == [("COL",)]
    window.close()


def test_cancelling_a_bundle_export_says_cancelled_not_that_writing_failed(qtbot, tmp_path, hub, monkeypatch):
    """Press Write a bundle, then the progress dialog's Cancel: the page says Cancelled and writes nothing."""
    import threading

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QPushButton

    from desktop.ui.pages.sync import SyncPage
    workspace = enrolled_workspace(tmp_path, hub, "IPS")
    try:
        page = SyncPage(workspace)
        qtbot.addWidget(page)
        page.reload()
        page.show()
        stick = tmp_path / "stick"
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
        warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
        pressed = threading.Event()
        real_seal = station.seal_export

        def seal_at_human_speed(prepared, folder, progress):
            """The real sealing, waiting at its first step until the person has pressed Cancel."""
            def held(done: int, total: int) -> bool:
                pressed.wait(20)
                return progress(done, total)
            return real_seal(prepared, folder, held)
        monkeypatch.setattr(station, "seal_export", seal_at_human_speed)

        def press_cancel() -> None:
            dialog = next((w for w in QApplication.topLevelWidgets()
                           if isinstance(w, QProgressDialog) and w.isVisible()), None)
            if dialog is None:
                QTimer.singleShot(50, press_cancel)
                return
            qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
            pressed.set()
        QTimer.singleShot(0, press_cancel)
        with qtbot.waitSignal(page.saved, timeout=20000) as saved:
            qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        assert saved.args[0].startswith("Cancelled")
        assert not warnings                                  # not "Bundle not written"
        assert not stick.exists() or not any(stick.iterdir())
        assert page.outbox_model.rowCount() == 0
    finally:
        workspace.close()
        hub.close()


def test_the_hub_window_shows_talent_and_objectives(qtbot, tmp_path, hub, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QLabel, QTableView

    from desktop.ui.hub.window import HubWindow
    for code, seed in (("IPS", 1), ("COL", 2)):
        ws = enrolled_workspace(tmp_path, hub, code, staff=10, seed=seed)
        assert hub.import_file(station.export_bundle(ws, tmp_path / "out")).outcome == "applied"
        ws.close()
    window = HubWindow(hub, as_of=AS_OF)
    qtbot.addWidget(window)
    window.show()
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(window.talent_tab)).center())
    assert window.tabs.currentWidget() is window.talent_tab
    words = next(w for w in window.talent_tab.findChildren(QLabel) if w.accessibleName() == "Talent pipeline in words")
    assert "ready now" in words.text() and "fewer than 3 people are merged" in words.text()
    tables = {t.accessibleName(): t for t in window.talent_tab.findChildren(QTableView)}
    assert tables["Talent pool: people who agreed to be put forward"].model().rowCount() == \
        len(window.tables["talent-pool"].rows) > 0
    window.talent_tab.grab().save("/tmp/h13/hub_talent.png")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(window.tabs.indexOf(window.objectives_tab)).center())
    words = next(w for w in window.objectives_tab.findChildren(QLabel)
                 if w.accessibleName() == "Objectives by trust priority in words")
    assert "objectives set in EADRs signed in the last 12 months" in words.text()
    window.objectives_tab.grab().save("/tmp/h13/hub_objectives.png")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a: (str(tmp_path / "objectives.csv"), "CSV (*.csv)"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tabs, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "objectives.csv").read_text(encoding="utf-8-sig").startswith("station,trust_priority")
    window.close()


def test_after_a_restore_the_sync_page_says_the_next_bundle_sends_everything_again(qtbot, tmp_path, hub):
    from desktop.security.unlock import restore_and_unlock
    from desktop.ui.pages.sync import SyncPage
    workspace = enrolled_workspace(tmp_path, hub, "IPS")
    folder = workspace.folder
    backup = workspace.take_backup("manual")
    hub.import_file(station.export_bundle(workspace, tmp_path / "stick"))
    assert station.import_reference(workspace, hub.reference_bundle("IPS", tmp_path / "ref")).outcome == "applied"
    page = SyncPage(workspace)
    qtbot.addWidget(page)
    page.reload()
    assert "restored" not in page.waiting.text()      # an ordinary workspace is not told about restores
    workspace.close()
    workspace, _ = restore_and_unlock(folder, "demo", backup)
    try:
        page = SyncPage(workspace)
        qtbot.addWidget(page)
        page.reload()
        page.show()
        text = page.waiting.text()
        assert "This workspace was restored from a backup. After a restore, the next bundle sends everything to " \
               "HR again" in text and "new sync epoch" in text
        path = station.export_bundle(workspace, tmp_path / "stick")
        assert hub.import_file(path).outcome == "applied"
        assert station.import_reference(workspace, hub.reference_bundle("IPS", tmp_path / "ref2")).outcome == "applied"
        page.reload()
        assert "restored" not in page.waiting.text()   # once HR has acknowledged the new epoch, it goes
    finally:
        workspace.close()
        hub.close()
