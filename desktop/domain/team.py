"""What the team views show for each person beside their details: due dates, the open conversation,
CPD hours and training, worked out in the store (store/team.py) and shown by the UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.conversation import Kind, Status
from desktop.domain.due import Due
from desktop.domain.training import TrainingSummary


@dataclass(frozen=True)
class StaffFacts:
    due: Due
    last_eadr: date | None = None
    open_conversation: tuple[Kind, Status] | None = None
    cpd_hours: float = 0.0              # this financial year
    cpd_waiting: int = 0                # entries waiting for reflection
    training: TrainingSummary | None = None

    def open_text(self) -> str:
        if self.open_conversation is None:
            return ""
        kind, status = self.open_conversation
        return f"{kind.label}: {status.label.lower()}"
