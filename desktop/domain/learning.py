"""The team's learning at a glance, as the Learning page shows it: CPD hours by type, entries waiting for
reflection and training status per course (gathered in store/learning.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.cpd import ActivityType, CpdEntry
from desktop.domain.staff import Staff
from desktop.domain.training import Course, CourseStatus, TrainingState


@dataclass(frozen=True)
class CourseLine:
    course: Course
    counts: Counter[TrainingState]

    @property
    def required(self) -> int:
        return sum(self.counts.values())

    def in_date_percent(self) -> int | None:
        ok = self.counts[TrainingState.IN_DATE] + self.counts[TrainingState.EXPIRING]
        return round(100 * ok / self.required) if self.required else None


@dataclass(frozen=True)
class TeamLearning:
    since: date
    hours_by_type: dict[ActivityType, float]
    waiting: list[tuple[Staff, CpdEntry]]
    courses: list[CourseLine]
    needing_action: list[tuple[Staff, CourseStatus]] = field(default_factory=list)
    active_staff: int = 0

    @property
    def total_hours(self) -> float:
        return sum(self.hours_by_type.values())

    def training_counts(self) -> Counter[TrainingState]:
        total: Counter[TrainingState] = Counter()
        for line in self.courses:
            total.update(line.counts)
        return total
