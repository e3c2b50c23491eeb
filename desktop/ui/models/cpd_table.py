"""Table models for CPD entries and training status: rows in, formatted cells out."""

from __future__ import annotations

from datetime import date

from desktop.domain.cpd import SHORT_LABELS, CpdEntry, hours_text
from desktop.domain.dates import uk
from desktop.domain.training import STATE_ORDER, CourseStatus, TrainingState
from desktop.ui.models.object_table import Column, ObjectTableModel

_WARN = {TrainingState.EXPIRED: "#B00020", TrainingState.NEVER: "#B00020", TrainingState.EXPIRING: "#8A5300"}


class CpdTableModel(ObjectTableModel[CpdEntry]):
    def __init__(self, parent=None):
        super().__init__([
            Column("Date", lambda e: e.dates_text(uk), sort_key=lambda e: e.start_date),
            Column("Type", lambda e: SHORT_LABELS[e.activity_type], tooltip=lambda e: e.activity_type.label),
            Column("Activity", lambda e: e.title, tooltip=lambda e: e.provider),
            Column("Hours", lambda e: hours_text(e.hours), sort_key=lambda e: e.hours, align_right=True),
            Column("Reflection", lambda e: "To add" if e.waiting_for_reflection else "Written",
                   foreground=lambda e: "#8A5300" if e.waiting_for_reflection else None),
            Column("Evidence", lambda e: f"{len(e.evidence)} file{'s' if len(e.evidence) != 1 else ''}"
                   if e.evidence else ("Noted" if e.evidence_note.strip() else "None"),
                   tooltip=lambda e: e.evidence_note),
        ], parent, search_extra=lambda e: f"{e.provider} {e.description}")

    def row_of_id(self, entry_id: str) -> int:
        return self.row_of(lambda e: e.id == entry_id)


class TrainingTableModel(ObjectTableModel[CourseStatus]):
    def __init__(self, parent=None):
        super().__init__([
            Column("Course", lambda s: s.course.title, tooltip=lambda s: s.course.code),
            Column("Renewal", lambda s: s.course.renewal_text()),
            Column("Status", lambda s: s.text(), sort_key=lambda s: (STATE_ORDER.index(s.state),
                                                                     s.expires_on or date.max),
                   foreground=lambda s: _WARN.get(s.state)),   # the words say it too
            Column("Last done", lambda s: uk(s.completed_on, "Never"), sort_key=lambda s: s.completed_on or date.min),
        ], parent)
