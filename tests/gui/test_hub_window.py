"""HR's hub window used as HR would: Import… through the file dialog (off the GUI thread, with Cancel),
identity export through its passphrase dialog, a report saved as PDF, and a dip review scored by clicks."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))

import pytest  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QPushButton  # noqa: E402
from syncing import AS_OF, HUB_PASSPHRASE, enrolled_workspace, make_hub  # noqa: E402

from desktop.sync import station  # noqa: E402


@pytest.fixture
def hub(tmp_path):
    h = make_hub(tmp_path / "hub")
    yield h
    h.close()


def _bundles(tmp_path, hub, codes=("IPS", "COL")) -> list[Path]:
    paths = []
    for n, code in enumerate(codes, 1):
        ws = enrolled_workspace(tmp_path, hub, code, staff=8, seed=n)
        paths.append(station.export_bundle(ws, tmp_path / "out"))
        ws.close()
    return paths


def _window(qtbot, hub):
    from desktop.ui.hub.window import HubWindow
    window = HubWindow(hub, as_of=AS_OF)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.imports_tab)
    return window


def test_import_through_the_file_dialog_runs_off_the_gui_thread(qtbot, tmp_path, hub, monkeypatch):
    paths = _bundles(tmp_path, hub)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))
    from desktop.hub import service
    threads = []
    original = service.Hub.import_file

    def noting(self, path, *args):
        threads.append(threading.current_thread() is threading.main_thread())
        return original(self, path, *args)
    monkeypatch.setattr(service.Hub, "import_file", noting)
    window = _window(qtbot, hub)
    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    assert not window.import_button.isEnabled()           # under way in the background: one import at a time
    qtbot.waitUntil(lambda: "refused" in window.statusBar().currentMessage(), timeout=30_000)
    assert window.import_button.isEnabled()
    assert threads == [False, False]                      # both imported on the worker thread
    assert {b["station"] for b in hub.store.bundles()} == {"IPS", "COL"}
    assert "2 imported or already held, 0 refused" in window.statusBar().currentMessage()
    window.close()


def test_hr_exports_its_age_identity_from_the_window(qtbot, tmp_path, hub, monkeypatch):
    import pyrage.passphrase
    from PySide6.QtWidgets import QLineEdit

    from desktop.ui.hub.identity_dialog import IdentityPassphraseDialog
    out = tmp_path / "identity.age"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: told.append(text))

    def type_passphrases() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, IdentityPassphraseDialog):
            QTimer.singleShot(50, type_passphrases)
            return
        first, second = dialog.findChildren(QLineEdit)
        qtbot.keyClicks(first, "a long passphrase")
        qtbot.keyClicks(second, "a long passphrase!")
        qtbot.keyClick(second, Qt.Key.Key_Return)              # they differ: the dialog says so and stays
        assert "differ" in dialog.problem.text()
        qtbot.keyClick(second, Qt.Key.Key_Backspace)
        qtbot.keyClick(second, Qt.Key.Key_Return)

    window = _window(qtbot, hub)
    QTimer.singleShot(50, type_passphrases)
    qtbot.mouseClick(window.identity_button, Qt.MouseButton.LeftButton)
    text = pyrage.passphrase.decrypt(out.read_bytes(), "a long passphrase").decode()
    assert str(hub.keys.identity) in text
    assert told and "never on the shared folder" in told[0]
    window.close()


def test_a_report_saves_as_pdf_with_its_words(qtbot, tmp_path, hub, monkeypatch):
    import subprocess
    for path in _bundles(tmp_path, hub, ("IPS",)):
        hub.import_file(path)
    out = tmp_path / "compliance.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "compliance"), "PDF (*.pdf)"))
    window = _window(qtbot, hub)
    window.tabs.setCurrentWidget(window.compliance_tab)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tabs, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert "Overall," in text and "IPS" in text and "Appraisal" in text and "Active staff" in text
    from PySide6.QtCharts import QChartView
    for tab in (window.compliance_tab, window.tna_tab, window.esr_tab, window.dip_tab):   # every report, a chart
        [chart] = tab.findChildren(QChartView)
        assert chart.accessibleDescription() == window.words[{window.compliance_tab: "compliance", window.tna_tab:
                                                              "tna", window.esr_tab: "esr", window.dip_tab: "dip"}[tab]
                                                             ] or tab is window.dip_tab
    assert "fall due in the next 12 months" in window.words["esr"]
    window.close()


def test_hr_scores_a_sampled_record_with_clicks(qtbot, tmp_path, hub):
    from datetime import date

    from PySide6.QtWidgets import QCheckBox

    from desktop.domain import dip
    for path in _bundles(tmp_path, hub, ("IPS",)):
        hub.import_file(path)
    signed = hub.store.signed_eadrs_at("IPS", "2000-01-01", AS_OF.isoformat())
    period = str(dip.Period.of(date.fromisoformat(max(r["signed_on"] for r in signed))))
    window = _window(qtbot, hub)
    window.tabs.setCurrentWidget(window.review_tab)
    page = window.review_tab
    page.period.selectAll()
    qtbot.keyClicks(page.period, period)
    qtbot.mouseClick(page.draw_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() >= 1 and "sampled from the EADRs IPS signed in" in page.summary.text()
    assert "not reviewed" in page.model.data(page.model.index(0, 4))
    assert "The staff member's comments" in page.record_view.toPlainText()
    boxes = page.findChildren(QCheckBox)
    assert [b.text() for b in boxes] == dip.checklist_labels()
    for box in boxes[:4]:            # HR tabs to each box and presses Space
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert page.score_label.text().startswith("HR's score 80%")
    qtbot.keyClicks(page.comment, "Good plan; signatures need dates.")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    [review] = hub.store.reviews("IPS")
    assert review["score"] == 80 and review["comment"] == "Good plan; signatures need dates."
    assert page.model.data(page.model.index(0, 4)) == "80%"
    assert "Review saved: HR 80%" in window.statusBar().currentMessage()
    window.close()


def test_cancel_during_an_import_keeps_what_was_applied_and_touches_nothing_else(qtbot, tmp_path, hub, monkeypatch):
    paths = _bundles(tmp_path, hub)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))
    from desktop.hub import service
    started, release = threading.Event(), threading.Event()
    original = service.Hub.import_file

    def slow(self, path, *args):
        started.set()
        release.wait(30)           # the first bundle is still importing when HR presses Cancel
        return original(self, path, *args)
    monkeypatch.setattr(service.Hub, "import_file", slow)
    pressed = []

    def press_cancel() -> None:
        dialogs = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        if started.is_set() and dialogs:
            button = dialogs[0].findChild(QPushButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            pressed.append(button.text())
            release.set()
        else:
            QTimer.singleShot(50, press_cancel)

    window = _window(qtbot, hub)
    QTimer.singleShot(50, press_cancel)
    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Import cancelled" in window.statusBar().currentMessage(), timeout=30_000)
    assert pressed == ["Cancel"]
    assert [b["station"] for b in hub.store.bundles()] == ["IPS"]      # the one under way finished, whole
    assert "Import cancelled: 1 of 2 bundles imported" in window.statusBar().currentMessage()
    window.close()


def test_the_manager_reads_hrs_review_on_the_signed_record(qtbot, tmp_path, hub):
    from desktop.ui.conversation.page import ConversationPage
    ips = enrolled_workspace(tmp_path, hub, "IPS", staff=8, seed=1)
    try:
        assert hub.import_file(station.export_bundle(ips, tmp_path / "out")).outcome == "applied"
        signed = hub.store.signed_eadrs_at("IPS", "2000-01-01", AS_OF.isoformat())[0]
        hub.review_record(signed["id"], [True, True, False, True, True], "No development item agreed.")
        assert station.import_reference(ips, hub.reference_bundle("IPS", tmp_path / "ref")).outcome == "applied"
        repo = ips.conversations()
        conversation = repo.get(signed["id"])
        person = ips.staff().get(signed["staff_id"])
        page = ConversationPage(repo, ips.profile(), person, conversation)
        qtbot.addWidget(page)
        page.show()
        assert page.banner.isVisible()
        text = page.banner_text.text()
        assert "Reviewed by HR" in text and "HR's checklist score 80%" in text
        assert "Not met in HR's view: A development-plan item" in text and "No development item agreed." in text
    finally:
        ips.close()


def test_talent_objectives_and_360_each_open_as_a_chart_and_the_360_saves_as_pdf(qtbot, tmp_path, hub, monkeypatch):
    import subprocess

    from PySide6.QtCharts import QChartView
    from PySide6.QtWidgets import QLabel
    from test_feedback360_sync import _leaders, _round

    from desktop.domain.leadership import HUB_MIN_CONTRIBUTORS
    for n, code in enumerate(("IPS", "COL"), 1):
        ws = enrolled_workspace(tmp_path, hub, code, staff=10, seed=n)
        if code == "IPS":       # ten leaders' closed rounds: the fewest whose averages HR may see
            for k, leader in enumerate(_leaders(ws, HUB_MIN_CONTRIBUTORS)):
                _round(ws, leader, 3 + k % 2)
        hub.import_file(station.export_bundle(ws, tmp_path / "out"))
        ws.close()
    window = _window(qtbot, hub)
    bar = window.tabs.tabBar()
    for tab, name in ((window.talent_tab, "talent"), (window.objectives_tab, "objectives"),
                      (window.leadership_tab, "leadership")):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(tab)).center())
        assert window.tabs.currentWidget() is tab
        [chart] = tab.findChildren(QChartView)
        assert chart.isVisible() and chart.accessibleDescription() == window.words[name]
        assert window.words[name] in [label.text() for label in tab.findChildren(QLabel)]   # and in words under it
        categories = [a for a in chart.chart().axes() if hasattr(a, "categories")][0].categories()
        assert {"talent": "Ready now", "objectives": "Not linked to a trust priority",
                "leadership": "Leading<br>with care"}[name] in categories
    assert "10 leaders had 360 feedback" in window.words["leadership"]
    assert "Team leader / manager (10 leaders' results)" in window.words["leadership"]
    out = tmp_path / "leadership.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "leadership"), "PDF (*.pdf)"))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tabs, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert out.read_bytes()[:5] == b"%PDF-"
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    assert " ".join(window.words["leadership"].split()) in text
    assert "Leadership (360) report" in text and "Inspiring shared purpose" in text
    window.close()


def test_closing_the_window_during_an_import_finishes_the_bundle_under_way_and_no_more(qtbot, tmp_path, monkeypatch):
    from desktop.hub import service
    from desktop.ui.hub.window import HubWindow
    hub = make_hub(tmp_path / "hub")
    paths = _bundles(tmp_path, hub)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))
    started, release = threading.Event(), threading.Event()
    original = service.Hub.import_file

    def slow(self, path, *args):
        started.set()
        release.wait(30)
        return original(self, path, *args)
    monkeypatch.setattr(service.Hub, "import_file", slow)
    window = HubWindow(hub, as_of=AS_OF)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.imports_tab)
    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    threading.Timer(0.2, release.set).start()   # the first bundle finishes a moment after HR closes the window
    window.close()      # as the title bar's close button does (the progress dialog holds the window's keys)
    assert not window.isVisible() and release.is_set()   # closing waited for the bundle under way
    monkeypatch.setattr(service.Hub, "import_file", original)
    with service.Hub.open(tmp_path / "hub", HUB_PASSPHRASE, wait=0) as again:   # closed, and its lock let go
        assert [b["station"] for b in again.store.bundles()] == ["IPS"]      # the one under way, whole; no more


def test_staff_views_tab_shows_the_stations_figure_beside_hrs_score_and_the_comments(qtbot, tmp_path, hub):
    from PySide6.QtCharts import QChartView
    from test_staff_verdict import ANSWERS, SECRET, _answer, _signed

    from desktop.domain import verdict
    from desktop.domain.dip import Period
    figures = {}
    for n, code in enumerate(("IPS", "COL"), 1):
        ws = enrolled_workspace(tmp_path, hub, code, staff=8, seed=n)
        _answer(ws, _signed(ws, 3), ANSWERS if code == "IPS" else ANSWERS[::-1][:1] * 3, SECRET).fold(AS_OF)
        figures[code] = verdict.figure(ws.verdicts().counts())
        hub.import_file(station.export_bundle(ws, tmp_path / "out"))
        ws.close()
    window = _window(qtbot, hub)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(window.verdict_tab)).center())
    assert window.tabs.currentWidget() is window.verdict_tab
    [chart] = window.verdict_tab.findChildren(QChartView)
    assert chart.accessibleDescription() == window.words["staff-verdict"]
    assert "6 staff gave their view" in window.words["staff-verdict"]
    rows = {r["station"]: r for r in window.tables["staff-verdict"].as_dicts()
            if r["quarter"] == str(Period.of(AS_OF))}
    assert rows["IPS"]["staff_view_pct"] == figures["IPS"].overall           # the station's own figure
    assert rows["COL"]["staff_view_pct"] == figures["COL"].overall == 0.0
    assert [r[2] for r in window.tables["staff-verdict-comments"].rows] == [SECRET] * 6
    shots = Path("/tmp/h23")
    shots.mkdir(exist_ok=True)
    for w, h in ((1366, 768), (1024, 768)):
        window.resize(w, h)
        qtbot.wait(30)
        window.grab().save(str(shots / f"hub-staff-views-{w}.png"))
    window.close()
