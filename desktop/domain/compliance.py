"""Appraisal and training compliance for a team: the one rule the station's Home and team pages and
HR's hub report all use, so a station and HR always quote the same figure for the same people.

Who counts: current staff (not leavers) who have started by the day of the figure.

Appraisal: `Due.in_date` of desktop.domain.due.next_eadr_due (the interval after the later of the last
EADR signed in the app and the last appraisal before it, ESR's next date respected until one is signed
here). A new starter whose first EADR is not yet due is in date; someone with no appraisal on record
("No EADR recorded") cannot be shown to be in date and is not. Training: of every course that applies to the person's role, those not yet expired
(in date or expiring soon) are in date (desktop.domain.training.summarise).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.due import Due, next_eadr_due
from desktop.domain.staff import Role
from desktop.domain.training import Course, Cutoffs, TrainingState, TrainingSummary, summarise

IN_DATE_STATES = (TrainingState.IN_DATE, TrainingState.EXPIRING)


def appraisal_in_date(due: Due) -> bool:
    """The appraisal half of the rule, from a person's due date."""
    return due.in_date


def counts(start_date: date | None, today: date, leaving_date: date | None = None, active: bool = True) -> bool:
    """Whether a person is in the figures on `today`: current staff who have started."""
    if not active or (leaving_date is not None and leaving_date < today):
        return False
    return start_date is None or start_date <= today


@dataclass
class TeamFigures:
    """A team's (or a station's, or the trust's) compliance figures."""

    staff: int = 0
    appraisal_in_date: int = 0
    first_not_yet_due: int = 0        # new starters in date because their first EADR is not yet due
    no_date: int = 0                  # neither an EADR nor a start date
    training_required: int = 0
    training_in_date: int = 0
    training: Counter[TrainingState] = field(default_factory=Counter)

    def add(self, due: Due, training: TrainingSummary | None) -> None:
        self.staff += 1
        if appraisal_in_date(due):
            self.appraisal_in_date += 1
            self.first_not_yet_due += due.first
        elif due.on is None:
            self.no_date += 1
        if training is not None:
            self.training.update(training.counts)
            self.training_required += training.required
            self.training_in_date += sum(training.counts[s] for s in IN_DATE_STATES)

    def merge(self, other: TeamFigures) -> None:
        self.staff += other.staff
        self.appraisal_in_date += other.appraisal_in_date
        self.first_not_yet_due += other.first_not_yet_due
        self.no_date += other.no_date
        self.training_required += other.training_required
        self.training_in_date += other.training_in_date
        self.training.update(other.training)

    @property
    def appraisal_pct(self) -> float | None:
        return round(100 * self.appraisal_in_date / self.staff, 1) if self.staff else None

    @property
    def training_pct(self) -> float | None:
        return round(100 * self.training_in_date / self.training_required, 1) if self.training_required else None


@dataclass(frozen=True)
class PersonRecord:
    """What the rule needs to know about one person, however it was stored."""

    role: Role
    start_date: date | None
    last_signed: date | None
    latest: dict[str, str]            # course id → latest completion (ISO)
    prior_appraisal: date | None = None   # last appraisal before this app (details, or an EADR at another station)
    next_appraisal: date | None = None    # ESR's next appraisal date, if imported


def team_figures(people: Iterable[PersonRecord], courses: list[Course], today: date, interval_months: int = 12,
                 soon_days: int = 30) -> TeamFigures:
    """Figures for people already chosen by `counts`."""
    figures = TeamFigures()
    cutoffs: dict[str, Cutoffs] = {}
    for person in people:
        due = next_eadr_due(person.last_signed, person.start_date, today, interval_months, soon_days,
                            person.prior_appraisal, person.next_appraisal)
        figures.add(due, summarise(courses, person.role, person.latest, today, cutoffs))
    return figures


def role_of(value: str) -> Role:
    """A stored role; one this version does not know counts as "other", as at the station."""
    return Role._value2member_map_.get(value, Role.OTHER)  # type: ignore[return-value]
