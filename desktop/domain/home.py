"""What needs the manager today: reminders (the lines under Home's "To do") and the team-at-a-glance figures,
as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.domain.cpd import ActivityType
from desktop.domain.labels import LabelledEnum
from desktop.domain.training import TrainingState


class ReminderKind(LabelledEnum):
    """In the order a manager would deal with them."""

    CLOCK = "clock", "Check the PC's clock"
    EADR_OVERDUE = "eadr_overdue", "EADR overdue"
    SIGN_OFF = "sign_off", "Sign-off waiting"
    IN_PROGRESS = "in_progress", "Conversation in progress"
    WELLBEING_REVIEW = "wellbeing_review", "Wellbeing review due"
    CHECKIN_ACTION = "checkin_action", "Check-in actions open"
    EADR_DUE = "eadr_due", "EADR due soon"
    NO_RECORD = "no_record", "No EADR recorded"
    TRAINING = "training", "Training"
    REFLECTION = "reflection", "CPD waiting for reflection"
    SYNC = "sync", "Not yet sent to HR"
    HR_REVIEW = "hr_review", "Reviewed by HR"


class Target(LabelledEnum):
    """Where a reminder opens."""

    CONVERSATION = "conversation", "the conversation"
    TRAINING = "training", "their training"
    CPD = "cpd", "their CPD log"
    PERSON = "person", "their details"
    SYNC = "sync", "sync"
    CLOCK = "clock", "how to put it right"


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    text: str
    staff_id: str | None = None
    target: Target = Target.PERSON
    on: date | None = None          # the date that makes it urgent, for ordering


@dataclass(frozen=True)
class MonthFigure:
    month: date                      # the first of the month
    value: float


@dataclass
class Glance:
    active_staff: int = 0
    in_date_now: int = 0             # active staff whose EADR is in date (Due.in_date)
    compliance_months: list[MonthFigure] = field(default_factory=list)   # % in date at each month end
    wellbeing_months: list[MonthFigure] = field(default_factory=list)    # conversations with a wellbeing check-in
    cpd_hours: dict[ActivityType, float] = field(default_factory=dict)
    cpd_since: date | None = None
    training: dict[TrainingState, int] = field(default_factory=dict)     # person-course pairs by state

    @property
    def compliance_now(self) -> int | None:
        return round(100 * self.in_date_now / self.active_staff) if self.active_staff else None


@dataclass
class HomeSummary:
    reminders: list[Reminder]
    glance: Glance

    def counts(self) -> dict[ReminderKind, int]:
        result = {kind: 0 for kind in ReminderKind}
        for reminder in self.reminders:
            result[reminder.kind] += 1
        return result


def month_starts(today: date, months: int = 12) -> list[date]:
    """The first day of each of the last `months` months, oldest first, ending with this month."""
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(starts))
