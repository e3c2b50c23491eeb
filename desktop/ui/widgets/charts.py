"""Small QtCharts for the home page. Every chart sits above a sentence that gives its figures in
words, bars carry their values as labels, and nothing is told by colour alone."""

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
        chart = _chart(title)
        bar_set = QBarSet(title)
        bar_set.setColor(NHS_BLUE)
        bar_set.append(list(values))
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(list(labels) if horizontal else initials(labels))
        _small(categories)
        amounts = QValueAxis()
        amounts.setRange(0, max(list(values) + [1]) * 1.25)
        amounts.setLabelFormat("%d")
        amounts.setTickCount(3)
        _small(amounts)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(amounts, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(amounts)
        self.view.setChart(chart)
