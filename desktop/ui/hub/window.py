"""The HR hub window: reports with charts, imports, conflicts and quarantine.

Every chart has its figures in words beside it and on its bars; nothing depends on colour.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMainWindow, QMessageBox, QPushButton,
    QSpinBox, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from desktop import APP_NAME
from desktop.documents.hub_report import HubReportPdf
from desktop.domain.dates import uk, uk_timestamp
from desktop.domain.errors import Cancelled
from desktop.domain.leadership import HUB_MIN_CONTRIBUTORS, describe_mean
from desktop.domain.staff import Role
from desktop.hub import reports
from desktop.hub.reports import ALL, Table
from desktop.hub.service import IDENTITY_WARNING, Hub, HubError, read_hub_info
from desktop.ui.hub.dip_review import DipReviewPage
from desktop.ui.models.object_table import Column, ObjectTableModel
from desktop.ui.tasks import TaskFailed, run_with_progress
from desktop.ui.widgets.tables import list_table

LOWEST = 15   # stations shown in the compliance chart: the ones that most need HR's attention


def _cell(value: object, header: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}%" if header.endswith("_pct") else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    text = str(value)
    if header.endswith(("_date", "_on")) and len(text) == 10:
        return uk(date.fromisoformat(text))
    return text


def _heading(header: str) -> str:
    text = header.replace("_pct", " %").replace("_12m", " (12 months)").replace("_", " ").capitalize()
    return text.replace("Tna ", "TNA ").replace("Esr", "ESR").replace("Hr ", "HR ")


def table_view(table: Table | None, name: str, headers: list[str] | None = None,
               rows: list[list] | None = None) -> tuple[QTableView, ObjectTableModel]:
    headers = headers or (table.headers if table else [])
    columns = [Column(_heading(h), (lambda r, i=i, h=h: _cell(r[i], h)),
                      sort_key=(lambda r, i=i: (r[i] is None, r[i] if not isinstance(r[i], str) else r[i].lower())),
                      align_right=h.endswith(("_pct", "_staff", "_12m", "items", "required", "in_date", "score", "started",
                                             "progress", "done", "dropped", "sequence", "records", "quarantined",
                                             "conflicts")))
               for i, h in enumerate(headers)]
    model: ObjectTableModel = ObjectTableModel(columns)
    model.set_rows(rows if rows is not None else (table.rows if table else []))
    return list_table(model, name), model


def bar_chart(title: str, labels: list[str], values: list[float], axis_title: str, maximum: float | None,
              label_format: str) -> QChartView:
    """One series of horizontal bars with the value printed on each bar."""
    bars = QBarSet(axis_title)
    for v in values:
        bars.append(v)
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat(label_format)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideEnd)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle(title)
    chart.legend().hide()
    categories = QBarCategoryAxis()
    categories.append(labels)
    axis = QValueAxis()
    axis.setRange(0, maximum or max(values or [1]) * 1.1)
    axis.setTitleText(axis_title)
    axis.setLabelFormat("%d")
    axis.applyNiceNumbers()
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(axis)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return view


def compliance_words(table: Table) -> str:
    rows = table.as_dicts()
    overall = next((r for r in rows if r["station"] == ALL), None)
    stations = [r for r in rows if r["station"] != ALL]
    if not overall or not overall["active_staff"]:
        return "No station has sent a bundle yet, so there is nothing to report."
    pct = overall["appraisal_compliance_pct"]
    training = overall["training_compliance_pct"]
    lines = [f"Overall, {overall['appraisal_in_date']:,} of {overall['active_staff']:,} current staff "
             f"({pct:.1f}%) are in date for their EADR (including {overall['first_eadr_not_yet_due']:,} new "
             f"starters whose first is not yet due), across {len(stations)} stations.",
             f"{overall['staff_with_wellbeing_conversation_12m']:,} staff had a wellbeing conversation "
             f"({overall['wellbeing_conversations_12m']:,} conversations in all).",
             "Mandatory training in date: " + (f"{overall['training_in_date']:,} of {overall['training_required']:,} "
                                               f"({training:.1f}%)." if training is not None else
                                               "no training records have been sent yet.")]
    ranked = sorted((r for r in stations if r["appraisal_compliance_pct"] is not None),
                    key=lambda r: r["appraisal_compliance_pct"])
    if ranked:
        low = ranked[:3]
        lines.append("Lowest appraisal compliance: " + "; ".join(
            f"{r['station_name']} ({r['station']}) {r['appraisal_compliance_pct']:.1f}%" for r in low) + ".")
    return " ".join(lines)


def tna_words(table: Table) -> str:
    rows = [r for r in table.as_dicts() if r["station"] == ALL]
    if not rows:
        return "No development-plan items have been received yet."
    total = sum(r["items"] for r in rows)
    top = sorted(rows, key=lambda r: -r["items"])[:3]
    return (f"{total:,} development-plan items across the trust. Most needed: " +
            "; ".join(f"{r['tna_category']} ({r['items']:,}, {r['done']:,} done)" for r in top) + ".")


def talent_words(table: Table, pool: Table) -> str:
    trust = next((r for r in table.as_dicts() if r["station"] == ALL), None)
    if trust is None:
        return "Too few talent conversations have been received to show any figures (groups under 3 are never shown)."
    return (f"{trust['people']:,} current staff with a talent conversation in the last two years: "
            f"{trust['ready_now']:,} ready now for a next step, {trust['ready_1_2_years']:,} ready in 1–2 years; "
            f"{trust['leadership_yes']:,} interested in leadership development and {trust['leadership_maybe']:,} "
            f"maybe later. Groups of fewer than 3 people are merged, never shown. {len(pool.rows):,} "
            f"{'person has' if len(pool.rows) == 1 else 'people have'} agreed to be named in the talent pool.")


def objectives_words(table: Table) -> str:
    trust = [r for r in table.as_dicts() if r["station"] == ALL]
    total = sum(r["objectives"] for r in trust)
    if not total:
        return "No objectives from EADRs signed in the last 12 months have been received yet."
    unlinked = next((r for r in trust if r["trust_priority"] == reports.NOT_LINKED), None)
    top = max(trust, key=lambda r: r["objectives"])
    return (f"{total:,} objectives set in EADRs signed in the last 12 months. Most support "
            f"“{top['trust_priority']}” ({top['share_pct']:.0f}%)"
            + (f"; {unlinked['objectives']:,} ({unlinked['share_pct']:.0f}%) are linked to no trust priority."
               if unlinked and unlinked["objectives"] else "."))


def role_group_name(group: str) -> str:
    """The role group as people read it ("Team leader / manager"), whatever a station sent."""
    return next((r.label for r in Role if r.value == group), group.replace("_", " ").capitalize())


def leadership_words(table: Table) -> str:
    """How many leaders had a 360 and, by role group, only the averages the report shows (10 or more leaders
    contribute); a group with fewer is named with its count and never an average."""
    rows = table.as_dicts()
    trust = next((r for r in rows if r["role_group"] == ALL), None)
    had = trust["leaders_with_360"] if trust else 0
    if not had:
        return "No station has sent a 360 feedback round yet, so there is nothing to report."
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["role_group"], []).append(r)
    lines = [f"{had:,} leader{'s' if had != 1 else ''} had 360 feedback."]
    for group, items in groups.items():
        name = "Trust-wide" if group == ALL else role_group_name(group)
        shown = [r for r in items if r["average"] is not None]
        if shown:
            top = max(shown, key=lambda r: r["average"])
            low = min(shown, key=lambda r: r["average"])
            lines.append(f"{name} ({max(r['leaders_contributing'] for r in shown):,} leaders' results): " + (
                f"highest {top['dimension']} {describe_mean(top['average'])}, lowest {low['dimension']} "
                f"{describe_mean(low['average'])}." if top["average"] != low["average"] else
                f"every dimension {describe_mean(top['average'])}."))
        else:
            lines.append(f"{name}: {items[0]['leaders_with_360']:,} had a 360; fewer than {HUB_MIN_CONTRIBUTORS} "
                         "leaders' results, so no average is shown.")
    return " ".join(lines)


def esr_due_by_month(dates: list[str | None], as_of: date) -> tuple[list[tuple[str, int]], int]:
    """([(month as 'Mar 2027', next appraisals due in it)] for the next 12 months, how many are already past)."""
    keys = [(as_of.year + (as_of.month - 1 + n) // 12, (as_of.month - 1 + n) % 12 + 1) for n in range(12)]
    counts = dict.fromkeys(keys, 0)
    overdue = 0
    for text in dates:
        if not text:
            continue
        day = date.fromisoformat(str(text)[:10])
        if day < as_of:
            overdue += 1
        elif (day.year, day.month) in counts:
            counts[(day.year, day.month)] += 1
    return [(date(y, m, 1).strftime("%b %Y"), n) for (y, m), n in counts.items()], overdue


def verdict_words(table: Table) -> str:
    """The staff-views report in a sentence or two: the latest quarter trust-wide, and the stations shown."""
    trust = [r for r in table.as_dicts() if r["station"] == ALL and r["views"]]
    if not trust:
        return ("No staff member's view of their conversation has reached HR yet. Stations send them as counts "
                "only, in batches of at least three.")
    last = trust[-1]
    shown = last["staff_view_pct"]
    text = (f"In {last['quarter']}, {last['views']:,} staff gave their view of their conversation; "
            + (f"on average {shown:.0f}% agreed it helped (doing the job better, clear objectives, feeling valued, "
               "wellbeing discussed)" if shown is not None else "too few to show shares (fewer than 3)"))
    if last["hr_score_avg"] is not None:
        text += f", beside HR's dip-sample score of {last['hr_score_avg']:.0f}% over {last['hr_reviewed']:,} records"
    else:
        text += "; HR has not scored a sampled record from that quarter yet (Dip review)"
    stations = {r["station"] for r in table.as_dicts() if r["station"] != ALL and r["views"]}
    return text + f". {len(stations):,} station{'s' if len(stations) != 1 else ''} have sent views; a station's " \
        "shares are shown only where 3 or more views were counted."


def quality_words(table: Table) -> str:
    rows = [r for r in table.as_dicts() if r["eadrs_signed"] or r["hr_reviewed"]]
    if not rows:
        return "No signed EADRs in the last eight quarters."
    last = rows[-1]
    text = (f"In {last['quarter']} the stations' own checklist score averaged "
            + (f"{last['station_score_avg']:.1f}%" if last["station_score_avg"] is not None else "nothing (no scores)")
            + f" over {last['eadrs_signed']:,} signed EADRs")
    reviewed = [r for r in rows if r["hr_reviewed"]]
    if reviewed:
        hr = sum(r["hr_reviewed"] for r in reviewed)
        text += (f"; HR has reviewed {hr:,} sampled record{'s' if hr != 1 else ''} in {len(reviewed)} quarter"
                 f"{'s' if len(reviewed) != 1 else ''}, most recently {reviewed[-1]['quarter']}: HR "
                 f"{reviewed[-1]['hr_score_avg']:.1f}% against the stations' "
                 + (f"{reviewed[-1]['station_score_of_reviewed_avg']:.1f}%" if
                    reviewed[-1]["station_score_of_reviewed_avg"] is not None else "unscored")
                 + " for the same records.")
    else:
        text += "; HR has not reviewed any sampled record yet (Dip review)."
    return text


def paired_bar_chart(title: str, labels: list[str], series: list[tuple[str, list[float]]],
                     maximum: float | None = 100, label_format: str = "@value%",
                     axis_title: str = "average %") -> QChartView:
    """Upright bars side by side per category (0–100% unless told), each with its value printed on it and a
    named legend when there is more than one series."""
    bars = QBarSeries()
    for name, values in series:
        bar = QBarSet(name)
        for v in values:
            bar.append(v)
        bars.append(bar)
    bars.setLabelsVisible(True)
    bars.setLabelsFormat(label_format)
    bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
    chart = QChart()
    chart.addSeries(bars)
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setVisible(len(series) > 1)
    categories = QBarCategoryAxis()
    categories.append(labels)
    axis = QValueAxis()
    axis.setRange(0, maximum or max(max(v) for _, v in series) * 1.2 or 1)
    axis.setTickCount(6)
    axis.setLabelFormat("%d")
    axis.setTitleText(axis_title)
    if maximum is None:
        axis.applyNiceNumbers()      # whole-number ticks for counts
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(categories)
    bars.attachAxis(axis)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    return view


class IdentityPassphraseDialog(QDialog):
    """A new passphrase for the identity file, typed twice; at least 8 characters."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export HR's age identity")
        form = QFormLayout(self)
        intro = QLabel("The identity opens every station bundle with the standard age tool. Choose a passphrase "
                       "for the file. " + IDENTITY_WARNING)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.first, self.second = QLineEdit(), QLineEdit()
        for field, text in ((self.first, "&Passphrase"), (self.second, "The &same again")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(text.replace("&", ""))
            form.addRow(text, field)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def passphrase(self) -> str:
        return self.first.text()

    def _check(self) -> None:
        if len(self.first.text()) < 8:
            self.problem.setText("Problem: the passphrase must be at least 8 characters.")
        elif self.first.text() != self.second.text():
            self.problem.setText("Problem: the two passphrases differ; type the same one twice.")
        else:
            self.accept()


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
        self.compliance_tab, self.tna_tab = QWidget(), QWidget()
        self.esr_tab, self.dip_tab, self.imports_tab = QWidget(), QWidget(), QWidget()
        self.talent_tab, self.objectives_tab, self.leadership_tab = QWidget(), QWidget(), QWidget()
        self.verdict_tab = QWidget()
        self.review_tab = DipReviewPage(hub, self.as_of)
        self.review_tab.reviewed.connect(lambda message: (self._show_dip(), self.statusBar().showMessage(message,
                                                                                                          8000)))
        for tab, title in ((self.compliance_tab, "&Compliance"), (self.tna_tab, "&TNA"), (self.esr_tab, "&ESR"),
                           (self.dip_tab, "&Dip sample"), (self.review_tab, "Dip re&view"),
                           (self.verdict_tab, "Staff vie&ws"),
                           (self.talent_tab, "Ta&lent"), (self.objectives_tab, "&Objectives"),
                           (self.leadership_tab, "Leaders&hip (360)"),
                           (self.imports_tab, "&Imports and conflicts")):
            if tab is not self.review_tab:
                QVBoxLayout(tab)
            self.tabs.addTab(tab, title)
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(2026)
        self.seed.setAccessibleName("Dip sample seed")
        self.per_station = QSpinBox()
        self.per_station.setRange(1, 50)
        self.per_station.setValue(5)
        self.per_station.setAccessibleName("EADRs sampled per station")
        self._build_menus()
        self._build_dip_controls()
        self.statusBar().showMessage(f"Hub {hub.folder} · reports as at {uk(self.as_of)}")
        from desktop.ui.hub.watch_toggle import WatchToggle
        self.watch = WatchToggle(self, hub, self.reload)   # the sync folder, watched while ticked
        self.statusBar().addPermanentWidget(self.watch)
        self.reload()

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&Hub")
        actions = (("&Import station bundles…", "Ctrl+I", self.import_bundles),
                   ("Write a &reference bundle…", "Ctrl+R", self.write_reference),
                   ("Write an &enrolment file…", "Ctrl+E", self.write_enrolment),
                   ("Export HR's &age identity…", "", self.export_identity),
                   ("&Save this report (Excel, PDF or CSV)…", "Ctrl+S", self.save_csv),
                   ("&Close", "Ctrl+W", self.close))
        for text, keys, slot in actions:
            action = QAction(text, self)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _=False, s=slot: s())
            menu.addAction(action)

    @staticmethod
    def _clear(tab: QWidget) -> QVBoxLayout:
        layout = tab.layout()
        while layout.count():
            item = layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
            elif item.layout():
                QWidget().setLayout(item.layout())
        return layout

    @staticmethod
    def _add_chart(layout: QVBoxLayout, chart: QChartView, name: str, words: str, stretch: int) -> None:
        """A report's chart, named and described by its figures in words, as every tab shows one."""
        chart.setAccessibleName(name)
        chart.setAccessibleDescription(words)
        layout.addWidget(chart, stretch)

    def _words(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                      Qt.TextInteractionFlag.TextSelectableByKeyboard)
        return label

    def reload(self) -> None:
        self.tables: dict[str, Table] = {}
        self.words: dict[str, str] = {}
        self._show_compliance()
        self._show_tna()
        self._show_esr()
        self._show_dip()
        self._show_talent()
        self._show_objectives()
        self._show_leadership()
        self._show_verdicts()
        self._show_imports()

    def _show_compliance(self) -> None:
        table = self.tables["compliance"] = reports.compliance(self.hub, self.as_of)
        layout = self._clear(self.compliance_tab)
        words = self.words["compliance"] = compliance_words(table)
        self.compliance_words = self._words(words, "Compliance in words")
        layout.addWidget(self.compliance_words)
        stations = sorted((r for r in table.as_dicts() if r["station"] != ALL and r["appraisal_compliance_pct"]
                           is not None), key=lambda r: r["appraisal_compliance_pct"])[:LOWEST]
        if stations:
            stations.reverse()   # a horizontal bar chart draws its first category at the bottom
            chart = bar_chart(f"Appraisal compliance: the {len(stations)} lowest stations (% of current staff in "
                              "date for their EADR)", [r["station"] for r in stations],
                              [r["appraisal_compliance_pct"] for r in stations], "% of active staff", 100, "@value%")
            self._add_chart(layout, chart, "Appraisal compliance chart", words, 2)
        view, _ = table_view(table, "Compliance by station")
        layout.addWidget(view, 2)

    def _show_tna(self) -> None:
        table = self.tables["tna"] = reports.tna(self.hub, self.as_of)
        layout = self._clear(self.tna_tab)
        words = self.words["tna"] = tna_words(table)
        layout.addWidget(self._words(words, "Training needs in words"))
        rows = sorted((r for r in table.as_dicts() if r["station"] == ALL), key=lambda r: r["items"])
        if rows:
            chart = bar_chart("Development-plan items by TNA category, whole trust", [r["tna_category"] for r in rows],
                              [r["items"] for r in rows], "items", None, "@value")
            self._add_chart(layout, chart, "Training needs chart", words, 2)
        view, _ = table_view(table, "Training needs analysis by station and category")
        layout.addWidget(view, 2)

    def _show_esr(self) -> None:
        table = self.tables["esr"] = reports.esr(self.hub, self.as_of)
        layout = self._clear(self.esr_tab)
        months, overdue = esr_due_by_month([r.get("next_appraisal_date") for r in table.as_dicts()], self.as_of)
        busiest = max(months, key=lambda m: m[1]) if any(n for _, n in months) else None
        words = self.words["esr"] = (
            f"{len(table.rows):,} staff with a signed EADR: the fields HR keys into ESR (appraisal date, next "
            f"appraisal date, appraiser, review type). {overdue:,} next appraisals are already past; "
            f"{sum(n for _, n in months):,} fall due in the next 12 months"
            + (f", most in {busiest[0]} ({busiest[1]:,})." if busiest else "."))
        layout.addWidget(self._words(words, "ESR summary"))
        if busiest:
            chart = paired_bar_chart("Next appraisals due, by month (the next 12 months)", [m for m, _ in months],
                                     [("Staff due", [n for _, n in months])], None, "@value", "staff")
            self._add_chart(layout, chart, "Next appraisals due chart", words, 1)
        view, _ = table_view(table, "ESR appraisal fields")
        layout.addWidget(view, 1)

    def _show_talent(self) -> None:
        table = self.tables["talent"] = reports.talent(self.hub, self.as_of)
        pool = self.tables["talent-pool"] = reports.talent_pool(self.hub, self.as_of)
        layout = self._clear(self.talent_tab)
        words = self.words["talent"] = talent_words(table, pool)
        trust = next((r for r in table.as_dicts() if r["station"] == ALL), None)
        if trust is not None:   # trust-wide only: never finer than the anonymised table gives
            bars = (("Ready now", "ready_now"), ("Ready in 1–2 years", "ready_1_2_years"),
                    ("Not at this time", "not_at_this_time"), ("Leadership: interested", "leadership_yes"),
                    ("Leadership: maybe later", "leadership_maybe"))[::-1]   # first category at the bottom
            chart = bar_chart(f"Talent pipeline, whole trust ({trust['people']:,} people with a talent "
                              "conversation)", [b[0] for b in bars], [trust[b[1]] for b in bars], "people", None,
                              "@value")
            self._add_chart(layout, chart, "Talent pipeline chart", words, 2)
        layout.addWidget(self._words(words, "Talent pipeline in words"))
        view, _ = table_view(table, "Talent pipeline by station, role and band")
        layout.addWidget(view, 2)
        view, _ = table_view(pool, "Talent pool: people who agreed to be put forward")
        layout.addWidget(view, 1)

    def _show_objectives(self) -> None:
        table = self.tables["objectives"] = reports.objectives(self.hub, self.as_of)
        layout = self._clear(self.objectives_tab)
        words = self.words["objectives"] = objectives_words(table)
        trust = [r for r in table.as_dicts() if r["station"] == ALL][::-1]   # first priority at the top
        if any(r["objectives"] for r in trust):
            chart = bar_chart("Objectives by trust priority, whole trust (EADRs signed in the last 12 months)",
                              [r["trust_priority"] for r in trust], [r["objectives"] for r in trust], "objectives",
                              None, "@value")
            self._add_chart(layout, chart, "Objectives by trust priority chart", words, 2)
        layout.addWidget(self._words(words, "Objectives by trust priority in words"))
        view, _ = table_view(table, "Objectives by trust priority, per station and trust-wide")
        layout.addWidget(view, 1)

    def _show_leadership(self) -> None:
        table = self.tables["leadership"] = reports.leadership(self.hub, self.as_of)
        layout = self._clear(self.leadership_tab)
        words = self.words["leadership"] = leadership_words(table)
        rows = table.as_dicts()
        shown = [g for g in dict.fromkeys(r["role_group"] for r in rows)
                 if any(r["average"] is not None for r in rows if r["role_group"] == g)]
        chart: QChartView | None = None
        if shown:
            dimensions = list(dict.fromkeys(r["dimension"] for r in rows))
            average = {(r["role_group"], r["dimension"]): r["average"] for r in rows}
            series = [("Trust-wide" if g == ALL else role_group_name(g), [average[(g, d)] or 0 for d in dimensions])
                      for g in shown]
            chart = paired_bar_chart("360 feedback: average as colleagues rated each dimension (1 never – 5 always), "
                                     f"role groups where {HUB_MIN_CONTRIBUTORS} or more leaders contribute",
                                     [d.replace(" ", "<br>", 1) for d in dimensions], series, 5, "@value",
                                     "average rating")   # two lines each, so no name is cut short
        elif any(r["leaders_with_360"] for r in rows):   # no chart of nothing before any round arrives
            groups = list(dict.fromkeys(r["role_group"] for r in rows))
            had = {r["role_group"]: r["leaders_with_360"] for r in rows}
            chart = paired_bar_chart(f"Leaders who had 360 feedback, by role group (no averages: fewer than "
                                     f"{HUB_MIN_CONTRIBUTORS} leaders' results in any group)",
                                     ["Trust-wide" if g == ALL else role_group_name(g) for g in groups],
                                     [("Leaders", [had[g] for g in groups])], None, "@value", "leaders")
        if chart is not None:
            self._add_chart(layout, chart, "360 feedback chart", words, 2)
        layout.addWidget(self._words(words, "360 feedback in words"))
        view, _ = table_view(table, "360 feedback by role group and dimension")
        layout.addWidget(view, 1)

    def _show_verdicts(self) -> None:
        """Appraisal quality as staff experienced it, by station and quarter, beside HR's dip-sample score."""
        table = self.tables["staff-verdict"] = reports.staff_verdict(self.hub, self.as_of)
        layout = self._clear(self.verdict_tab)
        words = self.words["staff-verdict"] = verdict_words(table)
        layout.addWidget(self._words(words, "Staff views in words"))
        trust = [r for r in table.as_dicts() if r["station"] == ALL]
        if any(r["staff_view_pct"] is not None or r["hr_score_avg"] is not None for r in trust):
            chart = paired_bar_chart("Appraisal quality by quarter, whole trust: staff who agreed their EADR helped "
                                     "(average of the four questions) and HR's dip-sample score (%)",
                                     [r["quarter"] for r in trust],
                                     [("Staff views (% agreeing)", [r["staff_view_pct"] or 0 for r in trust]),
                                      ("HR's dip-sample score", [r["hr_score_avg"] or 0 for r in trust])], 100)
            self._add_chart(layout, chart, "Staff views by quarter chart", words, 2)
        view, _ = table_view(table, "Staff views by station and quarter")
        layout.addWidget(view, 2)
        comments = Table("staff_verdict_comments", ["station", "quarter", "comment"],
                         [list(c) for c in self.hub.verdict_comments()])
        self.tables["staff-verdict-comments"] = comments
        layout.addWidget(self._words(f"{len(comments.rows):,} comment{'s' if len(comments.rows) != 1 else ''} "
                                     "from staff, without names, opened with HR's own key (stations cannot read "
                                     "them):", "Staff comments heading"))
        view, _ = table_view(comments, "Staff comments, read only by HR")
        layout.addWidget(view, 1)

    def _build_dip_controls(self) -> None:
        """Seed and sample size stay put; only the sample below them is redrawn."""
        layout = self.dip_tab.layout()
        bar = QHBoxLayout()
        for text, widget in (("&Seed", self.seed), ("EADRs &per station", self.per_station)):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        self.draw_button = QPushButton("Draw the s&ample")
        self.draw_button.clicked.connect(self._show_dip)
        bar.addWidget(self.draw_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.dip_body = QWidget()
        QVBoxLayout(self.dip_body).setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.dip_body, 1)

    def _show_dip(self) -> None:
        table = self.tables["dip"] = reports.dip_sample(self.hub, self.as_of, self.seed.value(),
                                                         self.per_station.value())
        layout = self._clear(self.dip_body)
        scores = [r[6] for r in table.rows if r[6] is not None]
        average = f"; average quality score {sum(scores) / len(scores):.0f}%" if scores else ""
        quality = self.tables["dip-quality"] = reports.dip_quality(self.hub, self.as_of)
        words = self.words["dip"] = (f"{len(table.rows):,} signed EADRs sampled at random from the last 12 months "
                                     f"(the same seed always draws the same sample){average}. " + quality_words(quality))
        self.words["dip-quality"] = quality_words(quality)
        layout.addWidget(self._words(words, "Dip sample summary"))
        rows = [r for r in quality.as_dicts() if r["station_score_avg"] is not None or r["hr_score_avg"] is not None]
        if rows:
            chart = paired_bar_chart("Appraisal quality by quarter, whole trust: stations' own checklist score and "
                                     "HR's score of the records it reviewed (average %)", [r["quarter"] for r in rows],
                                     [("Stations' own score", [r["station_score_avg"] or 0 for r in rows]),
                                      ("HR's score", [r["hr_score_avg"] or 0 for r in rows])])
            self._add_chart(layout, chart, "Appraisal quality by quarter chart", self.words["dip-quality"], 1)
        view, _ = table_view(table, "Dip sample")
        layout.addWidget(view, 1)

    def _show_imports(self) -> None:
        layout = self._clear(self.imports_tab)
        store = self.hub.store
        buttons = QHBoxLayout()
        for text, slot, name in (("Import station &bundles…", self.import_bundles, "import"),
                                 ("Write a reference b&undle…", self.write_reference, "reference"),
                                 ("Write an e&nrolment file…", self.write_enrolment, "enrolment"),
                                 ("Export HR's age identit&y…", self.export_identity, "identity")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, f=slot: f())
            setattr(self, f"{name}_button", button)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        conflicts = store.conflicts()
        quarantined = store.quarantined()
        layout.addWidget(self._words(f"{len(store.workspaces()):,} workspaces at {len(store.stations()):,} stations "
                                     f"enrolled; {len(conflicts):,} conflicts for HR to resolve; "
                                     f"{len(quarantined):,} records quarantined.", "Imports summary"))
        bundles = store.bundles()
        headers = ["received_at", "station", "sequence", "records", "quarantined", "conflicts", "gap", "file_name"]
        rows = [[uk_timestamp(b["received_at"])] + [b[h] for h in headers[1:]] for b in bundles]
        for title, name, hdrs, data in (
                ("Bundles received", "Bundles received", headers, rows),
                ("&Conflicts: the same record from two stations. Select one and keep a version; the other is kept "
                 "too, marked superseded",
                 "Conflicts", ["id", "part", "record_key", "held_station", "other_station", "detected_at"],
                 [[c["id"], c["part"], c["record_key"], c["held_station"], c["other_station"],
                   uk_timestamp(c["detected_at"])] for c in conflicts]),
                ("Quarantined records", "Quarantined records", ["at", "station", "part", "record_id", "reason"],
                 [[uk_timestamp(q["at"]), q["station"], q["part"], q["record_id"], q["reason"]] for q in quarantined])):
            view, model = table_view(None, name, hdrs, data)
            label = QLabel(title)
            label.setWordWrap(True)
            label.setBuddy(view)
            layout.addWidget(label)
            layout.addWidget(view, 1)
            if name == "Conflicts":
                self.conflict_view, self.conflict_model = view, model
                layout.addLayout(self._resolve_buttons(bool(conflicts)))

    def _resolve_buttons(self, any_open: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        self.keep_held = QPushButton("Keep the version &held")
        self.keep_other = QPushButton("Take the &other station's version")
        for button, keep in ((self.keep_held, "held"), (self.keep_other, "other")):
            button.setEnabled(any_open)
            button.clicked.connect(lambda _=False, k=keep: self.resolve_selected(k))
            row.addWidget(button)
        row.addStretch(1)
        return row

    def resolve_selected(self, keep: str, confirm: bool = True) -> bool:
        """Resolve the selected conflict, keeping the 'held' or the 'other' version (audited at the hub)."""
        from desktop.hub.service import HR
        selected = self.conflict_model.object_at(self.conflict_view.currentIndex().row())
        if selected is None:
            QMessageBox.information(self, "No conflict selected", "Select a conflict in the list first.")
            return False
        conflict = self.hub.store.conflict(selected[0])
        if conflict is None or conflict["resolved_at"]:
            return False
        if keep == "other" and conflict["part"] == "cpd_evidence":
            QMessageBox.information(self, "Keep the version held", "The other station's copy of an evidence file is "
                                    "not kept with the conflict; keep the version held, and ask the station to "
                                    "send the file again if it is the right one.")
            return False
        station = conflict["held_station"] if keep == "held" else conflict["other_station"]
        if confirm and QMessageBox.question(
                self, "Resolve conflict", f"Keep the version from {station} for {conflict['part']} "
                f"{conflict['record_key']}? The other version is kept, marked superseded.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return False
        self.hub.store.resolve_conflict(conflict, keep, HR)
        self._show_imports()
        self.statusBar().showMessage(f"Conflict {conflict['id']} resolved: kept the version from {station}", 6000)
        return True

    # --- actions ---------------------------------------------------------------------------
    def import_bundles(self, paths: list[Path] | None = None) -> list:
        """Import on a worker thread with its own database connection (one connection, one thread), with
        progress and Cancel; a cancelled import keeps the bundles already applied, each whole."""
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(self, "Station bundles", os.path.expanduser("~"),
                                                     "EADR bundles (*.eadr-bundle);;All files (*)")
            paths = [Path(p) for p in chosen]
        if not paths:
            return []
        results: list = []

        def work(progress) -> list:
            worker_hub = self.hub.another_connection()
            try:
                for n, path in enumerate(paths):
                    if not progress(n, len(paths)):
                        raise Cancelled()
                    results.append(worker_hub.import_file(path))
                progress(len(paths), len(paths))
            finally:
                worker_hub.close()
            return results

        try:
            finished = run_with_progress(self, f"Importing {len(paths)} station bundle{'s' if len(paths) != 1 else ''}",
                                         work)
        except TaskFailed as exc:
            finished = None
            QMessageBox.warning(self, "Import stopped", f"The import stopped with an error: {exc}. The bundles "
                                "listed before it were imported; nothing of the one that failed was applied.")
        self.reload()
        refused = [r for r in results if r.outcome == "rejected"]
        summary = "\n".join(r.line() for r in results)
        if finished is None and len(results) < len(paths):
            self.statusBar().showMessage(f"Import cancelled: {len(results)} of {len(paths)} bundles imported; "
                                         "the rest were not touched", 10000)
        else:
            self.statusBar().showMessage(f"{len(results) - len(refused)} imported or already held, "
                                         f"{len(refused)} refused", 10000)
        if refused:
            QMessageBox.warning(self, "Some bundles were refused", summary)
        return results

    def write_enrolment(self, station: str | None = None, path: Path | None = None) -> Path | None:
        """A one-time enrolment file for a station's workspace (treat it as a secret until used)."""
        if station is None:
            station, ok = QInputDialog.getText(self, "Enrolment file", "Station code (letters and digits):")
            if not ok or not station.strip():
                return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save the enrolment file",
                                                    str(Path.home() / f"{station.strip().upper()}-enrolment.json"),
                                                    "Enrolment file (*.json)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            written = self.hub.enrolment_file(station, path)
        except (HubError, OSError) as exc:
            QMessageBox.warning(self, "Enrolment file not written", str(exc))
            return None
        self._show_imports()
        self.statusBar().showMessage(f"Enrolment file written: {written}. Give it to the station's manager by hand "
                                     "or on an encrypted stick; it is a secret until used.", 12000)
        return written

    def export_identity(self, path: Path | None = None) -> Path | None:
        """HR's age identity, passphrase-protected, for `age -d -i` (docs/bundle-format.md)."""
        dialog = IdentityPassphraseDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Save HR's age identity", str(Path.home() / "identity.age"),
                                                    "age identity (*.age)")
            if not chosen:
                return None
            path = Path(chosen)
        try:
            written = self.hub.export_identity(path, dialog.passphrase())
        except (HubError, OSError) as exc:
            QMessageBox.warning(self, "Identity not exported", str(exc))
            return None
        QMessageBox.information(self, "HR's age identity exported", f"Written to {written}.\n\n{IDENTITY_WARNING}")
        self.statusBar().showMessage(f"HR's age identity exported to {written}", 10000)
        return written

    def write_reference(self, station: str | None = None, folder: Path | None = None) -> Path | None:
        if station is None:
            codes = [code for code, _ in self.hub.store.stations()]
            station, ok = QInputDialog.getItem(self, "Reference bundle", "Station:", codes, 0, False)
            if not ok:
                return None
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the reference bundle")
            if not chosen:
                return None
            folder = Path(chosen)
        try:
            path = self.hub.reference_bundle(station, folder)
        except (HubError, OSError) as exc:
            QMessageBox.warning(self, "Reference bundle not written", str(exc))
            return None
        self.statusBar().showMessage(f"Reference bundle written: {path}", 10000)
        return path

    def save_csv(self, path: Path | None = None) -> Path | None:
        """The current report as .xlsx, PDF (its figures in words, then the table) or CSV, by extension."""
        name = {self.compliance_tab: "compliance", self.tna_tab: "tna", self.esr_tab: "esr", self.dip_tab: "dip",
                self.talent_tab: "talent", self.objectives_tab: "objectives",
                self.leadership_tab: "leadership", self.verdict_tab: "staff-verdict"}.get(self.tabs.currentWidget())
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
        table = self.tables[name]
        try:
            if path.suffix.lower() == ".pdf":
                HubReportPdf(self.tabs.tabText(self.tabs.currentIndex()).replace("&", "") + " report",
                             self.words.get(name, ""), table.headers, table.rows, self.hub.info.trust,
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
