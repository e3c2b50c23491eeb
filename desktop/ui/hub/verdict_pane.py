"""Staff views tab: appraisal quality as staff experienced it, by station and quarter, beside HR's dip-sample
score, and staff's comments (opened only with HR's key)."""

from __future__ import annotations

from desktop.hub.report_text import verdict_comments_heading, verdict_words
from desktop.hub.reports import ALL, Table
from desktop.ui.hub.report_pane import ReportPane, clear, table_view, words_label
from desktop.ui.widgets.charts import bar_chart


class VerdictPane(ReportPane):
    name = "staff-verdict"

    def refresh(self) -> None:
        table = self.report("staff-verdict")
        layout = clear(self)
        words = self.words["staff-verdict"] = verdict_words(table)
        layout.addWidget(words_label(words, "Staff views in words"))
        trust = [r for r in table.as_dicts() if r["station"] == ALL]
        if any(r["staff_view_pct"] is not None or r["hr_score_avg"] is not None for r in trust):
            chart = bar_chart("Appraisal quality by quarter, whole trust: staff who agreed their EADR helped "
                              "(average of the four questions) and HR's dip-sample score (%)", [r["quarter"] for r in trust],
                              [("Staff views (% agreeing)", [r["staff_view_pct"] or 0 for r in trust]),
                               ("HR's dip-sample score", [r["hr_score_avg"] or 0 for r in trust])],
                              maximum=100, label_format="@value%", axis_title="average %")
            self.add_chart(layout, chart, "Staff views by quarter chart", words, 2)
        view, _ = table_view(table, "Staff views by station and quarter")
        layout.addWidget(view, 2)
        comments = self.tables["staff-verdict-comments"] = Table(
            "staff_verdict_comments", ["station", "quarter", "comment"], [list(c) for c in self.hub.verdict_comments()])
        layout.addWidget(words_label(verdict_comments_heading(len(comments.rows)), "Staff comments heading"))
        view, _ = table_view(comments, "Staff comments, read only by HR")
        layout.addWidget(view, 1)
