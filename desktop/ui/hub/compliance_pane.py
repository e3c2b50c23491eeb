"""Compliance tab: appraisal and training compliance by station, with the stations that most need HR's
attention charted."""

from __future__ import annotations

from desktop.hub.report_text import compliance_words
from desktop.hub.reports import lowest_compliance
from desktop.ui.hub.report_pane import ReportPane, clear, table_view, words_label
from desktop.ui.widgets.charts import bar_chart

LOWEST = 15   # stations shown in the chart: the ones that most need HR's attention


class CompliancePane(ReportPane):
    name = "compliance"

    def refresh(self) -> None:
        table = self.report("compliance")
        layout = clear(self)
        words = self.words["compliance"] = compliance_words(table)
        self.words_label = words_label(words, "Compliance in words")
        layout.addWidget(self.words_label)
        stations = lowest_compliance(table, LOWEST)
        if stations:
            stations.reverse()   # a horizontal bar chart draws its first category at the bottom
            chart = bar_chart(f"Appraisal compliance: the {len(stations)} lowest stations (% of current staff in "
                              "date for their EADR)", [r["station"] for r in stations],
                              [("% of active staff", [r["appraisal_compliance_pct"] for r in stations])],
                              horizontal=True, maximum=100, label_format="@value%", axis_title="% of active staff")
            self.add_chart(layout, chart, "Appraisal compliance chart", words, 2, 260)
        view, _ = table_view(table, "Compliance by station")
        layout.addWidget(view, 2)
