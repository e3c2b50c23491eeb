"""QtCharts for Home's cards and the hub's reports (one bar-chart builder for both). Every chart sits beside a
sentence that gives its figures in words, bars carry their values as labels, and nothing is told by colour alone."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries, QLineSeries, QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

NHS_BLUE = QColor("#005EB8")


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def initials(labels: Sequence[str]) -> list[str]:
    """First letters ('J', 'F', 'M'…) so twelve months fit a small chart. A category axis needs unique
    names, so repeats carry invisible zero-width spaces."""
    return [label[:1] + "\u200b" * i for i, label in enumerate(labels)]


def _small(axis) -> None:
    font = QFont(axis.labelsFont())
    font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
    axis.setLabelsFont(font)


class ChartCard(QWidget):
    """A chart with its figures in words underneath (the accessible description too)."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(150)
        self.view.setAccessibleName(accessible_name)
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.words)

    def set_words(self, text: str) -> None:
        self.words.setText(text)
        self.view.setAccessibleDescription(text)

    def line(self, title: str, labels: Sequence[str], values: Sequence[float], y_max: float, suffix: str) -> None:
        chart = _chart(title)
        series = QLineSeries()
        series.setPen(QPen(NHS_BLUE, 2.5))
        series.setPointsVisible(True)
        for i, value in enumerate(values):
            series.append(QPointF(i, value))
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(initials(labels))
        _small(x)
        y = QValueAxis()
        y.setRange(0, y_max)
        y.setLabelFormat("%d" + suffix)
        y.setTickCount(3)
        _small(y)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)
        x_values = QValueAxis()   # the line is placed by index; the category axis shows the months
        x_values.setRange(-0.5, len(values) - 0.5)
        x_values.setVisible(False)
        chart.addAxis(x_values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x_values)
        self.view.setChart(chart)

    def bars(self, title: str, labels: Sequence[str], values: Sequence[float], horizontal: bool = False) -> None:
        self.view.setChart(bar_chart(title, labels, [(title, values)], horizontal=horizontal, compact=True))


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *,
              horizontal: bool = False, maximum: float | None = None, label_format: str = "@value",
              axis_title: str = "", compact: bool = False) -> QChart:
    """The one bar-chart builder: one or more named series of bars, each bar with its value printed on it and a
    legend when there is more than one series. `compact` is a Home card's style (small type, initials under
    upright bars, three ticks); otherwise a full-page report chart (the hub's) with a titled value axis running
    to `maximum`, or to whole-number ticks above the tallest bar."""
    chart = _chart(title) if compact else QChart()
    if not compact:
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setVisible(len(series) > 1)
    bars = QHorizontalBarSeries() if horizontal else QBarSeries()
    for name, values in series:
        bar_set = QBarSet(name)
        if compact:
            bar_set.setColor(NHS_BLUE)
        bar_set.append(list(values))
        bars.append(bar_set)
    bars.setLabelsVisible(True)
    bars.setLabelsFormat(label_format)
    bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd if compact else
                           QBarSeries.LabelsPosition.LabelsInsideEnd)
    chart.addSeries(bars)
    categories = QBarCategoryAxis()
    categories.append(initials(labels) if compact and not horizontal else list(labels))
    amounts = QValueAxis()
    amounts.setLabelFormat("%d")
    tallest = max((v for _, values in series for v in values), default=0)
    if compact:
        amounts.setRange(0, max(tallest, 1) * 1.25)
        amounts.setTickCount(3)
        _small(categories)
        _small(amounts)
    else:
        amounts.setRange(0, maximum or tallest * (1.1 if horizontal else 1.2) or 1)
        amounts.setTitleText(axis_title)
        if not horizontal:
            amounts.setTickCount(6)
        if horizontal or maximum is None:
            amounts.applyNiceNumbers()      # whole-number ticks
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(amounts, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(categories)
    bars.attachAxis(amounts)
    return chart


def chart_view(chart: QChart, minimum_height: int) -> QChartView:
    """A full-size chart in a view of its own, drawn smoothly."""
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(minimum_height)
    return view
