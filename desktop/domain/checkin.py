"""Regular check-ins between EADRs, their actions, and the person's health and wellbeing plan.

A check-in is logged in a minute: a date, a kind, a few lines and the actions agreed (each with an owner
and a due date). Open actions show on Home; the next EADR's performance section lists the check-ins and
actions since the last EADR as evidence. The wellbeing plan is the NHS health and wellbeing conversation's
personal plan, kept per person and reviewed at the next check-in. Check-ins, their actions and the plan
stay in the workspace: none of them travels in a bundle, and the plan's private notes are held like an
EADR's private notes (in subject access, never printed unless asked).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from desktop.domain.errors import EadrError
from desktop.domain.dates import uk
from desktop.domain.labels import LabelledEnum

NOTES_MAX = 2000


class CheckinKind(LabelledEnum):
    ONE_TO_ONE = "one_to_one", "One-to-one"
    SUPERVISION = "supervision", "Supervision"
    WELLBEING = "wellbeing", "Wellbeing check-in"


class CheckinInvalid(EadrError, ValueError):
    """A check-in that cannot be saved: the message names the field and what to do."""

    def __init__(self, message: str, field_name: str):
        super().__init__(message)
        self.field_name = field_name


@dataclass(frozen=True)
class CheckinAction:
    action: str
    owner: str                  # "Staff member", "Manager" or a name
    due_on: date | None = None
    done_on: date | None = None
    id: str | None = None
    staff_id: str = ""
    checkin_id: str = ""

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    def overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today

    def reminder(self, today: date) -> str:
        """For Home's to-do line, the urgent part first so a narrow list never cuts it off."""
        if self.overdue(today):
            assert self.due_on is not None
            when = f"overdue since {uk(self.due_on)}"
        else:
            when = f"due {uk(self.due_on)}" if self.due_on else "no due date"
        return f"action {when}: {self.action} ({self.owner})"

    def words(self, today: date) -> str:
        """The action as a line: what, who, when, and whether it is overdue, in words."""
        due = ""
        if self.due_on is not None:
            due = f", due {uk(self.due_on)}"
            if self.overdue(today):
                days = (today - self.due_on).days
                due += f" (overdue by {days} day{'s' if days != 1 else ''})"
        done = f", done {uk(self.done_on)}" if self.done_on else ""
        return f"{self.action} — {self.owner}{due}{done}"


@dataclass(frozen=True)
class Checkin:
    staff_id: str
    held_on: date
    kind: CheckinKind
    notes: str = ""
    actions: tuple[CheckinAction, ...] = ()
    plan_reviewed: bool = False
    id: str | None = None

    def checked(self, today: date) -> Checkin:
        """Tidied, or CheckinInvalid naming the first problem."""
        if self.held_on > today:
            raise CheckinInvalid(f"The date {uk(self.held_on)} is in the future; log a check-in once it has "
                                 "happened.", "held_on")
        if len(self.notes) > NOTES_MAX:
            raise CheckinInvalid(f"The notes are {len(self.notes):,} characters; a check-in is a few lines "
                                 f"(up to {NOTES_MAX:,}).", "notes")
        actions = []
        for n, a in enumerate(self.actions, 1):
            text, owner = " ".join(a.action.split()), " ".join(a.owner.split())
            if not text:
                raise CheckinInvalid(f"Action {n} has no words: say what will be done, or remove it.", "actions")
            if not owner:
                raise CheckinInvalid(f"Action {n} has no owner: say who will do it.", "actions")
            actions.append(replace(a, action=text, owner=owner))
        return replace(self, notes=self.notes.strip(), actions=tuple(actions))


# The NHS health and wellbeing conversation's personal plan, in the areas it suggests.
PLAN_AREAS: tuple[tuple[str, str], ...] = (
    ("keeps_well", "What helps me stay well at work"),
    ("affects", "What can affect my wellbeing, and signs others might notice"),
    ("support", "Support I would like (including flexible working)"),
    ("actions", "What we agreed to do"),
)


@dataclass(frozen=True)
class WellbeingPlan:
    staff_id: str
    areas: dict[str, str] = field(default_factory=dict)
    private_notes: str = ""          # held like an EADR's private notes: never in a bundle
    review_by: date | None = None
    updated_on: date | None = None
    reviewed_on: date | None = None

    @property
    def is_empty(self) -> bool:
        return not any(v.strip() for v in self.areas.values()) and not self.private_notes.strip()

    def review_due(self, today: date) -> bool:
        return self.review_by is not None and self.review_by <= today


def evidence_window(signed_eadrs: list[date], held_on: date | None) -> tuple[date | None, date | None]:
    """(since, until) for an EADR's evidence: from the EADR signed before it (none: from the start) up to
    the day it was held (an open one: up to now)."""
    earlier = sorted(d for d in signed_eadrs if held_on is None or d < held_on)
    return (earlier[-1] if earlier else None), held_on


@dataclass(frozen=True)
class Evidence:
    """Check-ins and their actions since the last EADR, for the next EADR's performance section."""
    since: date | None
    checkins: tuple[Checkin, ...]

    def up_to(self, until: date | None) -> Evidence:
        return self if until is None else Evidence(self.since, tuple(c for c in self.checkins if c.held_on <= until))

    def lines(self, today: date) -> list[str]:
        out = []
        for c in self.checkins:
            notes = " ".join(c.notes.split())
            head = f"{uk(c.held_on)} {c.kind.label}" + (f": {notes}" if notes else "")
            out.append(head)
            out += [f"    • {a.words(today)}" for a in c.actions]
        return out
