"""Leadership (360) tab: colleagues' average ratings by role group and dimension, only where enough leaders
contribute; otherwise how many leaders had a 360, by role group."""

from __future__ import annotations

from desktop.domain.leadership import HUB_MIN_CONTRIBUTORS
from desktop.hub.report_text import group_name, leadership_words
from desktop.ui.hub.report_pane import ReportPane, clear, table_view, words_label
from desktop.ui.widgets.charts import bar_chart


class LeadershipPane(ReportPane):
    name = "leadership"

    def refresh(self) -> None:
        table = self.report("leadership")
        layout = clear(self)
        words = self.words["leadership"] = leadership_words(table)
        rows = table.as_dicts()
        shown = [g for g in dict.fromkeys(r["role_group"] for r in rows)
                 if any(r["average"] is not None for r in rows if r["role_group"] == g)]
        chart = None
        if shown:
            dimensions = list(dict.fromkeys(r["dimension"] for r in rows))
            average = {(r["role_group"], r["dimension"]): r["average"] for r in rows}
            series = [(group_name(g), [average[(g, d)] or 0 for d in dimensions]) for g in shown]
            chart = bar_chart("360 feedback: average as colleagues rated each dimension (1 never – 5 always), "
                              f"role groups where {HUB_MIN_CONTRIBUTORS} or more leaders contribute",
                              [d.replace(" ", "<br>", 1) for d in dimensions], series, maximum=5,
                              axis_title="average rating")   # two lines each, so no name is cut short
        elif any(r["leaders_with_360"] for r in rows):   # no chart of nothing before any round arrives
            groups = list(dict.fromkeys(r["role_group"] for r in rows))
            had = {r["role_group"]: r["leaders_with_360"] for r in rows}
            chart = bar_chart(f"Leaders who had 360 feedback, by role group (no averages: fewer than "
                              f"{HUB_MIN_CONTRIBUTORS} leaders' results in any group)", [group_name(g) for g in groups],
                              [("Leaders", [had[g] for g in groups])], axis_title="leaders")
        if chart is not None:
            self.add_chart(layout, chart, "360 feedback chart", words, 2)
        layout.addWidget(words_label(words, "360 feedback in words"))
        view, _ = table_view(table, "360 feedback by role group and dimension")
        layout.addWidget(view, 1)
