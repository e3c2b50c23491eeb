"""ESR tab: the appraisal fields HR keys into ESR, and when the next appraisals fall due."""

from __future__ import annotations

from desktop.domain.due import due_by_month
from desktop.hub.report_text import esr_words
from desktop.ui.hub.report_pane import ReportPane, clear, table_view, words_label
from desktop.ui.widgets.charts import bar_chart


class EsrPane(ReportPane):
    name = "esr"

    def refresh(self) -> None:
        table = self.report("esr")
        layout = clear(self)
        words = self.words["esr"] = esr_words(table, self.as_of)
        layout.addWidget(words_label(words, "ESR summary"))
        months, _overdue = due_by_month([r.get("next_appraisal_date") for r in table.as_dicts()], self.as_of)
        if any(n for _, n in months):
            chart = bar_chart("Next appraisals due, by month (the next 12 months)", [m for m, _ in months],
                              [("Staff due", [n for _, n in months])], axis_title="staff")
            self.add_chart(layout, chart, "Next appraisals due chart", words, 1)
        view, _ = table_view(table, "ESR appraisal fields")
        layout.addWidget(view, 1)
