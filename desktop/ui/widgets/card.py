"""A centred white card for the welcome and unlock screens."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget


def centre_card(page: QWidget, card: QFrame) -> None:
    """Centre `card` on `page` with stretches, not an alignment flag: a widget added
    with an alignment gets its size hint, so wrapped labels inside it are clipped."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card)
    row.addStretch(1)
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
