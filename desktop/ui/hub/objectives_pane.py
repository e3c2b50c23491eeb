"""Objectives tab: objectives set in signed EADRs, by the trust priority each supports."""

from __future__ import annotations

from desktop.hub.report_text import objectives_words
from desktop.hub.reports import ALL
from desktop.ui.hub.report_pane import ReportPane, clear, table_view, words_label
from desktop.ui.widgets.charts import bar_chart


class ObjectivesPane(ReportPane):
    name = "objectives"

    def refresh(self) -> None:
        table = self.report("objectives")
        layout = clear(self)
        words = self.words["objectives"] = objectives_words(table)
        trust = [r for r in table.as_dicts() if r["station"] == ALL][::-1]   # first priority at the top
        if any(r["objectives"] for r in trust):
            chart = bar_chart("Objectives by trust priority, whole trust (EADRs signed in the last 12 months)",
                              [r["trust_priority"] for r in trust], [("objectives", [r["objectives"] for r in trust])],
                              horizontal=True, axis_title="objectives")
            self.add_chart(layout, chart, "Objectives by trust priority chart", words, 2, 260)
        layout.addWidget(words_label(words, "Objectives by trust priority in words"))
        view, _ = table_view(table, "Objectives by trust priority, per station and trust-wide")
        layout.addWidget(view, 1)
