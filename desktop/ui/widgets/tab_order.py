"""Tab order that follows reading order, even for widgets added after the form was built.

Qt puts a new widget at the end of the window's focus chain, so an objective
added half-way down a form would otherwise be reached last.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLayout, QScrollArea, QStackedWidget, QWidget


def _from_layout(layout: QLayout) -> Iterable[QWidget]:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            yield from reading_order(item.widget())
        elif item.layout() is not None:
            yield from _from_layout(item.layout())


def reading_order(widget: QWidget) -> list[QWidget]:
    """Focusable widgets inside `widget`, top to bottom and left to right as laid out."""
    if isinstance(widget, QScrollArea):
        return reading_order(widget.widget()) if widget.widget() else []
    if isinstance(widget, QStackedWidget):
        return [w for i in range(widget.count()) for w in reading_order(widget.widget(i))]
    is_field = isinstance(widget, QAbstractScrollArea) or widget.layout() is None
    if is_field:
        return [widget] if widget.focusPolicy() & Qt.FocusPolicy.TabFocus else []
    return list(_from_layout(widget.layout()))


def chain(widgets: Iterable[QWidget]) -> None:
    """Make Tab visit `widgets` in the given order."""
    ordered = list(widgets)
    for first, second in zip(ordered, ordered[1:]):
        QWidget.setTabOrder(first, second)
