"""The fields a CPD entry and a quick capture share: the activity type and the hours."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from desktop.domain.cpd import MAX_HOURS, ActivityType
from desktop.ui.widgets.forms import compact


def activity_type_combo() -> QComboBox:
    """The HCPC's five activity types; the item data is the stored value (Qt hands str-enums back as str)."""
    combo = compact(QComboBox(), 16)
    for kind in ActivityType:
        combo.addItem(kind.label, kind.value)
    return combo


def hours_field(value: float = 0.0) -> QDoubleSpinBox:
    hours = QDoubleSpinBox()
    hours.setRange(0, MAX_HOURS)
    hours.setDecimals(1)
    hours.setSingleStep(0.5)
    hours.setSuffix(" h")
    hours.setValue(value)
    return hours
