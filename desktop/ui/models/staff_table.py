"""The team table's columns. Due dates and open conversations come from `StaffFacts`."""

from __future__ import annotations

from datetime import date

from desktop.domain.cpd import hours_text
from desktop.domain.dates import uk
from desktop.domain.due import DueState
from desktop.domain.staff import BANDS, Staff, StaffStatus
from desktop.domain.training import TrainingState
from desktop.domain.team import StaffFacts
from desktop.ui.models.object_table import Column, ObjectTableModel

NOT_YET = "—"
_FAR_FUTURE = date(9999, 12, 31)


def _band_key(staff: Staff) -> int:
    return BANDS.index(staff.band) if staff.band in BANDS else -1




class StaffTableModel(ObjectTableModel[Staff]):
    def __init__(self, parent=None):
        self.facts: dict[str, StaffFacts] = {}
        super().__init__(self._columns(), parent, search_extra=lambda s: " ".join(
            (s.job_title, s.first_name, s.preferred_name, s.email, s.hcpc_number)))
        self.set_muted(lambda s: not s.is_active)

    def _fact(self, s: Staff) -> StaffFacts | None:
        return self.facts.get(s.id or "")

    def _due_text(self, s: Staff) -> str:
        fact = self._fact(s)
        if fact is None or not s.is_active:
            return NOT_YET
        return fact.due.text()

    def _due_tip(self, s: Staff) -> str:
        fact = self._fact(s)
        if fact is None:
            return ""
        last = f"Last signed EADR {uk(fact.last_eadr)}" if fact.last_eadr else "No signed EADR in this app yet"
        if s.prior_appraisal:
            last += f"; last appraisal before this app {uk(s.prior_appraisal)}"
        if s.next_appraisal:
            last += f"; ESR's next appraisal date {uk(s.next_appraisal)}"
        if fact.due.first and fact.due.on:
            last += " (a starter: first EADR due a year after starting)"
        elif fact.due.on is None:
            last += " (add their last appraisal in their details, or start an EADR)"
        return f"{last}." + (f" {fact.open_text()}." if fact.open_conversation else "")

    def _due_key(self, s: Staff) -> tuple[int, date]:
        fact = self._fact(s)
        if fact is None or fact.due.on is None or not s.is_active:
            return (1, _FAR_FUTURE)
        return (0, fact.due.on)

    def _columns(self) -> list[Column[Staff]]:
        return [
            Column("Name", lambda s: f"{s.last_name}, {s.preferred_name or s.first_name}",
                   sort_key=lambda s: s.sort_name,
                   tooltip=lambda s: f"{s.first_name} {s.last_name}"
                   + (f" (known as {s.preferred_name})" if s.preferred_name else "")),
            Column("Assignment", lambda s: s.assignment_number, header_tip="ESR assignment number"),
            Column("Role", lambda s: s.role.label, tooltip=lambda s: s.job_title),
            Column("Band", lambda s: (s.band or NOT_YET).replace("Band ", ""), sort_key=_band_key),
            Column("Next EADR", self._due_text, sort_key=self._due_key, tooltip=self._due_tip,
                   foreground=self._due_colour,
                   header_tip="When the next EADR is due: overdue, due soon (within 30 days) or the date"),
            Column("CPD h", self._cpd_text, sort_key=lambda s: self._fact(s).cpd_hours if self._fact(s) else -1,
                   tooltip=self._cpd_tip, align_right=True, searchable=False,
                   header_tip="CPD hours logged since 1 April (this financial year)"),
            Column("Training", self._training_text, sort_key=self._training_key, searchable=False,
                   foreground=self._training_colour, tooltip=self._training_tip,
                   header_tip="Mandatory and statutory training: expired, never done, expiring within 60 days"),
            Column("Status", self._status_text),
        ]

    def _cpd_text(self, s: Staff) -> str:
        fact = self._fact(s)
        return hours_text(fact.cpd_hours) if fact else NOT_YET

    def _cpd_tip(self, s: Staff) -> str:
        fact = self._fact(s)
        if fact is None or not fact.cpd_waiting:
            return ""
        return f"{fact.cpd_waiting} CPD entr{'ies' if fact.cpd_waiting != 1 else 'y'} waiting for reflection"

    def _training_text(self, s: Staff) -> str:
        fact = self._fact(s)
        return fact.training.text() if fact and fact.training and s.is_active else NOT_YET

    def _training_key(self, s: Staff) -> tuple[int, ...]:
        fact = self._fact(s)
        return fact.training.sort_key() if fact and fact.training and s.is_active else (1,)

    def _training_tip(self, s: Staff) -> str:
        fact = self._fact(s)
        if fact is None or fact.training is None:
            return ""
        return f"{fact.training.required} courses apply to this role. Open the person's CPD and training to see each."

    def _training_colour(self, s: Staff) -> str | None:
        fact = self._fact(s)
        worst = fact.training.worst if fact and fact.training and s.is_active else None
        return {TrainingState.EXPIRED: "#B00020", TrainingState.NEVER: "#B00020",
                TrainingState.EXPIRING: "#8A5300"}.get(worst)  # type: ignore[arg-type]  # words say it too

    def _status_text(self, staff: Staff) -> str:
        if staff.status is StaffStatus.LEAVER:
            return f"Leaver ({uk(staff.leaving_date)})" if staff.leaving_date else "Leaver"
        fact = self._fact(staff)
        return f"Active · {fact.open_text()}" if fact and fact.open_conversation else "Active"

    def _due_colour(self, s: Staff) -> str | None:
        state = self.due_state(s) if s.is_active else None
        return {DueState.OVERDUE: "#B00020", DueState.DUE_SOON: "#8A5300"}.get(state)  # words say it too

    def set_team(self, people: list[Staff], facts: dict[str, StaffFacts]) -> None:
        self.facts = facts
        self.set_rows(people)

    def due_state(self, s: Staff) -> DueState | None:
        fact = self._fact(s)
        return fact.due.state if fact else None

    def replace_staff(self, staff: Staff) -> None:
        self.replace_object(staff, staff, lambda a, b: a.id == b.id)

    def row_of_id(self, staff_id: str) -> int:
        return self.row_of(lambda s: s.id == staff_id)
