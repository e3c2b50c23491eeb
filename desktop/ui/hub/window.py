"""The HR hub window: a tab per report, Dip review, and Imports and conflicts, under a Hub menu.

Each tab is a pane of its own (desktop/ui/hub/*_pane.py; see report_pane.py for what the report tabs share);
the window holds the tabs, the menu, saving the current report and the status bar. Every chart has its
figures in words beside it and on its bars; nothing depends on colour.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QTabWidget

from desktop import APP_NAME
from desktop.documents.hub_report import HubReportPdf
from desktop.domain.dates import uk
from desktop.hub import reports
from desktop.hub.reports import Table
from desktop.hub.service import Hub, HubError, read_hub_info
from desktop.ui.hub.compliance_pane import CompliancePane
from desktop.ui.hub.dip_pane import DipPane
from desktop.ui.hub.dip_review import DipReviewPage
from desktop.ui.hub.esr_pane import EsrPane
from desktop.ui.hub.imports_pane import ImportsPane
from desktop.ui.hub.leadership_pane import LeadershipPane
from desktop.ui.hub.objectives_pane import ObjectivesPane
from desktop.ui.hub.report_pane import ReportPane
from desktop.ui.hub.talent_pane import TalentPane
from desktop.ui.hub.tna_pane import TnaPane
from desktop.ui.hub.verdict_pane import VerdictPane


def _held(pane: str, name: str) -> property:
    """A control (or action) the window's tab `pane` holds, reachable from the window as before the split."""
    return property(lambda self: getattr(getattr(self, pane), name))


