"""EADR conversations and their lighter siblings: what is recorded, and the rules for it.

Wellbeing detail is special-category data: `private_notes` never leaves the
workspace, and a wellbeing action reaches HR only when `share_with_hr` is set
with the staff member's agreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from desktop.domain.labels import LabelledEnum
from desktop.domain.errors import EadrError


class Kind(LabelledEnum):
    EADR = "eadr", "EADR"
    INTERIM = "interim", "Interim review"
    WELLBEING = "wellbeing", "Wellbeing check-in"

    @property
    def noun(self) -> str:
        """As it reads mid-sentence: 'EADR', 'interim review', 'wellbeing check-in'."""
        return self.label if self is Kind.EADR else self.label.lower()


class Section(LabelledEnum):
    WELLBEING = "wellbeing", "Check-in and wellbeing"
    VALUES = "values", "Values"
    PERFORMANCE = "performance", "Performance"
    TALENT = "talent", "Talent"
    DEVELOPMENT = "development", "Development plan"
    SIGNOFF = "signoff", "Summary and sign-off"


# The calm order of a conversation: wellbeing first, agreement last.
SECTIONS: dict[Kind, tuple[Section, ...]] = {
    Kind.EADR: tuple(Section),
    Kind.INTERIM: (Section.WELLBEING, Section.PERFORMANCE, Section.DEVELOPMENT, Section.SIGNOFF),
    Kind.WELLBEING: (Section.WELLBEING, Section.SIGNOFF),
}


class Status(LabelledEnum):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_SIGNOFF = "awaiting_signoff", "Awaiting sign-off"
    SIGNED_OFF = "signed_off", "Signed off"


class Outcome(LabelledEnum):
    NOT_REVIEWED = "", "Not reviewed yet"
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NO_LONGER_RELEVANT = "no_longer_relevant", "No longer relevant"


class Readiness(LabelledEnum):
    UNSET = "", "Not discussed"
    READY_NOW = "ready_now", "Ready now"
    ONE_TWO_YEARS = "one_two_years", "Ready in 1–2 years"
    NOT_AT_THIS_TIME = "not_at_this_time", "Not at this time"


class ItemStatus(LabelledEnum):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


@dataclass(frozen=True)
class TalentChoice:
    """One answer to a talent question: the words on screen and on paper, and one line saying what it means."""

    value: str
    label: str
    description: str


# The growth placement is something the manager and the staff member agree together, in words rather
# than a grade. The stored values ("low", "moderate", "high") are kept so older records still read.
TALENT_INTRO = ("Agree these together. They describe where the person is now and what would help them grow; "
                "they are not a grade, and there is no wrong answer. Growing in the current role counts as "
                "much as moving on.")
NOT_DISCUSSED = "Not talked about yet"
TALENT_POOL_CONSENT = "I agree to be put forward for HR's talent pool"
IMPACT_QUESTION = "How the role is going now"
GROWTH_QUESTION = "Appetite to grow"
READINESS_QUESTION = "Timing of a next step"
IMPACT_CHOICES: tuple[TalentChoice, ...] = (
    TalentChoice("", NOT_DISCUSSED, "Leave this until you have talked it through together."),
    TalentChoice("low", "Finding their feet", "New to the role, or through a hard patch: support comes first."),
    TalentChoice("moderate", "Doing the role well", "Safe, reliable and valued by patients and colleagues."),
    TalentChoice("high", "Making a wider difference", "Lifts the people around them and shapes how the station "
                 "works."),
)
GROWTH_CHOICES: tuple[TalentChoice, ...] = (
    TalentChoice("", NOT_DISCUSSED, "Leave this until you have talked it through together."),
    TalentChoice("low", "Settled and deepening", "Content in this role for now, building skill and confidence "
                 "in it."),
    TalentChoice("moderate", "Ready to stretch", "Would welcome new responsibilities or skills in the next year "
                 "or two."),
    TalentChoice("high", "Keen to grow further", "Has the appetite for a bigger or different role."),
)
READINESS_CHOICES: tuple[TalentChoice, ...] = (
    TalentChoice(Readiness.UNSET.value, NOT_DISCUSSED, "Leave this until you have talked it through together."),
    TalentChoice(Readiness.READY_NOW.value, Readiness.READY_NOW.label,
                 "Could take a next step as soon as the right one comes up."),
    TalentChoice(Readiness.ONE_TWO_YEARS.value, Readiness.ONE_TWO_YEARS.label,
                 "A next step makes sense once this year's development plan is under way."),
    TalentChoice(Readiness.NOT_AT_THIS_TIME.value, Readiness.NOT_AT_THIS_TIME.label,
                 "The focus is on the current role for now, and that is a good place to be."),
)


def talent_label(choices: tuple[TalentChoice, ...], value: str) -> str:
    """The words for a stored talent answer; blank when it was not talked about."""
    return next((c.label for c in choices if c.value == value and value), "")


class RecordLocked(EadrError):
    """A signed-off record is read-only; reopen it (with a reason) to change it."""


@dataclass(frozen=True)
class WellbeingAction:
    text: str
    share_with_hr: bool = False  # only with the staff member's agreement


@dataclass(frozen=True)
class Wellbeing:
    held_on: date | None = None
    held_by: str = ""             # blank: this manager
    topics: tuple[str, ...] = ()
    actions: tuple[WellbeingAction, ...] = ()
    next_review: date | None = None


@dataclass(frozen=True)
class Talent:
    aspirations: str = ""
    impact: str = ""
    growth: str = ""
    readiness: Readiness = Readiness.UNSET
    leadership_interest: str = ""   # "", "yes", "maybe", "no"
    leadership_notes: str = ""
    mobility: str = ""
    # The staff member's own consent to be named in HR's talent pool; without it HR sees them only in counts.
    talent_pool_consent: bool = False


@dataclass(frozen=True)
class Objective:
    title: str
    measure: str = ""
    target_date: date | None = None
    priority: str = ""
    outcome: Outcome = Outcome.NOT_REVIEWED
    evidence: str = ""
    review: bool = False          # carried forward from the previous EADR to be reviewed
    carried_from: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class DevelopmentItem:
    need: str
    tna_category: str = ""
    action: str = ""
    support: str = ""
    target_date: date | None = None
    status: ItemStatus = ItemStatus.NOT_STARTED
    estimated_hours: float | None = None   # study or release time, where recorded, for the TNA
    estimated_cost: float | None = None    # pounds, where recorded
    id: str | None = None


def parse_amount(text: str, what: str, money: bool = False) -> float | None:
    """'7.5', '£350', '1,200' → a number; blank → None. Raises ValueError with words for the person typing."""
    cleaned = text.strip().replace(",", "").removeprefix("£").strip() if money else text.strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        example = "for example 350 or £350" if money else "for example 7.5"
        raise ValueError(f"'{text.strip()}' is not {what}: type a number, {example}") from None
    if value < 0 or value != value or value > 1_000_000:
        raise ValueError(f"{what.capitalize()} must be between 0 and 1,000,000")
    return value


class PayStep(LabelledEnum):
    NOT_DUE = "", "No pay step due now"
    CONFIRMED = "confirmed", "Progression confirmed"
    NOT_YET = "not_yet", "Not yet confirmed"


PAY_PROGRESSION_HINT = (
    "Agenda for Change pay progression: at a pay step, confirm it when the appraisal is complete (within the "
    "last 12 months), statutory and mandatory training is in date, and no formal capability or disciplinary "
    "process is live. If not yet, record why, and revisit it.")


@dataclass(frozen=True)
class PayProgression:
    """The manager's pay-progression confirmation, recorded in the EADR when the person's pay step is due;
    HR keys it into ESR."""

    outcome: PayStep = PayStep.NOT_DUE
    reason: str = ""

    def problem(self) -> str | None:
        if self.outcome is PayStep.NOT_YET and not self.reason.strip():
            return "Give the reason pay progression is not yet confirmed (it is kept, and revisited)."
        return None


@dataclass(frozen=True)
class SignOff:
    staff_name: str = ""
    staff_agreed: bool = False
    staff_comments: str = ""
    staff_signed_on: date | None = None
    on_paper: bool = False
    manager_name: str = ""
    manager_signed_on: date | None = None

    @property
    def staff_signed(self) -> bool:
        return self.staff_signed_on is not None and (self.on_paper or (self.staff_agreed and bool(self.staff_name)))

    @property
    def manager_signed(self) -> bool:
        return self.manager_signed_on is not None and bool(self.manager_name)


@dataclass(frozen=True)
class Conversation:
    staff_id: str
    kind: Kind = Kind.EADR
    status: Status = Status.PLANNED
    wellbeing: Wellbeing = field(default_factory=Wellbeing)
    private_notes: str = ""
    values: dict[str, str] = field(default_factory=dict)
    talent: Talent = field(default_factory=Talent)
    objectives: tuple[Objective, ...] = ()
    development: tuple[DevelopmentItem, ...] = ()
    summary: str = ""
    signoff: SignOff = field(default_factory=SignOff)
    pay: PayProgression = field(default_factory=PayProgression)
    quality_score: int | None = None
    current_section: str = ""
    id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    change_seq: int = 0

    @property
    def sections(self) -> tuple[Section, ...]:
        return SECTIONS[self.kind]

    @property
    def read_only(self) -> bool:
        return self.status is Status.SIGNED_OFF

    @property
    def review_objectives(self) -> tuple[Objective, ...]:
        return tuple(o for o in self.objectives if o.review)

    @property
    def new_objectives(self) -> tuple[Objective, ...]:
        return tuple(o for o in self.objectives if not o.review)

    @property
    def held_on(self) -> date | None:
        """The date the conversation counts from: the staff member's signature, else the wellbeing date."""
        return self.signoff.staff_signed_on or self.wellbeing.held_on

    def with_changes(self, **changes: object) -> Conversation:
        return replace(self, **changes)  # type: ignore[arg-type]

    def after_edit(self) -> Conversation:
        """Editing a planned conversation starts it."""
        return replace(self, status=Status.IN_PROGRESS) if self.status is Status.PLANNED else self

    def signed(self) -> Conversation:
        """Signed off once both people have signed; otherwise unchanged."""
        if self.signoff.staff_signed and self.signoff.manager_signed:
            return replace(self, status=Status.SIGNED_OFF)
        return self
