"""Facts about each staff member for the team table, computed in one pass of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop.domain.conversation import Kind, Status
from desktop.domain.dates import financial_year_start
from desktop.domain.due import Due, next_eadr_due
from desktop.domain.staff import Staff
from desktop.domain.training import Course, TrainingSummary, summarise
from desktop.store.workspace import Workspace


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


def prior_appraisal(person: Staff, earlier: dict[str, date]) -> date | None:
    """The latest appraisal before this app: from the person's details (ESR or typed in) or an EADR signed at
    another station that HR sent when they moved here."""
    dates = [d for d in (person.prior_appraisal, earlier.get(person.assignment_number)) if d is not None]
    return max(dates, default=None)


def team_facts(ws: Workspace, people: Iterable[Staff], today: date,
               courses: list[Course] | None = None) -> dict[str, StaffFacts]:
    """EADR due dates, open conversations, CPD hours and training for `people`."""
    people = list(people)
    only = [p.id or "" for p in people] if len(people) < 50 else None
    conversations = ws.conversations()
    profile = ws.profile()
    last = conversations.last_signed_eadr_dates()
    earlier = conversations.earlier_eadr_dates()
    open_ = conversations.open_statuses()
    hours = ws.cpd().team_hours(financial_year_start(today), only)
    training = ws.training()
    courses = courses if courses is not None else training.courses()
    latest = training.latest(only)
    facts = {}
    cutoffs: dict = {}
    for person in people:
        assert person.id is not None
        cpd_hours, waiting = hours.get(person.id, (0.0, 0))
        facts[person.id] = StaffFacts(
            due=next_eadr_due(last.get(person.id), person.start_date, today, profile.eadr_interval_months,
                              profile.due_soon_days, prior_appraisal(person, earlier), person.next_appraisal),
            last_eadr=last.get(person.id), open_conversation=open_.get(person.id),
            cpd_hours=cpd_hours, cpd_waiting=waiting,
            training=summarise(courses, person.role, latest.get(person.id, {}), today, cutoffs))
    return facts
