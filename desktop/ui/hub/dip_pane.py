"""Dip sample tab: signed EADRs drawn at random for HR to check, by a seed HR can quote, and the quality of
appraisals by quarter (the stations' own checklist score beside HR's)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.hub.report_text import dip_words, quality_words
from desktop.hub.service import Hub
from desktop.ui.hub.report_pane import ReportPane, clear, table_view, words_label
from desktop.ui.widgets.charts import bar_chart


class DipPane(ReportPane):
    name = "dip"

    def __init__(self, hub: Hub, as_of: date, parent: QWidget | None = None):
        super().__init__(hub, as_of, parent)
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(2026)
        self.seed.setAccessibleName("Dip sample seed")
        self.per_station = QSpinBox()
        self.per_station.setRange(1, 50)
        self.per_station.setValue(5)
        self.per_station.setAccessibleName("EADRs sampled per station")
        bar = QHBoxLayout()   # seed and sample size stay put; only the sample below them is redrawn
        for text, widget in (("&Seed", self.seed), ("EADRs &per station", self.per_station)):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        self.draw_button = QPushButton("Draw the s&ample")
        self.draw_button.clicked.connect(lambda _=False: self.refresh())
        bar.addWidget(self.draw_button)
        bar.addStretch(1)
        self.layout().addLayout(bar)
        self.body = QWidget()
        QVBoxLayout(self.body).setContentsMargins(0, 0, 0, 0)
        self.layout().addWidget(self.body, 1)

    def refresh(self) -> None:
        table = self.report("dip", seed=self.seed.value(), per_station=self.per_station.value())
        quality = self.report("dip-quality")
        layout = clear(self.body)
        words = self.words["dip"] = dip_words(table, quality)
        self.words["dip-quality"] = quality_words(quality)
        layout.addWidget(words_label(words, "Dip sample summary"))
        rows = [r for r in quality.as_dicts() if r["station_score_avg"] is not None or r["hr_score_avg"] is not None]
        if rows:
            chart = bar_chart("Appraisal quality by quarter, whole trust: stations' own checklist score and HR's "
                              "score of the records it reviewed (average %)", [r["quarter"] for r in rows],
                              [("Stations' own score", [r["station_score_avg"] or 0 for r in rows]),
                               ("HR's score", [r["hr_score_avg"] or 0 for r in rows])],
                              maximum=100, label_format="@value%", axis_title="average %")
            self.add_chart(layout, chart, "Appraisal quality by quarter chart", self.words["dip-quality"], 1)
        view, _ = table_view(table, "Dip sample")
        layout.addWidget(view, 1)
