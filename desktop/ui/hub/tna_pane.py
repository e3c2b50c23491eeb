"""TNA tab: development-plan items by training-needs category, per station and trust-wide."""

from __future__ import annotations

from desktop.hub.report_text import tna_words
from desktop.hub.reports import ALL
from desktop.ui.hub.report_pane import ReportPane, clear, table_view, words_label
from desktop.ui.widgets.charts import bar_chart


class TnaPane(ReportPane):
    name = "tna"

    def refresh(self) -> None:
        table = self.report("tna")
        layout = clear(self)
        words = self.words["tna"] = tna_words(table)
        layout.addWidget(words_label(words, "Training needs in words"))
        rows = sorted((r for r in table.as_dicts() if r["station"] == ALL), key=lambda r: r["items"])
        if rows:
            chart = bar_chart("Development-plan items by TNA category, whole trust", [r["tna_category"] for r in rows],
                              [("items", [r["items"] for r in rows])], horizontal=True, axis_title="items")
            self.add_chart(layout, chart, "Training needs chart", words, 2, 260)
        view, _ = table_view(table, "Training needs analysis by station and category")
        layout.addWidget(view, 2)
