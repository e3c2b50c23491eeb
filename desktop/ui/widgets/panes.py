"""The main-plus-side-panel arrangement used by the team and conversation pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget


def main_with_side(main: QWidget, side: QWidget, sizes: tuple[int, int]) -> QSplitter:
    """A splitter giving `main` three parts of extra width to the side's one; neither collapses."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(main)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes(list(sizes))
    return splitter
