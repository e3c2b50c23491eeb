"""Talent tab: the trust's talent pipeline (anonymised: groups under 3 merged) and the named talent pool."""

from __future__ import annotations

from desktop.hub.report_text import talent_words
from desktop.hub.reports import ALL
from desktop.ui.hub.report_pane import ReportPane, clear, table_view, words_label
from desktop.ui.widgets.charts import bar_chart

_BARS = (("Ready now", "ready_now"), ("Ready in 1–2 years", "ready_1_2_years"),
         ("Not at this time", "not_at_this_time"), ("Leadership: interested", "leadership_yes"),
         ("Leadership: maybe later", "leadership_maybe"))[::-1]   # first category at the bottom


class TalentPane(ReportPane):
    name = "talent"

    def refresh(self) -> None:
        table = self.report("talent")
        pool = self.report("talent-pool")
        layout = clear(self)
        words = self.words["talent"] = talent_words(table, pool)
        trust = next((r for r in table.as_dicts() if r["station"] == ALL), None)
        if trust is not None:   # trust-wide only: never finer than the anonymised table gives
            chart = bar_chart(f"Talent pipeline, whole trust ({trust['people']:,} people with a talent "
                              "conversation)", [b[0] for b in _BARS], [("people", [trust[b[1]] for b in _BARS])],
                              horizontal=True, axis_title="people")
            self.add_chart(layout, chart, "Talent pipeline chart", words, 2, 260)
        layout.addWidget(words_label(words, "Talent pipeline in words"))
        view, _ = table_view(table, "Talent pipeline by station, role and band")
        layout.addWidget(view, 2)
        view, _ = table_view(pool, "Talent pool: people who agreed to be put forward")
        layout.addWidget(view, 1)
