"""The team table's columns."""

from __future__ import annotations

from desktop.domain.dates import uk
from desktop.domain.staff import BANDS, Staff, StaffStatus
from desktop.ui.models.object_table import Column, ObjectTableModel

NOT_YET = "—"
_NOT_YET_TIPS = {
    "eadr": "Shown once EADR conversations are recorded in this workspace",
    "cpd": "Shown once CPD entries are recorded in this workspace",
    "training": "Shown once training records are kept in this workspace",
}


def _band_key(staff: Staff) -> int:
    return BANDS.index(staff.band) if staff.band in BANDS else -1


def _status_text(staff: Staff) -> str:
    if staff.status is StaffStatus.LEAVER:
        return f"Leaver ({uk(staff.leaving_date)})" if staff.leaving_date else "Leaver"
    return "Active"


STAFF_COLUMNS: list[Column[Staff]] = [
    Column("Name", lambda s: f"{s.last_name}, {s.preferred_name or s.first_name}",
           sort_key=lambda s: s.sort_name,
           tooltip=lambda s: f"{s.first_name} {s.last_name}"
           + (f" (known as {s.preferred_name})" if s.preferred_name else "")),
    Column("Assignment no.", lambda s: s.assignment_number),
    Column("Role", lambda s: s.role.label, tooltip=lambda s: s.job_title),
    Column("Band", lambda s: (s.band or NOT_YET).replace("Band ", ""), sort_key=_band_key),
    Column("Next EADR", lambda s: NOT_YET, tooltip=lambda s: _NOT_YET_TIPS["eadr"], searchable=False,
           header_tip="When the next EADR is due"),
    Column("CPD hours", lambda s: NOT_YET, tooltip=lambda s: _NOT_YET_TIPS["cpd"],
           align_right=True, searchable=False, header_tip="CPD hours logged this year"),
    Column("Training", lambda s: NOT_YET, tooltip=lambda s: _NOT_YET_TIPS["training"], searchable=False,
           header_tip="Mandatory and statutory training status"),
    Column("Status", _status_text),
]


class StaffTableModel(ObjectTableModel[Staff]):
    def __init__(self, parent=None):
        super().__init__(STAFF_COLUMNS, parent, search_extra=lambda s: " ".join(
            (s.job_title, s.first_name, s.preferred_name, s.email, s.hcpc_number)))
        self.set_muted(lambda s: not s.is_active)

    def replace_staff(self, staff: Staff) -> None:
        self.replace_object(staff, staff, lambda a, b: a.id == b.id)

    def row_of_id(self, staff_id: str) -> int:
        return self.row_of(lambda s: s.id == staff_id)