class HubWindow(QMainWindow):
    def __init__(self, hub: Hub, as_of: date | None = None):
        super().__init__()
        self.hub = hub
        self.as_of = as_of or date.today()
        self.setWindowTitle(f"{hub.info.trust} — HR hub — {APP_NAME}")
        self.resize(1366, 768)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Reports")
        self.setCentralWidget(self.tabs)
        self.compliance_tab, self.tna_tab = CompliancePane(hub, self.as_of), TnaPane(hub, self.as_of)
        self.esr_tab, self.dip_tab = EsrPane(hub, self.as_of), DipPane(hub, self.as_of)
        self.review_tab = DipReviewPage(hub, self.as_of)
        self.talent_tab, self.objectives_tab = TalentPane(hub, self.as_of), ObjectivesPane(hub, self.as_of)
        self.leadership_tab, self.verdict_tab = LeadershipPane(hub, self.as_of), VerdictPane(hub, self.as_of)
        self.imports_tab = ImportsPane(hub)
        self.review_tab.reviewed.connect(lambda message: (self.dip_tab.refresh(),
                                                          self.statusBar().showMessage(message, 8000)))
        self.imports_tab.status.connect(lambda message, ms: self.statusBar().showMessage(message, ms))
        self.imports_tab.imported.connect(self.reload)
        for tab, title in ((self.compliance_tab, "&Compliance"), (self.tna_tab, "&TNA"), (self.esr_tab, "&ESR"),
                           (self.dip_tab, "&Dip sample"), (self.review_tab, "Dip re&view"),
                           (self.verdict_tab, "Staff vie&ws"),
                           (self.talent_tab, "Ta&lent"), (self.objectives_tab, "&Objectives"),
                           (self.leadership_tab, "Leaders&hip (360)"),
                           (self.imports_tab, "&Imports and conflicts")):
            self.tabs.addTab(tab, title)
        self._build_menus()
        self.statusBar().showMessage(f"Hub {hub.folder} · reports as at {uk(self.as_of)}")
        from desktop.ui.hub.watch_toggle import WatchToggle
        self.watch = WatchToggle(self, hub, self.reload)   # the sync folder, watched while ticked
        self.statusBar().addPermanentWidget(self.watch)
        self.reload()

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&Hub")
        pane = self.imports_tab
        actions = (("&Import station bundles…", "Ctrl+I", pane.import_bundles),
                   ("Write a &reference bundle…", "Ctrl+R", pane.write_reference),
                   ("Write an &enrolment file…", "Ctrl+E", pane.write_enrolment),
                   ("Export HR's &age identity…", "", pane.export_identity),
                   ("&Save this report (Excel, PDF or CSV)…", "Ctrl+S", self.save_csv),
                   ("&Close", "Ctrl+W", self.close))
        for text, keys, slot in actions:
            action = QAction(text, self)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _=False, s=slot: s())
            menu.addAction(action)

    def _report_panes(self) -> list[ReportPane]:
        return [self.compliance_tab, self.tna_tab, self.esr_tab, self.dip_tab, self.talent_tab, self.objectives_tab,
                self.leadership_tab, self.verdict_tab]

    def reload(self) -> None:
        for pane in self._report_panes():
            pane.refresh()
        self.imports_tab.refresh()

    @property
    def tables(self) -> dict[str, Table]:
        """Every report shown, by name (as saved and printed)."""
        return {name: table for pane in self._report_panes() for name, table in pane.tables.items()}

    @property
    def words(self) -> dict[str, str]:
        """Every report's figures in words, by name."""
        return {name: text for pane in self._report_panes() for name, text in pane.words.items()}

    # the controls people press, where the tabs hold them
    @property
    def compliance_words(self) -> QLabel:
        return self.compliance_tab.words_label

    import_button, reference_button = _held("imports_tab", "import_button"), _held("imports_tab", "reference_button")
    enrolment_button, identity_button = _held("imports_tab", "enrolment_button"), _held("imports_tab", "identity_button")
    keep_held, keep_other = _held("imports_tab", "keep_held"), _held("imports_tab", "keep_other")
    conflict_view, conflict_model = _held("imports_tab", "conflict_view"), _held("imports_tab", "conflict_model")
    resolve_selected, import_bundles = _held("imports_tab", "resolve_selected"), _held("imports_tab", "import_bundles")
    seed, per_station, draw_button = _held("dip_tab", "seed"), _held("dip_tab", "per_station"), _held("dip_tab", "draw_button")

    def save_csv(self, path: Path | None = None) -> Path | None:
        """The current report as .xlsx, PDF (its figures in words, then the table) or CSV, by extension."""
        pane = self.tabs.currentWidget()
        name = pane.name if isinstance(pane, ReportPane) else None
        if name is None:
            return None
        if path is None:
            chosen, kind = QFileDialog.getSaveFileName(self, "Save report", str(Path.home() / f"{name}-{self.as_of}.xlsx"),
                                                       "Excel workbook (*.xlsx);;PDF (*.pdf);;CSV (*.csv)")
            if not chosen:
                return None
            path = Path(chosen)
            wanted = ".xlsx" if "xlsx" in kind else ".pdf" if "pdf" in kind else ".csv"
            if path.suffix.lower() not in (".xlsx", ".pdf", ".csv"):
                path = path.with_suffix(wanted)
        table = pane.tables[name]
        try:
            if path.suffix.lower() == ".pdf":
                HubReportPdf(self.tabs.tabText(self.tabs.currentIndex()).replace("&", "") + " report",
                             pane.words.get(name, ""), table.headers, table.rows, self.hub.info.trust,
                             self.as_of).save(path)
            else:
                reports.write_report(table, path)   # .xlsx by its extension, else CSV
        except OSError as exc:
            QMessageBox.warning(self, "Report not saved", str(exc))
            return None
        self.statusBar().showMessage(f"Saved {path}", 8000)
        return path

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.watch.stop()
        self.imports_tab.finish_running()   # the worker's connection shares this hub's lock: end it first
        self.hub.close()
        event.accept()


def run_hub_gui(folder: Path) -> int:
    from desktop.security.keyfile import KeyFileError, WrongPassphrase
    from desktop.ui.app import make_app
    app = make_app()
    try:
        info = read_hub_info(folder)
    except HubError as exc:
        QMessageBox.warning(None, "HR hub", str(exc))
        return 1
    passphrase = os.environ.get("EADR_PASSPHRASE")
    while True:
        if passphrase is None:
            passphrase, ok = QInputDialog.getText(None, f"{info.trust} — HR hub", f"Passphrase for the hub {folder}:",
                                                  QLineEdit.EchoMode.Password)
            if not ok:
                return 1
        try:
            hub = Hub.open(folder, passphrase)
            break
        except WrongPassphrase:
            QMessageBox.warning(None, "Wrong passphrase", "That passphrase does not open this hub. Try again.")
            passphrase = None
        except (HubError, KeyFileError, OSError) as exc:   # in use elsewhere (says who), a damaged key, a full disk
            QMessageBox.warning(None, f"{info.trust} — HR hub", str(exc))
            return 1
    window = HubWindow(hub)
    window.show()
    return app.exec()
