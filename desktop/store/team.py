"""Facts about each staff member for the team table, computed in one pass of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.conversation import Kind, Status
from desktop.domain.due import Due, next_eadr_due
from desktop.domain.staff import Staff
from desktop.domain.trust import TrustProfile
from desktop.store.conversation_repo import ConversationRepository


@dataclass(frozen=True)
class StaffFacts:
    due: Due
    last_eadr: date | None = None
    open_conversation: tuple[Kind, Status] | None = None

    def open_text(self) -> str:
        if self.open_conversation is None:
            return ""
        kind, status = self.open_conversation
        return f"{kind.label}: {status.label.lower()}"


def team_facts(repo: ConversationRepository, people: list[Staff], profile: TrustProfile,
               today: date) -> dict[str, StaffFacts]:
    last = repo.last_signed_eadr_dates()
    open_ = repo.open_statuses()
    facts = {}
    for person in people:
        assert person.id is not None
        facts[person.id] = StaffFacts(
            due=next_eadr_due(last.get(person.id), person.start_date, today, profile.eadr_interval_months,
                              profile.due_soon_days),
            last_eadr=last.get(person.id), open_conversation=open_.get(person.id))
    return facts
