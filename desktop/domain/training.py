"""Mandatory and statutory training: a catalogue of courses with renewal periods, and each
person's status per course (in date, expiring within 60 days, expired, never done)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.dates import uk
from desktop.domain.due import add_months, earliest_base
from desktop.domain.labels import LabelledEnum
from desktop.domain.staff import Role

EXPIRING_DAYS = 60


class TrainingState(LabelledEnum):
    EXPIRED = "expired", "Expired"
    NEVER = "never", "Never done"
    EXPIRING = "expiring", "Expiring soon"
    IN_DATE = "in_date", "In date"


_SHORT = {TrainingState.EXPIRED: "expired", TrainingState.NEVER: "never done", TrainingState.EXPIRING: "expiring"}
# Worst first: the order a manager wants to read them in.
STATE_ORDER = (TrainingState.EXPIRED, TrainingState.NEVER, TrainingState.EXPIRING, TrainingState.IN_DATE)


@dataclass(frozen=True)
class Course:
    code: str
    title: str
    renewal_months: int | None = None          # None: done once, never expires
    applies_to: frozenset[Role] = frozenset()  # empty: everyone
    id: str | None = None

    def applies(self, role: Role) -> bool:
        return not self.applies_to or role in self.applies_to

    def expiry(self, completed_on: date) -> date | None:
        return add_months(completed_on, self.renewal_months) if self.renewal_months else None

    def renewal_text(self) -> str:
        if not self.renewal_months:
            return "Once"
        if self.renewal_months % 12 == 0:
            years = self.renewal_months // 12
            return "Every year" if years == 1 else f"Every {years} years"
        return f"Every {self.renewal_months} months"


@dataclass(frozen=True)
class CourseStatus:
    course: Course
    state: TrainingState
    completed_on: date | None = None
    expires_on: date | None = None

    def text(self) -> str:
        """Words, never colour alone: 'Expired 03/02/2026', 'In date until 01/09/2027'."""
        if self.state is TrainingState.NEVER:
            return "Never done"
        if self.expires_on is None:
            return f"Done {uk(self.completed_on)}"
        if self.state is TrainingState.EXPIRED:
            return f"Expired {uk(self.expires_on)}"
        if self.state is TrainingState.EXPIRING:
            return f"Expires {uk(self.expires_on)}"
        return f"In date until {uk(self.expires_on)}"


def course_status(course: Course, completed_on: date | None, today: date,
                  expiring_days: int = EXPIRING_DAYS) -> CourseStatus:
    """Status from the latest completion; expiry follows the course's renewal period."""
    if completed_on is None:
        return CourseStatus(course, TrainingState.NEVER)
    expires = course.expiry(completed_on)
    if expires is None:
        state = TrainingState.IN_DATE
    elif expires < today:
        state = TrainingState.EXPIRED
    elif expires <= today + timedelta(days=expiring_days):
        state = TrainingState.EXPIRING
    else:
        state = TrainingState.IN_DATE
    return CourseStatus(course, state, completed_on, expires)


@dataclass(frozen=True)
class TrainingSummary:
    """One person's training at a glance, for the team table."""

    counts: Counter[TrainingState]
    required: int

    @property
    def worst(self) -> TrainingState | None:
        return next((s for s in STATE_ORDER if self.counts[s]), None)

    def text(self) -> str:
        """'2 expired · 1 never done', 'All 15 in date', with the expiring ones called due."""
        if not self.required:
            return "None required"
        parts = [f"{self.counts[s]} {_SHORT[s]}" for s in STATE_ORDER[:3] if self.counts[s]]
        return " · ".join(parts) if parts else f"All {self.required} in date"

    def sort_key(self) -> tuple[int, ...]:
        """Worst first when sorted ascending."""
        return tuple(-self.counts[s] for s in STATE_ORDER[:3])


@dataclass(frozen=True)
class Cutoffs:
    """For one course on one day: completions before `expired_before` have expired, before
    `expiring_before` expire within the window (ISO strings, so a team's dates compare as stored)."""

    expired_before: str
    expiring_before: str

    @classmethod
    def of(cls, course: Course, today: date, expiring_days: int = EXPIRING_DAYS) -> Cutoffs:
        if not course.renewal_months:
            return cls("", "")   # done once: any completion is in date for good
        return cls(earliest_base(today, course.renewal_months).isoformat(),
                   earliest_base(today + timedelta(days=expiring_days + 1), course.renewal_months).isoformat())

    def state(self, completed_on: str | None) -> TrainingState:
        if completed_on is None:
            return TrainingState.NEVER
        if completed_on < self.expired_before:
            return TrainingState.EXPIRED
        if completed_on < self.expiring_before:
            return TrainingState.EXPIRING
        return TrainingState.IN_DATE


def summarise(courses: list[Course], role: Role, latest: dict[str, str], today: date,
              cutoffs: dict[str, Cutoffs] | None = None) -> TrainingSummary:
    """`latest` maps course id → latest completion (ISO) for one person. Pass the same `cutoffs`
    dict when summarising a whole team, so each course's cut-off dates are worked out once."""
    if cutoffs is None:
        cutoffs = {}
    counts: Counter[TrainingState] = Counter()
    required = 0
    for course in courses:
        if not course.applies(role):
            continue
        required += 1
        key = course.id or course.code
        if key not in cutoffs:
            cutoffs[key] = Cutoffs.of(course, today)
        counts[cutoffs[key].state(latest.get(key))] += 1
    return TrainingSummary(counts, required)
